"""Quote scoring (kronika.evaluate.quotes): matching rule, metrics and the marks baseline
on hand-made gold, no pipeline needed."""

from __future__ import annotations

import pytest

from kronika.evaluate.quotes import GoldQuote, QuoteDoc, baseline_quotes, match, score

TEXT = 'Jānis sacīja, ka būs labi. "Tas ir skaidrs," viņš piebilda. Cits teikums te.'


def _span(sub: str) -> tuple[int, int]:
    start = TEXT.index(sub)
    return start, start + len(sub)


def _pred(sub: str, cue: str | None = None, speaker: str | None = None) -> dict:
    s, e = _span(sub)
    c = _span(cue) if cue else (None, None)
    sp = _span(speaker) if speaker else (None, None)
    return {
        "start": s,
        "end": e,
        "text": sub,
        "cue_start": c[0],
        "cue_end": c[1],
        "speaker_start": sp[0],
        "speaker_end": sp[1],
    }


GOLD = QuoteDoc(
    "d1",
    "news",
    TEXT,
    [],
    [
        GoldQuote(_span("būs labi"), _span("sacīja"), _span("Jānis"), "būs labi"),
        GoldQuote(_span("Tas ir skaidrs"), _span("piebilda"), _span("viņš"), "Tas ir skaidrs"),
    ],
    targets=[_span("sacīja"), _span("piebilda"), _span("Cits")],
)


@pytest.mark.parametrize(
    ("pred", "matches"),
    [
        ("būs labi", True),
        ("ka būs labi", True),  # overlap 8 >= half of the shorter (gold, 8)
        ("labi", True),  # shorter span fully inside
        ("Cits teikums te", False),
        ('i. "Tas ir', False),  # 1 character of overlap < half of the gold's 8
    ],
)
def test_match_rule(pred: str, matches: bool) -> None:
    got = match([_pred(pred)], GOLD.quotes[:1])
    assert bool(got) is matches


def test_scores_count_cues_speakers_and_unjudged() -> None:
    preds = [
        _pred("būs labi", cue="sacīja", speaker="Jānis"),
        _pred("Tas ir skaidrs", cue="piebilda", speaker="Jānis"),  # wrong speaker
        _pred("Cits teikums te", cue="Cits"),  # cue is a gold target: a judged false positive
    ]
    res = score([(preds, GOLD)])
    assert (res["tp"], res["pred"], res["gold"]) == (2, 3, 2)
    assert res["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert res["recall"] == 1.0
    assert res["judged_precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert res["cue_accuracy"] == 1.0
    assert res["speaker_accuracy"] == 0.5 and res["speaker_coverage"] == 1.0
    low, high = res["f1_ci95"]
    assert 0.0 <= low <= res["f1"] <= high <= 1.0


def test_unjudged_predictions_do_not_count_against_judged_precision() -> None:
    res = score([([_pred("būs labi"), _pred("teikums te")], GOLD)])  # no cue: unjudged
    assert res["unjudged"] == 1 and res["judged_precision"] == 1.0 and res["precision"] == 0.5


def test_baseline_takes_every_marked_span() -> None:
    rows = baseline_quotes(TEXT)
    assert [TEXT[r["start"] : r["end"]] for r in rows] == ["Tas ir skaidrs,"]
    assert score([(rows, GOLD)])["speaker_coverage"] == 0.0
