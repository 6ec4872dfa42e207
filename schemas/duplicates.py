import pandera.polars as pa

from schemas.base import HEX16, KronikaModel, TableMeta, run_id_field


class Duplicate(KronikaModel):
    input_uri: str = pa.Field(
        description="Input file: the given folder's name plus the path inside it."
    )
    record_index: int = pa.Field(ge=0, description="Record inside the file.")
    article_id: str = pa.Field(str_matches=HEX16, description="Id the record would have had.")
    uri: str = pa.Field(nullable=True, description="The record's own uri, if any.")
    duplicate_of: str = pa.Field(str_matches=HEX16, description="The article kept instead.")
    reason: str = pa.Field(
        isin=["same_text", "same_id"],
        description="same_text: identical normalised text; same_id: same source + uri.",
    )
    run_id: str = run_id_field()


META = TableMeta(
    model=Duplicate,
    description=(
        "Input records whose normalised text (or id) equals an article already kept; "
        "each points to the kept article with `duplicate_of`."
    ),
    primary_key=["input_uri", "record_index"],
    foreign_keys={
        "duplicate_of": ("articles", "article_id"),
    },
)
