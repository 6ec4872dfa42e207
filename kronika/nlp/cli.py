"""CLI commands of the NLP pipelines: train, eval, bench (filled by the NLP work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
