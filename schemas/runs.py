import pandera.polars as pa
import polars as pl

from schemas.base import KronikaModel, TableMeta, run_id_field


class Run(KronikaModel):
    run_id: str = run_id_field()
    started_at: pl.Datetime("us", "UTC") = pa.Field(description="Start of the run (UTC).")
    finished_at: pl.Datetime("us", "UTC") = pa.Field(description="End of the run (UTC).")
    code_version: str = pa.Field(description="Kronika version and git commit, when known.")
    model_versions: str = pa.Field(description="JSON object: language -> model name@version.")
    inputs: int = pa.Field(ge=0, description="Input records seen in new or changed files.")
    skipped_files: int = pa.Field(ge=0, description="Files unchanged since an earlier run.")
    articles: int = pa.Field(ge=0, description="New articles written.")
    duplicates: int = pa.Field(ge=0, description="Records recorded as duplicates.")
    rejects: int = pa.Field(ge=0, description="Records rejected (see `rejects`).")
    rows: str = pa.Field(description="JSON object: table -> rows written by this run.")
    timings: str = pa.Field(description="JSON object: step -> seconds.")


META = TableMeta(
    model=Run,
    description="One row per `kronika run`: versions, counts and timings.",
    primary_key=["run_id"],
)
