"""Table contracts as a release sees them, generated from the Pandera models in `schemas/`.

Everything a release says about a table's shape (Frictionless Table Schema, data dictionary,
expected Parquet schema, compatibility with the previous release) comes from here, so no
table shape is ever written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import polars as pl

from schemas import SCHEMA_VERSION, TABLE_META, KronikaModel

__all__ = [
    "SCHEMA_VERSION",
    "Column",
    "Contract",
    "TableContract",
    "contract_from_schemas",
    "frictionless_type",
]


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType
    description: str
    nullable: bool
    enum: tuple[str, ...] | None = None
    pattern: str | None = None

    @property
    def dtype_name(self) -> str:
        """The Polars dtype as a stable string; what releases record and compare."""
        return str(self.dtype)


@dataclass(frozen=True)
class TableContract:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The Pandera model validates rows before release; None for hand-made test contracts.
    model: type[KronikaModel] | None = None

    @property
    def schema(self) -> pl.Schema:
        return pl.Schema({c.name: c.dtype for c in self.columns})

    def without_column(self, name: str) -> TableContract:
        """A copy with one column dropped (used to model schema changes in tests)."""
        cols = tuple(c for c in self.columns if c.name != name)
        return replace(self, columns=cols, model=None)


# Table name -> contract, in release order.
Contract = dict[str, TableContract]


def _checks(col: object) -> tuple[tuple[str, ...] | None, str | None]:
    """Pull the `isin` and `str_matches` checks out of a Pandera column, for the docs."""
    enum, pattern = None, None
    for check in getattr(col, "checks", []):
        stats = getattr(check, "statistics", {}) or {}
        if check.name == "isin":
            enum = tuple(str(v) for v in stats.get("allowed_values", []))
        elif check.name == "str_matches":
            pattern = str(stats.get("pattern"))
    return enum, pattern


def table_contract(name: str) -> TableContract:
    meta = TABLE_META[name]
    columns = []
    for col_name, col in meta.model.to_schema().columns.items():
        enum, pattern = _checks(col)
        columns.append(
            Column(
                name=col_name,
                dtype=col.dtype.type,
                description=col.description or "",
                nullable=bool(col.nullable),
                enum=enum,
                pattern=pattern,
            )
        )
    return TableContract(
        name=name,
        description=meta.description,
        columns=tuple(columns),
        primary_key=tuple(meta.primary_key),
        foreign_keys=dict(meta.foreign_keys),
        model=meta.model,
    )


def contract_from_schemas() -> Contract:
    return {name: table_contract(name) for name in TABLE_META}


def frictionless_type(dtype: pl.DataType) -> str:
    """Table Schema type of a Polars dtype.

    List columns are declared `any`: frictionless reads Parquet through pandas, which hands
    list cells over as numpy arrays that its `array` type rejects. The exact type is kept in
    the field's `kronika:dtype` property and checked by `kronika verify`.
    """
    if dtype == pl.String:
        return "string"
    if dtype.is_integer():
        return "integer"
    if dtype.is_float():
        return "number"
    if dtype == pl.Boolean:
        return "boolean"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if dtype == pl.Date:
        return "date"
    return "any"
