import pandera.polars as pa

from schemas.base import (
    HEX16,
    SpanModel,
    TableMeta,
    extractor_field,
    extractor_version_field,
    run_id_field,
)

# The one documented label set; corpus mappings live in kronika/labels.py.
MENTION_LABELS = ["PER", "ORG", "GPE", "LOC", "EVENT", "PRODUCT", "MISC"]


class Mention(SpanModel):
    mention_id: str = pa.Field(
        str_matches=HEX16,
        unique=True,
        description="Stable id: sha256 of article_id, start and end (16 hex digits).",
    )
    article_id: str = pa.Field(str_matches=HEX16, description="Article the mention is in.")
    sentence_idx: int = pa.Field(ge=0, description="Sentence (in `sentences`) holding the mention.")
    start: int = pa.Field(ge=0, description="Start offset (code points, inclusive).")
    end: int = pa.Field(ge=1, description="End offset (code points, exclusive).")
    surface: str = pa.Field(
        str_length={"min_value": 1}, description="The mention as written: `text[start:end]`."
    )
    lemma: str = pa.Field(
        description="Base form of the whole name (nominative singular for Latvian).",
    )
    label: str = pa.Field(isin=MENTION_LABELS, description="Entity type; see docs/labels.md.")
    entity_id: str = pa.Field(
        nullable=True, description="Canonical entity of the mention (`entities.entity_id`)."
    )
    confidence: float = pa.Field(
        in_range={"min_value": 0.0, "max_value": 1.0},
        description="Extractor confidence in [0, 1].",
    )
    extractor: str = extractor_field()
    extractor_version: str = extractor_version_field()
    run_id: str = run_id_field()


META = TableMeta(
    model=Mention,
    description=(
        "One row per named-entity mention, with offsets into `articles.text` "
        "(`text[start:end] == surface`)."
    ),
    primary_key=["mention_id"],
    foreign_keys={
        "article_id": ("articles", "article_id"),
        "entity_id": ("entities", "entity_id"),
    },
)
