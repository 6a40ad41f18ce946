"""A limit on how long a test's step may take, for a step that a regression would make
wait for ever (a FIFO opened for reading waits for a writer): the run fails at that
step, naming it, rather than hanging."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class TookTooLong(Exception):
    pass


@contextmanager
def at_most(seconds: int, what: str) -> Iterator[None]:
    """Raise TookTooLong in the main thread when the block runs longer than `seconds`
    (SIGALRM interrupts a blocking open or read there)."""

    def stop(_signal: int, _frame: object) -> None:
        raise TookTooLong(f"{what} took more than {seconds} s: it waits for something that never comes")

    before = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
