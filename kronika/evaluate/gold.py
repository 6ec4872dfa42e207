"""Loading gold JSONL (the schema of shared/data/gold/*/dev.jsonl) into Kronika labels."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kronika.labels import map_label


@dataclass(frozen=True)
class GoldEntity:
    start: int
    end: int
    label: str
    head_start: int | None = None
    head_end: int | None = None


@dataclass
class GoldDoc:
    doc_id: str
    group_id: str
    lang: str
    dataset: str
    genre: str
    text: str
    sentences: list[tuple[int, int]]
    has_ner: bool
    entities: list[GoldEntity] = field(default_factory=list)


def _entities(record: dict) -> list[GoldEntity]:
    """Outer entities whose gold label maps to a Kronika label."""
    out = []
    for ent in record.get("entities") or []:
        if ent.get("nested"):
            continue
        label = map_label(record["dataset"], ent["label"])
        if label is not None:
            out.append(
                GoldEntity(
                    ent["start"], ent["end"], label, ent.get("head_start"), ent.get("head_end")
                )
            )
    return out


def parse_record(record: dict) -> GoldDoc:
    layers = record.get("layers") or {}
    return GoldDoc(
        doc_id=record["doc_id"],
        group_id=record.get("group_id") or record["doc_id"],
        lang=record["lang"],
        dataset=record["dataset"],
        genre=record.get("genre") or "",
        text=record["text"],
        sentences=[(s["start"], s["end"]) for s in record.get("sentences") or []],
        has_ner=bool(layers.get("ner", True)),
        entities=_entities(record),
    )


def load_gold(
    paths: Iterable[str | Path],
    lang: str | None = None,
    genres: Iterable[str] | None = None,
    groups: Iterable[str] | None = None,
) -> list[GoldDoc]:
    """Read gold JSONL files, keeping only `lang`, `genres` and source `groups` if given."""
    genre_set = set(genres) if genres else None
    group_set = set(groups) if groups is not None else None
    docs = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                doc = parse_record(json.loads(line))
                if lang and doc.lang != lang:
                    continue
                if genre_set and doc.genre not in genre_set:
                    continue
                if group_set is not None and doc.group_id not in group_set:
                    continue
                docs.append(doc)
    return docs
