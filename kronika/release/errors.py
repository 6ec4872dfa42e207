"""Errors raised by release, verify and download; their message is what the user reads."""

from __future__ import annotations


class ReleaseError(Exception):
    """A release could not be built; nothing was left in place."""


class VerifyError(Exception):
    """A release failed verification; `problems` lists every check that failed."""

    def __init__(self, where: str, problems: list[str]) -> None:
        self.where = where
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"release at {where} failed verification:\n{lines}")


class DownloadError(Exception):
    """A download failed or was refused; the target folder was left untouched."""
