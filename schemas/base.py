"""Shared pieces of the table contracts.

Every table is a Pandera ``DataFrameModel`` with ``strict`` columns and a ``description`` on every
field; the data dictionary, ``datapackage.json`` and the empty-frame constructors are generated
from these models, never written by hand.
"""

from dataclasses import dataclass, field

import pandera.polars as pa
import polars as pl

HEX16 = r"^[0-9a-f]{16}$"
HEX64 = r"^[0-9a-f]{64}$"
UTC = pl.Datetime("us", "UTC")


def run_id_field() -> object:
    return pa.Field(
        str_matches=r"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$",
        description="Id of the run that wrote the row (UTC start time plus a random suffix).",
    )


def extractor_field() -> object:
    return pa.Field(description="Name of the component that produced the row, e.g. `ner.spacy`.")


def extractor_version_field() -> object:
    return pa.Field(
        description="Version of that component (code version plus model version where one is used)."
    )


class KronikaModel(pa.DataFrameModel):
    """Base model: strict columns, exact dtypes."""

    class Config:
        strict = True
        coerce = False


@dataclass(frozen=True)
class TableMeta:
    """What a table is, beyond its columns: used for docs, datapackage.json and releases."""

    model: type[KronikaModel]
    description: str
    primary_key: list[str] = field(default_factory=list)
    # column -> (table, column)
    foreign_keys: dict[str, tuple[str, str]] = field(default_factory=dict)


class SpanModel(KronikaModel):
    """A table whose rows carry a `start`/`end` span into `articles.text`."""

    @pa.dataframe_check(name="start_before_end")
    def start_before_end(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("start") < pl.col("end"))
