"""datapackage.json and DATA_DICTIONARY.md, generated from the table contracts."""

from __future__ import annotations

from typing import Any

from kronika.release.contract import Column, Contract, TableContract, frictionless_type
from kronika.release.sources import LICENSES, datapackage_sources

# How a null in a nullable integer column reaches frictionless: it reads Parquet through
# pandas, where an int64 column with nulls becomes float64 and each null a NaN cell (str "nan").
# Its pandas parser turns only the `np.nan` object itself into a missing cell, not the fresh NaN
# floats a row mixing column kinds hands over, so without this the nulls fail as
# `type-error "integer/default"`. A Parquet integer column holds no NaN: "nan" is only a null.
NULLABLE_INTEGER_MISSING_VALUES = ["", "nan"]


def table_file(table: str) -> str:
    """Path of a table's Parquet file inside a release."""
    return f"{table}.parquet"


def field_descriptor(col: Column) -> dict[str, Any]:
    desc: dict[str, Any] = {
        "name": col.name,
        "type": frictionless_type(col.dtype),
        "description": col.description,
        "kronika:dtype": col.dtype_name,
    }
    if col.nullable and desc["type"] == "integer":
        desc["missingValues"] = list(NULLABLE_INTEGER_MISSING_VALUES)
    constraints: dict[str, Any] = {}
    if not col.nullable:
        constraints["required"] = True
    if col.enum:
        constraints["enum"] = list(col.enum)
    if col.pattern and desc["type"] == "string":
        constraints["pattern"] = col.pattern
    if constraints:
        desc["constraints"] = constraints
    return desc


def table_schema(table: TableContract) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [field_descriptor(c) for c in table.columns]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": col, "reference": {"resource": ref_table, "fields": ref_col}}
            for col, (ref_table, ref_col) in table.foreign_keys.items()
        ]
    return schema


def datapackage(
    contract: Contract, version: str, rows: dict[str, int], hashes: dict[str, str]
) -> dict[str, Any]:
    """A Frictionless Data Package describing the release's tables."""
    resources = []
    for name, table in contract.items():
        path = table_file(name)
        resources.append(
            {
                "name": name,
                "path": path,
                "type": "table",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": table.description,
                "hash": f"sha256:{hashes[path]}",
                "schema": table_schema(table),
                "kronika:rows": rows[name],
            }
        )
    return {
        "name": "kronika",
        "title": "Kronika: entities, quotes and events from news text",
        "description": (
            "Articles, sentences, named-entity mentions, canonical entities, quotes and PLOVER "
            "events extracted from Latvian and English news, with character offsets into the "
            "original-language text. See README.md and DATA_DICTIONARY.md."
        ),
        "version": version,
        "licenses": LICENSES,
        "sources": datapackage_sources(),
        "resources": resources,
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _constraints_text(col: Column) -> str:
    parts = []
    if col.enum:
        parts.append("one of " + ", ".join(f"`{v}`" for v in col.enum))
    if col.pattern:
        parts.append(f"matches `{col.pattern}`")
    return "; ".join(parts)


def table_dictionary(table: TableContract) -> list[str]:
    lines = [f"## `{table.name}`", "", table.description, ""]
    lines.append(f"- File: `{table_file(table.name)}`")
    lines.append(f"- Primary key: {', '.join(f'`{c}`' for c in table.primary_key) or 'none'}")
    for col, (ref_table, ref_col) in table.foreign_keys.items():
        lines.append(f"- Foreign key: `{col}` → `{ref_table}.{ref_col}`")
    lines += ["", "| column | type | null | description | constraints |", "|---|---|---|---|---|"]
    for col in table.columns:
        null = "yes" if col.nullable else "no"
        lines.append(
            f"| `{col.name}` | `{col.dtype_name}` | {null} | {_cell(col.description)} "
            f"| {_cell(_constraints_text(col))} |"
        )
    return [*lines, ""]


def data_dictionary(contract: Contract, schema_version: str, version: str | None = None) -> str:
    """DATA_DICTIONARY.md: every table and column, generated from the Pandera models."""
    title = f"# Kronika data dictionary (schema {schema_version}"
    title += f", release {version})" if version else ")"
    lines = [
        title,
        "",
        "Generated from the Pandera models in `schemas/`; do not edit by hand. Types are Polars",
        "dtypes (`String` = UTF-8, `Datetime(..., 'UTC')` = timestamp with time zone UTC).",
        "Offsets are Unicode code points into `articles.text`, end-exclusive.",
        "",
    ]
    for table in contract.values():
        lines += table_dictionary(table)
    return "\n".join(lines)
