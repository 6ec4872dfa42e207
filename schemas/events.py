import datetime as dt

import pandera.polars as pa
import polars as pl

from schemas.base import (
    HEX16,
    KronikaModel,
    TableMeta,
    extractor_field,
    extractor_version_field,
    run_id_field,
)

PLOVER_TYPES = [
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
    "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
    "OTHER",
]  # fmt: skip


class Event(KronikaModel):
    event_id: str = pa.Field(str_matches=HEX16, unique=True, description="Stable id of the event.")
    article_id: str = pa.Field(str_matches=HEX16, description="Article the event is in.")
    sentence_idx: int = pa.Field(ge=0, description="Sentence holding the trigger.")
    trigger: str = pa.Field(description="Trigger word(s) as written.")
    trigger_start: int = pa.Field(ge=0, description="Start offset of the trigger.")
    trigger_end: int = pa.Field(ge=1, description="End offset of the trigger (exclusive).")
    plover_type: str = pa.Field(isin=PLOVER_TYPES, description="PLOVER event type.")
    cameo_root: str = pa.Field(
        nullable=True, str_matches=r"^[0-9]{2}$", description="CAMEO root code (crosswalk)."
    )
    modality: str = pa.Field(
        isin=["asserted", "planned", "negated", "hypothetical"], description="Event modality."
    )
    actor_entity_id: str = pa.Field(nullable=True, description="Entity doing the action.")
    target_entity_id: str = pa.Field(nullable=True, description="Entity the action is aimed at.")
    location_entity_id: str = pa.Field(nullable=True, description="Where it happened.")
    date_raw: str = pa.Field(nullable=True, description="Date expression as written.")
    date_resolved: dt.date = pa.Field(nullable=True, description="Resolved calendar date.")
    date_precision: str = pa.Field(
        nullable=True, isin=["day", "month", "year"], description="Precision of `date_resolved`."
    )
    confidence: float = pa.Field(
        in_range={"min_value": 0.0, "max_value": 1.0}, description="Extractor confidence."
    )
    extractor: str = extractor_field()
    extractor_version: str = extractor_version_field()
    run_id: str = run_id_field()

    @pa.dataframe_check(name="trigger_start_before_end")
    def trigger_order(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("trigger_start") < pl.col("trigger_end"))


META = TableMeta(
    model=Event,
    description=("Who did what to whom, where and when: one row per event, coded with PLOVER."),
    primary_key=["event_id"],
    foreign_keys={
        "article_id": ("articles", "article_id"),
    },
)
