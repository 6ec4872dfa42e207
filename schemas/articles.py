import pandera.polars as pa
import polars as pl

from schemas.base import HEX16, HEX64, KronikaModel, TableMeta, run_id_field


class Article(KronikaModel):
    article_id: str = pa.Field(
        str_matches=HEX16,
        unique=True,
        description=(
            "Stable id: first 16 hex digits of sha256 of 'uri', source and uri joined by U+001F "
            "when the record has a uri, else of 'text' and text_sha256 (docs/ingest.md)."
        ),
    )
    source: str = pa.Field(
        nullable=True, description="Publisher or feed name from metadata (null when unknown)."
    )
    uri: str = pa.Field(nullable=True, description="Canonical URL of the article from metadata.")
    input_uri: str = pa.Field(
        description="Input file of the record: the given folder's name plus the path inside it."
    )
    record_index: int = pa.Field(
        ge=0, description="0-based index of the record inside its input file (lines for JSONL)."
    )
    title: str = pa.Field(nullable=True, description="Headline from metadata, if any.")
    published_at: pl.Datetime("us", "UTC") = pa.Field(
        nullable=True, description="Publication time from metadata, in UTC (null when unknown)."
    )
    lang: str = pa.Field(
        str_matches=r"^[a-z]{2,3}$|^und$",
        description="ISO 639-1 language code; 'und' when no language could be told.",
    )
    lang_score: float = pa.Field(
        in_range={"min_value": 0.0, "max_value": 1.0},
        description="Confidence of the language decision (1.0 when given in metadata).",
    )
    lang_method: str = pa.Field(
        isin=["metadata", "detector", "fallback"],
        description="How `lang` was decided: metadata, the language detector, or a fallback.",
    )
    supported: bool = pa.Field(
        description="True when Kronika extracts entities/quotes/events for this language."
    )
    text: str = pa.Field(description="Normalised article text (offset reference).")
    text_sha256: str = pa.Field(
        str_matches=HEX64, description="sha256 of the UTF-8 bytes of `text`."
    )
    n_chars: int = pa.Field(ge=1, description="Length of `text` in Unicode code points.")
    n_sentences: int = pa.Field(ge=0, description="Number of rows in `sentences` for the article.")
    ingested_at: pl.Datetime("us", "UTC") = pa.Field(description="When the article was read (UTC).")
    run_id: str = run_id_field()


META = TableMeta(
    model=Article,
    description=(
        "One row per distinct article. `text` is the normalised text (NFC, cleaned whitespace) "
        "and the reference for every character offset in every other table."
    ),
    primary_key=["article_id"],
)
