"""Contract of the `events` table: one row per PLOVER-coded event mention (docs/events.md)."""

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
MODALITIES = ["asserted", "planned", "negated", "hypothetical", "reported"]
DATE_PRECISIONS = ["day", "week", "month", "quarter", "year", "decade"]


class Event(KronikaModel):
    event_id: str = pa.Field(str_matches=HEX16, unique=True, description="Stable id of the event.")
    article_id: str = pa.Field(str_matches=HEX16, description="Article the event is in.")
    sentence_idx: int = pa.Field(ge=0, description="Sentence holding the trigger.")
    trigger: str = pa.Field(description="Trigger word(s) as written.")
    trigger_start: int = pa.Field(ge=0, description="Start offset of the trigger.")
    trigger_end: int = pa.Field(ge=1, description="End offset of the trigger (exclusive).")
    plover_type: str = pa.Field(isin=PLOVER_TYPES, description="PLOVER event type.")
    plover_mode: str = pa.Field(
        nullable=True,
        description="PLOVER mode of the type where the trigger shows it (e.g. `visit`).",
    )
    cameo_root: str = pa.Field(
        nullable=True, str_matches=r"^[0-9]{2}$", description="CAMEO root code (crosswalk)."
    )
    modality: str = pa.Field(
        isin=MODALITIES,
        description=(
            "Event modality: `asserted` (happened/happens), `planned` (future, intended, expected),"
            " `negated`, `hypothetical` (conditional, possible) or `reported` (inside a quote or"
            " reported speech)."
        ),
    )
    actor_entity_id: str = pa.Field(nullable=True, description="Entity doing the action.")
    actor_start: int = pa.Field(
        nullable=True, ge=0, description="Start offset of the actor's evidence mention."
    )
    actor_end: int = pa.Field(
        nullable=True, ge=1, description="End offset (exclusive) of the actor's evidence mention."
    )
    target_entity_id: str = pa.Field(nullable=True, description="Entity the action is aimed at.")
    target_start: int = pa.Field(
        nullable=True, ge=0, description="Start offset of the target's evidence mention."
    )
    target_end: int = pa.Field(
        nullable=True, ge=1, description="End offset (exclusive) of the target's evidence mention."
    )
    location_entity_id: str = pa.Field(nullable=True, description="Where it happened.")
    location_start: int = pa.Field(
        nullable=True, ge=0, description="Start offset of the location's evidence mention."
    )
    location_end: int = pa.Field(
        nullable=True,
        ge=1,
        description="End offset (exclusive) of the location's evidence mention.",
    )
    date_raw: str = pa.Field(
        nullable=True, description="Date expression as written (null when the sentence has none)."
    )
    date_start: int = pa.Field(nullable=True, ge=0, description="Start offset of `date_raw`.")
    date_end: int = pa.Field(nullable=True, ge=1, description="End offset of `date_raw`.")
    date_resolved: dt.date = pa.Field(nullable=True, description="Resolved calendar date.")
    date_precision: str = pa.Field(
        nullable=True,
        isin=DATE_PRECISIONS,
        description="Precision of `date_resolved` (the first day of the week/month/... it names).",
    )
    date_note: str = pa.Field(
        nullable=True,
        description=(
            "Why the date is what it is: `publication_date` (no date in the sentence, the"
            " article's date is used), `anchored_on_event` (raw kept, unresolved),"
            " `no_publication_date` (relative date, article undated), `approximate` (a vague"
            " period such as *in the coming weeks*), `unparsed`."
        ),
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
