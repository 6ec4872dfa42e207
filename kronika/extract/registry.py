"""The registered extractors, in the order they run on each article.

The pipeline (kronika.pipeline.annotate) calls every extractor here that supports the
article's language, in this order, and gives each the rows of the ones before it; it fills
``extractor``, ``extractor_version`` and ``run_id`` of their rows from these objects. A table
with no extractor registered gets an empty part, as every table does.

Adding an extractor = one module under kronika/extract/ defining an ``Extractor``
(kronika/extract/base.py), the schema of the table it fills (schemas/), and one import and
one entry below.
"""

from __future__ import annotations

from kronika.extract.base import Extractor
from kronika.extract.events import EVENTS
from kronika.extract.mentions import MENTIONS
from kronika.extract.quotes import QUOTES

EXTRACTORS: list[Extractor] = [
    MENTIONS,  # first: the extractors after it read the mentions
    QUOTES,
    EVENTS,  # reads the mentions
]


def extractors_for(lang: str) -> list[Extractor]:
    """The registered extractors that support `lang`, in running order."""
    return [extractor for extractor in EXTRACTORS if extractor.supports(lang)]


def extracted_tables() -> list[str]:
    """Tables filled by a registered extractor, in registration order, each once."""
    return list(dict.fromkeys(extractor.table for extractor in EXTRACTORS))
