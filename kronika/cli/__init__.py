"""Kronika's one command-line face: every command, one module per command group.

The only part of ``kronika`` allowed to import ``flows`` (and so Prefect): the library
below never reaches up. ``app`` (kronika/cli/app.py) assembles the commands; each command
module keeps its imports inside the functions so that ``kronika --help`` starts fast.
"""

from kronika.cli.app import app, main

__all__ = ["app", "main"]
