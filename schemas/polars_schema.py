"""Polars schemas and empty frames generated from the Pandera models."""

import polars as pl

from schemas import TABLES


def polars_schema(table: str) -> pl.Schema:
    """The exact Polars dtypes of a table, in declared column order."""
    columns = TABLES[table].to_schema().columns
    return pl.Schema({name: col.dtype.type for name, col in columns.items()})


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(table))
