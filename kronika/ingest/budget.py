"""A wall-clock time budget that can interrupt stuck work (per-article processing limit).

`time_budget(seconds)` arms a SIGALRM timer (`setitimer`) and raises `BudgetExceeded` inside
the block when it expires, so a pathological article (an extractor that loops, a regex that
backtracks) becomes a `timeout` reject instead of a hung run. Signals only reach the main
thread: elsewhere (or where SIGALRM does not exist) the block runs unbounded and the context
yields False, so callers measure the time afterwards instead. Prefect runs a sync flow and its
directly-called tasks in the main thread, so `kronika run` gets the enforced budget.

Limits: the signal is handled between Python bytecodes, so a single C call that never returns
(one huge regex match in C, a blocking read) is interrupted only when it returns.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class BudgetExceeded(BaseException):
    """Raised inside a block that ran past its time budget.

    A BaseException, like KeyboardInterrupt, so that `except Exception` in third-party code
    cannot swallow it and keep a stuck article running.
    """


def can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float) -> Iterator[bool]:
    """Raise BudgetExceeded in the block after `seconds`; yields whether that is enforced."""
    if seconds <= 0 or not can_interrupt():
        yield False
        return
    previous_delay, _ = signal.getitimer(signal.ITIMER_REAL)
    if previous_delay:  # an outer budget is running: never cancel it, measure afterwards
        yield False
        return

    def expired(signum: int, frame: object) -> None:
        raise BudgetExceeded(f"over the time budget of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
