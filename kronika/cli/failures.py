"""Expected failures of a command: one or two lines on stderr and a non-zero exit.

A command raises ``Failure`` (or lets one of ``EXPECTED`` through) for what a user can
mend: a missing path, bad SQL, a locked output, missing gold files. ``friendly`` turns
those into a short message; anything else is a bug and keeps its traceback. The global
``--debug`` shows the traceback of expected failures too. ``OneLineUsage`` does the same for
click's usage errors (an unknown option, a missing argument): one line and a pointer to --help.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import typer

# Typer ships its own copy of click; its usage errors are these classes, not click's.
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from kronika.release.errors import DownloadError, ReleaseError, VerifyError
from kronika.store.errors import BadLocation, StorageUnavailable
from kronika.store.lock import OutputLocked

USAGE = 2  # exit code of a usage error (as click uses for bad options)


class Failure(Exception):
    """A failure the user can mend; `code` is the exit code (1, or 2 for usage errors)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# Library errors that are expected outcomes, not bugs, and their exit codes.
EXPECTED: dict[type[Exception], int] = {
    Failure: 1,
    OutputLocked: 2,
    FileNotFoundError: 1,
    ReleaseError: 1,
    VerifyError: 1,
    DownloadError: 1,
    BadLocation: USAGE,
    StorageUnavailable: 1,
}


class _Flags:
    debug = False  # set by the root command's --debug (kronika.cli.app.root)


def set_debug(on: bool) -> None:
    _Flags.debug = on


def debugging() -> bool:
    """True when the global --debug was given."""
    return _Flags.debug


def friendly(command: Callable[..., Any], name: str) -> Callable[..., Any]:
    """Wrap a command so an expected failure prints `kronika <name>: <message>` and exits."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except tuple(EXPECTED) as exc:
            if debugging():
                raise
            code = exc.code if isinstance(exc, Failure) else _code_of(exc)
            typer.secho(f"kronika {name}: {one_line(exc)}", fg=typer.colors.RED, err=True)
            raise typer.Exit(code=code) from None

    return wrapper


def _code_of(exc: Exception) -> int:
    return next(code for kind, code in EXPECTED.items() if isinstance(exc, kind))


def one_line(exc: Exception) -> str:
    """The message of `exc` on at most two lines (the first two of a long one)."""
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return f"no such file or folder: {exc.filename}"
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    return "\n  ".join(lines[:2]) or type(exc).__name__


class OneLineUsage(TyperGroup):
    """The root group: a usage error is one line on stderr (exit 2), not click's usage block."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except NoArgsIsHelpError as exc:  # `kronika` alone: the help page
            exc.show()
            sys.exit(0)
        except UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "kronika"
            typer.echo(f"{where}: {exc.format_message()} (see {where} --help)", err=True)
            sys.exit(exc.exit_code)
        except ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)
