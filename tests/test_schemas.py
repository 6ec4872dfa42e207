import pytest

from schemas import TABLE_META, TABLES
from schemas.polars_schema import empty_frame


@pytest.mark.parametrize("table", list(TABLES))
def test_schemas_every_column_has_a_description(table: str) -> None:
    columns = TABLES[table].to_schema().columns
    missing = [name for name, column in columns.items() if not (column.description or "").strip()]
    assert not missing, f"{table}: columns without description: {missing}"
    assert TABLE_META[table].description.strip()


@pytest.mark.parametrize("table", list(TABLES))
def test_schemas_empty_frame_validates_and_keys_exist(table: str) -> None:
    frame = TABLES[table].validate(empty_frame(table))
    meta = TABLE_META[table]
    assert set(meta.primary_key) <= set(frame.columns) and meta.primary_key
    for column, (other, other_column) in meta.foreign_keys.items():
        assert column in frame.columns
        assert other_column in TABLES[other].to_schema().columns


def test_schemas_every_row_table_carries_run_id() -> None:
    assert all("run_id" in model.to_schema().columns for model in TABLES.values())
