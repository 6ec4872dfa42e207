"""Hand-made rows for every table, valid under the Pandera models (release tests only).

`write_output(out)` writes `<out>/tables/<table>/part-*.parquet` like the run pipeline does,
so release tests do not depend on the pipeline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import polars as pl

from schemas import TABLES
from schemas.polars_schema import polars_schema

RUN = "20261128T090000Z-abc123"
T0 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
LV_TEXT = "Jenss Stoltenbergs Tokijā sacīja: “NATO atbalsta Japānu.” Latvija protestēja."
EN_TEXT = "Latvia said it would support Japan. NATO met in Riga."


def h16(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


A1, A2 = h16("a1"), h16("a2")


def _span(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


def articles() -> list[dict]:
    rows = []
    for aid, lang, text, day in ((A1, "lv", LV_TEXT, 0), (A2, "en", EN_TEXT, 1)):
        rows.append(
            {
                "article_id": aid, "source": "test", "uri": f"https://example.org/{aid}",
                "input_uri": f"{lang}.jsonl", "record_index": 0, "title": f"title {lang}",
                "published_at": T0 + dt.timedelta(days=day), "lang": lang, "lang_score": 1.0,
                "lang_method": "metadata", "supported": True, "text": text,
                "text_sha256": hashlib.sha256(text.encode()).hexdigest(), "n_chars": len(text),
                "n_sentences": 2, "ingested_at": T0, "run_id": RUN,
            }
        )  # fmt: skip
    return rows


def sentences() -> list[dict]:
    rows = []
    for aid, text in ((A1, LV_TEXT), (A2, EN_TEXT)):
        cut = text.index(".") + 1 if aid == A2 else text.index("”") + 1
        for idx, (start, end) in enumerate(((0, cut), (cut + 1, len(text)))):
            rows.append(
                {"article_id": aid, "sentence_idx": idx, "start": start, "end": end, "run_id": RUN}
            )
    return rows


ENTITIES = {
    "Q20": ("Jenss Stoltenbergs", "PER"),
    "Q7184": ("NATO", "ORG"),
    "Q17": ("Japāna", "GPE"),
    "Q211": ("Latvija", "GPE"),
    "Q1490": ("Tokija", "GPE"),
}
MENTIONS = [
    (A1, LV_TEXT, 0, "Jenss Stoltenbergs", "Jenss Stoltenbergs", "PER", "Q20"),
    (A1, LV_TEXT, 0, "Tokijā", "Tokija", "GPE", "Q1490"),
    (A1, LV_TEXT, 0, "NATO", "NATO", "ORG", "Q7184"),
    (A1, LV_TEXT, 0, "Japānu", "Japāna", "GPE", "Q17"),
    (A1, LV_TEXT, 1, "Latvija", "Latvija", "GPE", "Q211"),
    (A2, EN_TEXT, 0, "Latvia", "Latvia", "GPE", "Q211"),
    (A2, EN_TEXT, 0, "Japan", "Japan", "GPE", "Q17"),
    (A2, EN_TEXT, 1, "NATO", "NATO", "ORG", "Q7184"),
    (A2, EN_TEXT, 1, "Riga", "Riga", "GPE", None),
]


def mentions() -> list[dict]:
    rows = []
    for aid, text, sent, surface, lemma, label, eid in MENTIONS:
        start, end = _span(text, surface)
        rows.append(
            {
                "mention_id": h16(aid, start, end), "article_id": aid, "sentence_idx": sent,
                "start": start, "end": end, "surface": surface, "lemma": lemma, "label": label,
                "entity_id": eid, "confidence": 0.9, "extractor": "ner.test",
                "extractor_version": "0.1", "run_id": RUN,
            }
        )  # fmt: skip
    return rows


def entities() -> list[dict]:
    rows = []
    for qid, (name, label) in ENTITIES.items():
        linked = [m for m in MENTIONS if m[6] == qid]
        rows.append(
            {
                "entity_id": qid, "canonical_name": name, "name_lv": name, "name_en": None,
                "label": label, "wikidata_id": qid,
                "aliases": sorted({m[3] for m in linked} - {name}), "n_mentions": len(linked),
                "n_articles": len({m[0] for m in linked}), "first_seen": T0, "last_seen": T0,
                "run_id": RUN,
            }
        )  # fmt: skip
    return rows


def quotes() -> list[dict]:
    start, end = _span(LV_TEXT, "NATO atbalsta Japānu.")
    cue_start, cue_end = _span(LV_TEXT, "sacīja")
    speaker = _span(LV_TEXT, "Jenss Stoltenbergs")
    return [
        {
            "quote_id": h16("q1"), "article_id": A1, "start": start, "end": end,
            "text": LV_TEXT[start:end], "kind": "direct", "cue": "sacīja",
            "cue_start": cue_start, "cue_end": cue_end,
            "speaker_mention_id": h16(A1, *speaker), "speaker_entity_id": "Q20",
            "speaker_text": "Jenss Stoltenbergs", "speaker_start": speaker[0],
            "speaker_end": speaker[1], "attribution": "explicit", "confidence": 0.8,
            "runner_up_entity_id": None, "runner_up_text": None, "linked_quote_id": None,
            "extractor": "quotes.rules", "extractor_version": "0.1", "run_id": RUN,
        }
    ]  # fmt: skip


def events() -> list[dict]:
    rows = []
    for eid, aid, text, sent, trigger, plover, actor, target in (
        ("e1", A1, LV_TEXT, 0, "atbalsta", "SUPPORT", "Q7184", "Q17"),
        ("e2", A1, LV_TEXT, 1, "protestēja", "PROTEST", "Q211", None),
        ("e3", A2, EN_TEXT, 0, "support", "SUPPORT", "Q211", "Q17"),
    ):
        start, end = _span(text, trigger)
        rows.append(
            {
                "event_id": h16(eid), "article_id": aid, "sentence_idx": sent, "trigger": trigger,
                "trigger_start": start, "trigger_end": end, "plover_type": plover,
                "cameo_root": "05", "modality": "asserted", "actor_entity_id": actor,
                "target_entity_id": target, "location_entity_id": None, "date_raw": None,
                "date_resolved": dt.date(2026, 11, 20), "date_precision": "day",
                "confidence": 0.7, "extractor": "events.rules", "extractor_version": "0.1",
                "run_id": RUN,
            }
        )  # fmt: skip
    return rows


def duplicates() -> list[dict]:
    return [
        {
            "input_uri": "lv.jsonl", "record_index": 1, "article_id": h16("dup"), "uri": None,
            "duplicate_of": A1, "reason": "same_text", "run_id": RUN,
        }
    ]  # fmt: skip


def rejects() -> list[dict]:
    return [
        {
            "input_uri": "bad.bin", "record_index": 0, "reason": "binary",
            "message": "NUL bytes", "excerpt": "\\x00\\x01", "run_id": RUN,
        }
    ]  # fmt: skip


def runs() -> list[dict]:
    return [
        {
            "run_id": RUN, "started_at": T0, "finished_at": T0 + dt.timedelta(minutes=1),
            "code_version": "0.1.0", "model_versions": "{}", "inputs": 4, "skipped_files": 0,
            "articles": 2, "duplicates": 1, "rejects": 1, "rows": "{}", "timings": "{}",
        }
    ]  # fmt: skip


ROWS = {
    "articles": articles, "sentences": sentences, "mentions": mentions, "entities": entities,
    "quotes": quotes, "events": events, "duplicates": duplicates, "rejects": rejects,
    "runs": runs,
}  # fmt: skip


def sample_frames() -> dict[str, pl.DataFrame]:
    """Every table as a frame validated by its Pandera model."""
    frames = {}
    for table, rows in ROWS.items():
        frame = pl.DataFrame(rows(), schema=polars_schema(table), orient="row")
        frames[table] = TABLES[table].validate(frame)
    return frames


def write_output(out: Path, frames: dict[str, pl.DataFrame] | None = None, parts: int = 2) -> Path:
    """Write each table as `parts` Parquet part files (rows shuffled) under `<out>/tables/`."""
    frames = sample_frames() if frames is None else frames
    for table, frame in frames.items():
        folder = out / "tables" / table
        folder.mkdir(parents=True, exist_ok=True)
        shuffled = frame.reverse()  # a different order than the release's sort
        size = max(1, -(-shuffled.height // parts))
        for i in range(parts):
            chunk = shuffled.slice(i * size, size)
            if chunk.height or i == 0:
                chunk.write_parquet(folder / f"part-{i}.parquet", compression="zstd")
    return out
