"""Stable ids for mentions and entities (documented in docs/entities.md).

- mention_id: first 16 hex of sha256("{article_id}:{start}:{end}").
- entity_id: the Wikidata QID when the lexicon links the entity, else
  "k:" + first 16 hex of sha256(label + "\\t" + normalise(canonical_name)).

Both are pure functions of content, never of row order, so two runs (or two processes)
over the same input give the same ids, and the same canonical name and label in two
articles give the same entity.
"""

from __future__ import annotations

import hashlib

from kronika.link.lexicon import normalise


def mention_id(article_id: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{article_id}:{start}:{end}".encode()).hexdigest()[:16]


def local_entity_id(label: str, canonical_name: str) -> str:
    key = f"{label}\t{normalise(canonical_name)}"
    return "k:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def entity_id(label: str, canonical_name: str, qid: str | None) -> str:
    return qid if qid else local_entity_id(label, canonical_name)
