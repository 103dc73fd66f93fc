"""Delivery after the API has answered: a confirmation, dismissal or new facts queue notices, and this
sends them without holding the request (DESIGN.md section 4: a worker poll would miss the first-notice
target): in a thread here, as a ``handle_incident`` flow run in this process, or on Prefect's work pool.

A delivery that stops is recorded and alerted to our DPO (``flows.web.api.deferred``); its notices stay
queued for the watchdog and ``breach outbox run``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from functools import partial
from typing import Final, Literal
from uuid import UUID

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from breach.clock import Clock
from breach.vocabulary import Language
from flows import db, runtime
from flows.settings import get_settings
from flows.web.api.deferred import record_deferred

log = logging.getLogger(__name__)

# ``None``: every notice due, for the communications (issue 22), which belong to no incident.
Deliver = Callable[[UUID | None], Literal["background", "prefect"]]
UnitOfWork = Callable[[], AbstractContextManager[Session]]
# How delivery was run, as the audit event names it.
HERE: Final = "background thread"
FLOW: Final = "flow run in this process"
POOL: Final = "Prefect work pool"


def _deliver_here(incident_id: UUID | None) -> None:
    from flows.usecases.outbox import deliver_due  # noqa: PLC0415  (Apprise is loaded on first delivery)

    deliver_due(incident_id=incident_id)


def _flow_here(incident_id: UUID) -> None:
    from flows.orchestration.incident_flow import handle_incident  # noqa: PLC0415  (Prefect costs seconds to import)

    handle_incident(incident_id)


def _to_pool(incident_id: UUID) -> None:
    from flows.orchestration.deployments import submit_handle_incident  # noqa: PLC0415  (Prefect costs seconds to import)

    submit_handle_incident(incident_id)


class BackgroundDelivery:
    """Delivers an incident's due notices after the answer has left: in a thread here, or on Prefect's pool.

    ``unit_of_work``, ``clock`` and ``language`` are where and how a failure is recorded (default: the
    configured database, the system clock, our DPO's language).
    """

    def __init__(
        self,
        *,
        unit_of_work: UnitOfWork | None = None,
        clock: Clock | None = None,
        language: Language | None = None,
    ) -> None:
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="breach-delivery")
        self._uow: UnitOfWork = unit_of_work or db.unit_of_work
        self._clock = clock or runtime.clock
        self._language = language

    def __call__(self, incident_id: UUID | None) -> Literal["background", "prefect"]:
        # A communication has no incident, so no handle_incident flow: its notices go out in a thread here.
        if incident_id is None or not os.environ.get("PREFECT_API_URL"):
            self._pool.submit(self._run, HERE, partial(_deliver_here, incident_id), incident_id)
            return "background"
        if get_settings().api_delivery == "pool":
            self._pool.submit(self._run, POOL, partial(_to_pool, incident_id), incident_id)
        else:
            self._pool.submit(self._run, FLOW, partial(_flow_here, incident_id), incident_id)
        return "prefect"

    def close(self) -> None:
        """Wait for the deliveries in flight (Python also waits for them at exit: none is cut off)."""
        self._pool.shutdown(wait=True)

    def _run(self, route: str, deliver: Callable[[], object], incident_id: UUID | None) -> None:
        try:
            deliver()
        except Exception as failure:  # the thread's boundary, nobody above it: any failure is recorded, not lost
            self._record(route, failure, incident_id)

    def _record(self, route: str, failure: Exception, incident_id: UUID | None) -> None:
        if incident_id is None:
            # Communications' notices: they stay queued, and the watchdog's next pass sends them.
            log.warning("delivery of communications by %s stopped (%s); their notices stay queued", route,
                        type(failure).__name__)  # fmt: skip
            return
        language = self._language or runtime.internal_language()
        try:
            with self._uow() as session:
                alerted = record_deferred(
                    incident_id, route, failure, session=session, now=self._clock.now(), language=language
                )
        except SQLAlchemyError as unrecorded:
            # The database is what failed, so nothing can be recorded: the log is all that is left. The
            # notices are still queued in it, and the watchdog, which needs the same database, fails visibly
            # in Prefect and retries them once it is back.
            log.error(  # noqa: TRY400  (no traceback: a driver's message may quote a value)
                "delivery of incident %s by %s stopped (%s) and could not be recorded (%s); its notices stay queued",
                incident_id,
                route,
                type(failure).__name__,
                type(unrecorded).__name__,
            )
            return
        log.warning(
            "delivery of incident %s by %s stopped (%s); recorded%s, its notices stay queued",
            incident_id,
            route,
            type(failure).__name__,
            " and our DPO alerted" if alerted else "",
        )
