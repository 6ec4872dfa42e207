"""Side-by-side NER comparison (kronika/evaluate/peer.py) on a hand-made gold file.

Systems are blank spaCy pipelines with an entity ruler (OntoNotes labels, mapped by the
label table like a real peer's): no model is downloaded or needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Doc  # noqa: E402

from kronika.evaluate import peer  # noqa: E402
from kronika.evaluate.ner import PredEntity  # noqa: E402
from kronika.nlp.choice import LABEL_MAP_COMPONENT, register_label_map  # noqa: E402

GOLD = Path(__file__).parent / "data" / "nlp" / "tiny-en.jsonl"


def _ruler(patterns: list[tuple[str, str]]):
    register_label_map()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": label, "pattern": text} for text, label in patterns]
    )
    nlp.add_pipe(LABEL_MAP_COMPONENT)
    return nlp


def test_compare_scores_each_system_on_the_same_docs_and_subsets() -> None:
    perfect = _ruler(
        [("John Smith", "PERSON"), ("Acme Corp", "ORG"), ("Paris", "GPE"),
         ("Mary Jones", "PERSON"), ("Leeds", "GPE")]
    )  # fmt: skip
    # Wider spans (determiner-like extra word), a nationality (dropped), a wrong label.
    sloppy = _ruler(
        [("officials of Acme Corp", "ORG"), ("Paris", "NORP"), ("Mary Jones", "ORG"),
         ("Leeds", "FAC")]
    )  # fmt: skip
    report = peer.compare({"perfect": perfect, "sloppy": sloppy}, "en", gold=[GOLD])
    assert report["labels"] == ["PER", "ORG", "LOC"]
    every = report["subsets"]["all genres"]
    assert (every["docs"], every["gold_entities"]) == (2, 5)
    assert report["subsets"]["news+interview"]["doc_ids"] == ["tiny_news"]
    best = every["systems"]["perfect"]["ner"]
    assert best["exact"]["micro"]["f1"] == 1.0  # GPE folded to LOC for GUM
    worse = every["systems"]["sloppy"]["ner"]
    assert worse["exact"]["micro"]["tp"] == 1  # Leeds: FAC -> LOC, exact
    assert worse["overlap"]["micro"]["tp"] == 2  # + the wide ORG span
    assert worse["overlap"]["micro"]["fp"] == 1  # Mary Jones as ORG
    assert worse["overlap"]["micro"]["fn"] == 3  # John Smith, Paris (NORP dropped), Mary
    assert "| all genres (2 docs, 5 gold) | perfect |" in peer.render_markdown(report)


def test_reference_heads_use_the_reference_parse() -> None:
    nlp = spacy.blank("en")
    ref = Doc(
        nlp.vocab,
        words=["John", "Smith", "spoke"],
        heads=[2, 0, 2],
        deps=["nsubj", "flat", "ROOT"],
    )
    pred = [PredEntity(0, 10, "PER", 5, 10)]  # own parse said "Smith"
    assert peer.reference_heads(pred, ref) == [PredEntity(0, 10, "PER", 0, 4)]


def test_missing_peer_is_skipped_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(peer.PEERS, "en", "no_such_peer_package_xyz")
    reason = peer.skip_reason("en")
    assert reason is not None and "not installed" in reason
    assert peer.skip_reason("lv") == "no peer pipeline is defined for lv"
