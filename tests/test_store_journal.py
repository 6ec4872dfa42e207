from pathlib import Path

import polars as pl

from kronika.store.journal import PLAN, Transaction, recover, write_json_atomic
from kronika.store.layout import Layout


def test_journal_recover_drops_uncommitted_and_finishes_committed(tmp_path: Path) -> None:
    layout = Layout.at(tmp_path)
    frame = pl.DataFrame({"a": [1, 2]})
    target_a = layout.part_path("t", "a")
    target_b = layout.part_path("t", "b")
    uncommitted = Transaction(layout, "one")
    uncommitted.put_frame(target_a, frame)  # crash before commit: no plan.json
    committed = Transaction(layout, "two")
    committed.put_frame(target_b, frame)
    # A crash right after the commit point: plan written, nothing moved yet.
    write_json_atomic({"moves": committed.moves, "deletes": []}, committed.dir / PLAN)
    assert recover(layout) == (1, 1)
    assert not target_a.exists()
    assert pl.read_parquet(target_b).equals(frame)
    assert not layout.staging.exists() or not any(layout.staging.iterdir())


def test_journal_commit_moves_and_deletes(tmp_path: Path) -> None:
    layout = Layout.at(tmp_path)
    old = layout.part_path("t", "old")
    old.parent.mkdir(parents=True)
    pl.DataFrame({"a": [0]}).write_parquet(old)
    txn = Transaction(layout, "x")
    txn.put_frame(layout.part_path("t", "new"), pl.DataFrame({"a": [1]}))
    txn.delete(old)
    txn.commit()
    assert not old.exists() and layout.part_path("t", "new").exists()
