"""`kronika docs`: the generated docs (docs/DATA_DICTIONARY.md from the schemas)."""

from __future__ import annotations

import typer


def docs(
    check: bool = typer.Option(False, help="Fail if the committed docs differ; write nothing."),
) -> None:
    """Regenerate docs/DATA_DICTIONARY.md.

    The data dictionary is generated from the Pandera models in schemas/.
    """
    from kronika.docs import DICTIONARY_PATH, render_data_dictionary

    text = render_data_dictionary()
    if check:
        current = DICTIONARY_PATH.read_text(encoding="utf-8") if DICTIONARY_PATH.exists() else ""
        if current != text:
            typer.echo(f"{DICTIONARY_PATH} is out of date: run `kronika docs`", err=True)
            raise typer.Exit(code=1)
        return
    DICTIONARY_PATH.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {DICTIONARY_PATH}")
