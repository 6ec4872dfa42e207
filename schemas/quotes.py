import pandera.polars as pa

from schemas.base import (
    HEX16,
    SpanModel,
    TableMeta,
    extractor_field,
    extractor_version_field,
    run_id_field,
)


class Quote(SpanModel):
    quote_id: str = pa.Field(str_matches=HEX16, unique=True, description="Stable id of the quote.")
    article_id: str = pa.Field(str_matches=HEX16, description="Article the quote is in.")
    start: int = pa.Field(ge=0, description="Start offset of the quoted content.")
    end: int = pa.Field(ge=1, description="End offset of the quoted content (exclusive).")
    text: str = pa.Field(description="The quoted content: `articles.text[start:end]`.")
    kind: str = pa.Field(
        isin=["direct", "indirect", "mixed"],
        description=(
            "`direct` (inside quotation marks), `indirect` (reported speech: a complement clause"
            " of a speech verb, *according to X*), `mixed` (reported speech holding a quoted"
            " fragment)."
        ),
    )
    cue: str = pa.Field(nullable=True, description="Reporting verb or phrase (e.g. `sacīja`).")
    cue_start: int = pa.Field(nullable=True, ge=0, description="Start offset of the cue.")
    cue_end: int = pa.Field(nullable=True, ge=1, description="End offset of the cue.")
    speaker_mention_id: str = pa.Field(
        nullable=True, description="Mention naming the speaker (`mentions.mention_id`)."
    )
    speaker_entity_id: str = pa.Field(nullable=True, description="Entity of the speaker.")
    speaker_text: str = pa.Field(
        nullable=True,
        description="Speaker as written: `text[speaker_start:speaker_end]` (a role if unnamed).",
    )
    speaker_start: int = pa.Field(
        nullable=True,
        ge=0,
        description=(
            "Start of the speaker evidence next to the cue (name, pronoun, role noun or"
            " document); for `context` the evidence of the adjacent quote."
        ),
    )
    speaker_end: int = pa.Field(
        nullable=True, ge=1, description="End of the speaker evidence (exclusive)."
    )
    attribution: str = pa.Field(
        isin=["explicit", "pronoun", "role_noun", "context", "document", "none"],
        description=(
            "How the speaker was found: `explicit` (a name or noun phrase governed by the cue),"
            " `pronoun` (resolved by gender/number to an earlier person), `role_noun` (a role"
            " such as *vēstnieks* resolved to the person named with it earlier, or left"
            " unresolved), `context` (a floating quote: the speaker of the adjacent quote),"
            " `document` (a document or organisation as the source), `none`."
        ),
    )
    runner_up_entity_id: str = pa.Field(
        nullable=True,
        description="Second-best speaker entity when several candidates competed.",
    )
    runner_up_text: str = pa.Field(
        nullable=True, description="That runner-up candidate as written (its nearest mention)."
    )
    linked_quote_id: str = pa.Field(
        nullable=True,
        description=(
            "For a later part of a direct quote split by its attribution"
            ' (*"…," viņš sacīja, "…"*): the `quote_id` of the first part.'
        ),
    )
    confidence: float = pa.Field(
        in_range={"min_value": 0.0, "max_value": 1.0}, description="Extractor confidence."
    )
    extractor: str = extractor_field()
    extractor_version: str = extractor_version_field()
    run_id: str = run_id_field()


META = TableMeta(
    model=Quote,
    description=("Who said what: one row per quotation, with its speaker and cue."),
    primary_key=["quote_id"],
    foreign_keys={
        "article_id": ("articles", "article_id"),
        "speaker_mention_id": ("mentions", "mention_id"),
        "speaker_entity_id": ("entities", "entity_id"),
        "runner_up_entity_id": ("entities", "entity_id"),
        "linked_quote_id": ("quotes", "quote_id"),
    },
)
