"""A live sender keeps its claims: the lease of every notice it still holds is renewed while it sends.

A claim's lease (``next_attempt_at`` of a ``sending`` notice) is how the outbox tells a crashed sender from
a slow one: once it has run out, another sender takes the notice again. Without renewal a slow batch lost
its claims under a live sender, and a second ``breach outbox run`` sent every in-flight notice again
(issue 15: a 5 s lease and slow receivers, 500 of 500 notices at the sink twice). The keeper renews every
third of the lease, so a renewal can be late twice before the lease runs out; it renews only through the
claim's token (``breach.notices.store.outbox.renew``), never a notice another sender has since taken.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import timedelta
from types import TracebackType
from uuid import UUID

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from breach.clock import Clock
from breach.notices.store import outbox

UnitOfWork = Callable[[], AbstractContextManager[Session]]


class LeaseKeeper:
    """Renews, from a thread of its own, the lease of the notices of one claim until they are settled."""

    def __init__(
        self, unit_of_work: UnitOfWork, *, token: UUID, ids: Iterable[UUID], lease: timedelta, clock: Clock
    ) -> None:
        self.unit_of_work = unit_of_work
        self.token = token
        self.lease = lease
        self.clock = clock
        self.renewals = 0
        self._held = set(ids)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lease-keeper", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def release(self, ids: Iterable[UUID]) -> None:
        """These notices are settled: their leases no longer need keeping."""
        with self._lock:
            self._held.difference_update(ids)

    def held(self) -> list[UUID]:
        with self._lock:
            return list(self._held)

    def renew(self) -> int:
        """Extend the lease of what is still held, from now; how many notices the claim still holds."""
        ids = self.held()
        if not ids:
            return 0
        with self.unit_of_work() as session:
            kept = outbox.renew(ids, token=self.token, until=self.clock.now() + self.lease, session=session)
        self.renewals += 1
        return kept

    def _run(self) -> None:
        interval = max(self.lease.total_seconds() / 3, 0.05)
        while not self._stop.wait(interval):
            try:
                self.renew()
            except SQLAlchemyError:
                # The database is out of reach for a moment: the next round tries again, and if the lease
                # runs out meanwhile, settling is fenced (``breach.notices.store.outbox.fence``): nothing counts twice.
                continue
