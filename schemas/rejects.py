import pandera.polars as pa

from schemas.base import KronikaModel, TableMeta, run_id_field

# Reason codes are documented in docs/ingest.md; keep the two lists in step.
REJECT_REASONS = [
    "unreadable",  # the file could not be opened or read (permissions, I/O error, loop)
    "not_a_file",  # a special file (device, fifo, socket)
    "unknown_format",  # an extension Kronika has no reader for
    "binary",  # the bytes are not text (NUL bytes, control characters)
    "undecodable",  # text in an encoding that could not be detected reliably
    "empty",  # no text left after normalisation
    "too_large",  # over the per-record size limit
    "decompression_limit",  # a gzip that expands past the limit (bomb)
    "malformed_json",  # a JSON/JSONL line that does not parse
    "not_an_object",  # a JSON value that is not an object
    "missing_text",  # a JSON object without a usable text field
    "bad_metadata",  # front matter or sidecar that does not parse
    "no_main_text",  # HTML without extractable main text
    "timeout",  # over the per-article processing time budget
    "processing_error",  # an extractor raised; the article is not lost, it is rejected
]


class Reject(KronikaModel):
    input_uri: str = pa.Field(
        description="Input file: the given folder's name plus the path inside it."
    )
    record_index: int = pa.Field(ge=0, description="Record inside the file (0 for whole files).")
    reason: str = pa.Field(isin=REJECT_REASONS, description="Reason code; see docs/ingest.md.")
    message: str = pa.Field(description="Human-readable detail.")
    excerpt: str = pa.Field(
        description="Up to 200 characters of the raw input (undecodable bytes escaped)."
    )
    run_id: str = run_id_field()


META = TableMeta(
    model=Reject,
    description=(
        "Input records that did not become articles, with the reason. Nothing is dropped silently."
    ),
    primary_key=["input_uri", "record_index"],
)
