"""Storage errors a user can mend, in a module light enough for the CLI to import at start-up
(kronika/cli/failures.py maps them to one-line messages; kronika.store.fs imports Polars)."""

from __future__ import annotations


class StorageUnavailable(RuntimeError):
    """An object-store URL whose filesystem package is not installed."""


class BadLocation(ValueError):
    """An input or output location that names nothing usable (a URL without bucket, storage
    options that are not a JSON object): the user's to mend, shown as one line."""
