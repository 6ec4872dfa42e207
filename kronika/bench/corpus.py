"""A reproducible corpus of news-length articles for `kronika bench`.

news-text holds paragraph groups (Latvian: 1,587 records, median 250 characters), too short and
too few for a day-sized run. An article here is a seeded random draw of whole records, joined
with blank lines until it holds 2,000-4,000 characters, so every size is built the same way on
every machine and texts are unique (the pipeline would file a repeated text as a duplicate).
Records are drawn in shuffled order, so one article's text is never next to the same neighbours
twice in a row and caches see the mixture a real feed gives, not one text again and again.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NEWS_TEXT = REPO.parent / "shared" / "data" / "raw" / "news-text"
MIN_CHARS, MAX_CHARS = 2_000, 4_000
# Articles at size 1x: 16x is then 20,000 articles, the smallest "largest size".
BASE_ARTICLES = 1_250
DEFAULT_SEED = 20261130


@dataclass(frozen=True)
class CorpusSpec:
    size: float = 1.0
    langs: tuple[str, ...] = ("lv",)
    seed: int = DEFAULT_SEED
    base_articles: int = BASE_ARTICLES
    source: Path = NEWS_TEXT

    @property
    def n_articles(self) -> int:
        return max(1, round(self.base_articles * self.size))


def load_records(source: Path, lang: str) -> list[str]:
    """Texts of news-text/<lang>.jsonl, with a clear error when the file is missing."""
    path = source / f"{lang}.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"benchmark source {path} is missing (see ../shared/data)")
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                text = json.loads(line)["text"].strip()
                if text:
                    texts.append(text)
    if not texts:
        raise ValueError(f"{path} holds no texts")
    return texts


class _Drawer:
    """Records of one language in shuffled rounds: every record once per round."""

    def __init__(self, texts: list[str], rng: random.Random) -> None:
        self.texts, self.rng, self.order = texts, rng, []

    def next(self) -> str:
        if not self.order:
            self.order = list(range(len(self.texts)))
            self.rng.shuffle(self.order)
        return self.texts[self.order.pop()]


def _assemble(drawer: _Drawer, target: int) -> str:
    """Whole records joined with blank lines, up to `target` characters (cut at a sentence
    end when a long record would overshoot MAX_CHARS)."""
    parts: list[str] = []
    size = 0
    while size < target:
        text = drawer.next()
        room = MAX_CHARS - size - (2 if parts else 0)
        if len(text) > room:
            cut = text.rfind(". ", 0, room)
            text = text[: cut + 1] if cut > 0 else ""
            if not text:
                continue
        parts.append(text)
        size += len(text) + (2 if len(parts) > 1 else 0)
    return "\n\n".join(parts)


def iter_articles(spec: CorpusSpec) -> Iterator[dict]:
    """The corpus as JSONL records: {uri, source, lang, title, published_at, text}."""
    rng = random.Random(spec.seed)
    pools = {lang: load_records(spec.source, lang) for lang in spec.langs}
    weights = [sum(len(t) for t in pools[lang]) for lang in spec.langs]
    drawers = {lang: _Drawer(pools[lang], rng) for lang in spec.langs}
    seen: set[str] = set()
    index = 0
    while index < spec.n_articles:
        lang = rng.choices(spec.langs, weights)[0]
        text = _assemble(drawers[lang], rng.randint(MIN_CHARS, MAX_CHARS - 400))
        if len(text) < MIN_CHARS:
            continue
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest in seen:  # a repeated text would be a duplicate, not an article
            continue
        seen.add(digest)
        day = 1 + index % 28
        yield {
            "uri": f"https://bench.kronika.invalid/{lang}/{index:06d}",
            "source": "kronika-bench",
            "lang": lang,
            "title": text.split(". ", 1)[0][:120],
            "published_at": f"2026-11-{day:02d}T{index % 24:02d}:00:00Z",
            "text": text,
        }
        index += 1


def write_corpus(spec: CorpusSpec, folder: Path, per_file: int = 2_500) -> list[Path]:
    """Write the corpus as JSONL files of `per_file` articles (several inputs, as an inbox)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    handle = None
    for i, record in enumerate(iter_articles(spec)):
        if i % per_file == 0:
            if handle:
                handle.close()
            paths.append(folder / f"bench-{i // per_file:04d}.jsonl")
            handle = paths[-1].open("w", encoding="utf-8")
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return paths


def read_texts(paths: list[Path]) -> list[str]:
    texts = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return texts
