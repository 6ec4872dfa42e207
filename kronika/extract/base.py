"""The one interface every extractor shares: a plug-in turns an annotated article into rows.

An extractor has a name (versioned, spaCy style: ``quotes.rules.v1``), a version, the table it
fills and a pure function ``AnnotatedArticle -> list[dict]``. The rows carry the table's
columns except ``extractor``, ``extractor_version`` and ``run_id``: the run fills those from
the registry (``kronika.extract.registry``), so provenance never depends on the extractor
remembering it (``Extractor.version_for`` adds the model to the version of a model-dependent
extractor). Extractors run in registry order and each sees the rows of the ones before
it (quotes and events read the mentions), never anything written to disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AnnotatedArticle:
    """Everything an extractor may read about one article."""

    article_id: str
    text: str  # normalised text: every offset is a code point into it
    lang: str
    doc: Any  # the spaCy Doc of `text` (tokens, morphology, dependencies, NER)
    sentences: list[tuple[int, int]]  # Kronika's sentence spans (start, end) into `text`
    published_at: dt.datetime | None = None
    # Rows produced so far by earlier extractors, by table name ("mentions": [...]).
    rows: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def mentions(self) -> list[dict]:
        return self.rows.get("mentions", [])

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the last one starting at or before it)."""
        import bisect

        starts = [s for s, _ in self.sentences]
        return max(0, bisect.bisect_right(starts, offset) - 1)


@dataclass(frozen=True)
class Extractor:
    name: str
    version: str
    table: str
    extract: Callable[[AnnotatedArticle], list[dict]]
    # Languages it supports (empty = every language with a shipped pipeline).
    langs: tuple[str, ...] = ()
    # True when the rows depend on the spaCy model too: the model joins the version.
    model_dependent: bool = False

    def supports(self, lang: str) -> bool:
        return not self.langs or lang in self.langs

    def version_for(self, article: AnnotatedArticle) -> str:
        """The `extractor_version` of this article's rows: the version, plus "+<model>" for a
        model-dependent extractor when the Doc names the model that made it."""
        model = model_of(article.doc) if self.model_dependent else None
        return f"{self.version}+{model}" if model else self.version


def model_of(doc: Any) -> str | None:
    """The model a Doc was made with, when the pipeline recorded it in ``doc.user_data``."""
    meta = getattr(doc, "user_data", None)
    return meta.get("kronika_model") if isinstance(meta, dict) else None
