import datetime as dt

import pytest

from kronika.ingest.records import RawRecord
from kronika.pipeline.read import accept as _accept
from kronika.pipeline.rows import BatchRows as _Work
from kronika.pipeline.rows import checked_frames as _contract_checked_frames

RUN_ID = "20261128T000000Z-abcdef"


def work_with_two_articles() -> _Work:
    work = _Work(RUN_ID, dt.datetime(2026, 11, 28, tzinfo=dt.UTC), 60.0)
    seen: tuple[dict[str, str], set[str]] = ({}, set())
    _accept(work, RawRecord("in/a.txt", 0, "Pirmais raksts. Rīgā.", {"lang": "lv"}), seen)
    _accept(work, RawRecord("in/b.txt", 0, "Otrais raksts.", {"lang": "lv"}), seen)
    return work


def test_pipeline_contract_breaking_article_becomes_reject_and_batch_survives() -> None:
    work = work_with_two_articles()
    bad_id = work.articles[0]["article_id"]
    work.sentences[0]["end"] = work.sentences[0]["start"]  # an empty span breaks start < end
    frames = _contract_checked_frames(work)
    assert frames["articles"]["article_id"].to_list() == [work.articles[0]["article_id"]]
    assert bad_id not in frames["sentences"]["article_id"].to_list()
    [reject] = frames["rejects"].rows(named=True)
    assert reject["input_uri"] == "in/a.txt" and reject["reason"] == "processing_error"
    assert "table contract: sentences." in reject["message"]


def test_pipeline_contract_problem_without_article_still_fails_loudly() -> None:
    work = work_with_two_articles()
    work.reject("in/c.txt", 0, "no_such_reason", "x", "")
    with pytest.raises(ValueError, match="break the table contracts"):
        _contract_checked_frames(work)
