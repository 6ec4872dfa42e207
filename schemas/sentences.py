import pandera.polars as pa

from schemas.base import HEX16, SpanModel, TableMeta, run_id_field


class Sentence(SpanModel):
    article_id: str = pa.Field(str_matches=HEX16, description="Article the sentence belongs to.")
    sentence_idx: int = pa.Field(
        ge=0, description="0-based position of the sentence in the article."
    )
    start: int = pa.Field(ge=0, description="Start offset (code points, inclusive).")
    end: int = pa.Field(ge=1, description="End offset (code points, exclusive).")
    run_id: str = run_id_field()


META = TableMeta(
    model=Sentence,
    description=("Sentence spans of each article, as code-point offsets into `articles.text`."),
    primary_key=["article_id", "sentence_idx"],
    foreign_keys={"article_id": ("articles", "article_id")},
)
