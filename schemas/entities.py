from typing import Annotated

import pandera.polars as pa
import polars as pl

from schemas.base import KronikaModel, TableMeta, run_id_field
from schemas.mentions import MENTION_LABELS


class Entity(KronikaModel):
    entity_id: str = pa.Field(
        unique=True,
        description=(
            "Stable id: `Q…` Wikidata id when linked, else `k:` + 16 hex digits of "
            "sha256(label + TAB + normalised canonical name); see docs/entities.md."
        ),
    )
    canonical_name: str = pa.Field(
        description=(
            "Preferred name (base form): `name_en` when known, else the name that defines a "
            "`k:` id, else `name_lv`; see docs/entities.md."
        )
    )
    name_lv: str = pa.Field(
        nullable=True,
        description=(
            "Latvian name: the most frequent base form in Latvian articles (a `k:` id's own "
            "name first), else the lexicon's Latvian name; null if neither."
        ),
    )
    name_en: str = pa.Field(
        nullable=True,
        description=(
            "English name: the most frequent base form in English articles (a `k:` id's own "
            "name first), else the lexicon's English name; null if neither."
        ),
    )
    label: str = pa.Field(isin=MENTION_LABELS, description="Entity type.")
    wikidata_id: str = pa.Field(
        nullable=True, str_matches=r"^Q[0-9]+$", description="Wikidata QID when linked, else null."
    )
    aliases: Annotated[pl.List, pl.Utf8] = pa.Field(
        description="Other names and spellings seen for the entity (sorted, distinct)."
    )
    n_mentions: int = pa.Field(ge=0, description="Number of mentions linked to the entity.")
    n_articles: int = pa.Field(ge=0, description="Number of articles mentioning the entity.")
    first_seen: pl.Datetime("us", "UTC") = pa.Field(
        nullable=True, description="Earliest publication (or ingest) time of a mentioning article."
    )
    last_seen: pl.Datetime("us", "UTC") = pa.Field(
        nullable=True, description="Latest publication (or ingest) time of a mentioning article."
    )
    run_id: str = run_id_field()


META = TableMeta(
    model=Entity,
    description=(
        "One row per canonical entity (a real-world thing), aggregated over its mentions."
    ),
    primary_key=["entity_id"],
)
