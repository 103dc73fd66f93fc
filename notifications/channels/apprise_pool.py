"""Apprise's own thread pool, sized for the sends in flight rather than for the machine's cores (issue 19).

Apprise 2 runs every service call that has a deadline (we always give one: connect + 2 x read timeout,
README "Sending") in one process-wide ``ThreadPoolExecutor()``, whose default size is
``min(32, cores + 4)``: 6 on a 2-core machine. Every sender thread of every batch in flight then waits for
one of those 6, and a receiver that hangs holds one for the whole try (45 s by default). Sending is
waiting on the network, not computing, so the pool is sized by how many sends are in flight: measured on
this machine, 200 webhook notices to receivers answering after 200 ms (median; log-normal, 99th
percentile 2 s) took 12.2 s through Apprise at 64 sender threads, as if there were 6, and 3.3 s with
``requests`` directly; with the pool sized here, 3.2 s.

The pool only grows (to twice the sender threads of the batches in flight: an abandoned try runs on in
Apprise until its own read timeout, beside its sender's next try); a larger pool costs nothing while idle,
as ``ThreadPoolExecutor`` starts its threads only when work waits. The pool Apprise used before is left to
finish what it runs: Apprise may hold a reference to it, so it is never shut down.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import apprise.apprise as apprise_core

# Room for abandoned tries still running beside their sender's next one.
HEADROOM = 2


class _SendersInFlight:
    """Sender threads of every batch in flight in this process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0


_in_flight = _SendersInFlight()


def _capacity(pool: ThreadPoolExecutor | None) -> int:
    return int(getattr(pool, "_max_workers", 0)) if pool is not None else 0


def at_least(workers: int) -> int:
    """Make Apprise's shared pool run at least ``workers`` service calls at once; returns its size."""
    with apprise_core._shared_executor_lock:
        current = apprise_core._shared_executor
        if _capacity(current) >= workers:
            return _capacity(current)
        # Doubling at least: a few replacements over a process's life, each leaving a few idle threads.
        size = max(workers, 2 * _capacity(current))
        apprise_core._shared_executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="apprise")
        return size


@contextmanager
def sending(threads: int) -> Iterator[int]:
    """While ``threads`` sender threads may call Apprise, its pool has room for them and for every other
    batch's in flight; yields the pool's size."""
    with _in_flight.lock:
        _in_flight.count += threads
        wanted = HEADROOM * _in_flight.count
    try:
        yield at_least(wanted)
    finally:
        with _in_flight.lock:
            _in_flight.count -= threads
