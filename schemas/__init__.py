"""The table contracts: the single hand-written source of every table's shape."""

from schemas.articles import META as _articles
from schemas.articles import Article
from schemas.base import KronikaModel, TableMeta
from schemas.duplicates import META as _duplicates
from schemas.duplicates import Duplicate
from schemas.entities import META as _entities
from schemas.entities import Entity
from schemas.events import META as _events
from schemas.events import PLOVER_TYPES, Event
from schemas.mentions import MENTION_LABELS, Mention
from schemas.mentions import META as _mentions
from schemas.quotes import META as _quotes
from schemas.quotes import Quote
from schemas.rejects import META as _rejects
from schemas.rejects import REJECT_REASONS, Reject
from schemas.runs import META as _runs
from schemas.runs import Run
from schemas.sentences import META as _sentences
from schemas.sentences import Sentence

SCHEMA_VERSION = "1.0.0"

# table name -> metadata (with the model); the order is the order of docs and releases.
TABLE_META: dict[str, TableMeta] = {
    "articles": _articles,
    "sentences": _sentences,
    "mentions": _mentions,
    "entities": _entities,
    "quotes": _quotes,
    "events": _events,
    "duplicates": _duplicates,
    "rejects": _rejects,
    "runs": _runs,
}
# table name -> Pandera model.
TABLES: dict[str, type[KronikaModel]] = {name: meta.model for name, meta in TABLE_META.items()}

__all__ = [
    "MENTION_LABELS",
    "PLOVER_TYPES",
    "REJECT_REASONS",
    "SCHEMA_VERSION",
    "TABLES",
    "TABLE_META",
    "Article",
    "Duplicate",
    "Entity",
    "Event",
    "KronikaModel",
    "Mention",
    "Quote",
    "Reject",
    "Run",
    "Sentence",
    "TableMeta",
]
