"""Docs generated from code: the data dictionary comes from the Pandera models."""

from __future__ import annotations

from pathlib import Path

from kronika.release.contract import contract_from_schemas
from kronika.release.package import data_dictionary
from schemas import SCHEMA_VERSION

DICTIONARY_PATH = Path(__file__).resolve().parents[1] / "docs" / "DATA_DICTIONARY.md"


def render_data_dictionary() -> str:
    return data_dictionary(contract_from_schemas(), SCHEMA_VERSION)
