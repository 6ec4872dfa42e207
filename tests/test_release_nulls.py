"""Nulls in nullable integer columns pass frictionless; nulls in required columns still fail.

frictionless reads Parquet through pandas, which turns a null in an integer column into a NaN
float (and, once a row mixes column kinds, a fresh float rather than the `np.nan` object its
parser recognises); the generated field descriptors must make that a missing value.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from kronika.release.contract import Column, contract_from_schemas
from kronika.release.package import field_descriptor
from kronika.release.verify import check_frictionless

IDS = [f"{n:016x}" for n in (1, 2, 3)]


def _columns(table: str) -> dict[str, Column]:
    return {c.name: c for c in contract_from_schemas()[table].columns}


def _check(folder: Path, columns: list[Column], values: list[list[object]]) -> list[str]:
    """Write one Parquet table with these contract columns and validate it with frictionless."""
    frame = pl.DataFrame(
        {c.name: v for c, v in zip(columns, values, strict=True)},
        schema={c.name: c.dtype for c in columns},
    )
    frame.write_parquet(folder / "t.parquet")
    schema = {"fields": [field_descriptor(c) for c in columns]}
    resource = {"name": "t", "path": "t.parquet", "format": "parquet", "schema": schema}
    path = folder / "datapackage.json"
    path.write_text(json.dumps({"name": "t", "resources": [resource]}))
    return check_frictionless(path)


@pytest.mark.parametrize(
    ("table", "key", "required", "nullable"),
    [
        ("quotes", "quote_id", "start", "cue_start"),
        ("quotes", "quote_id", "end", "speaker_end"),
        ("events", "event_id", "trigger_start", "actor_start"),
        ("events", "event_id", "sentence_idx", "date_end"),
    ],
)
def test_nullable_integer_nulls_are_missing_values(
    tmp_path: Path, table: str, key: str, required: str, nullable: str
) -> None:
    cols = _columns(table)
    columns = [cols[key], cols[required], cols[nullable]]
    assert cols[nullable].nullable and not cols[required].nullable
    assert _check(tmp_path, columns, [IDS, [0, 5, 9], [3, None, 7]]) == []


def test_nulls_in_a_required_integer_column_still_fail(tmp_path: Path) -> None:
    cols = _columns("quotes")
    columns = [cols["quote_id"], cols["start"], cols["cue_start"]]
    problems = _check(tmp_path, columns, [IDS, [0, None, 9], [3, None, 7]])
    assert problems == [
        'frictionless: constraint-error constraint "required" is "True" (row 3, field start)'
    ]
