"""The Prefect flow ``handle_incident``: deliver an incident's pending notices in batches.

Prefect is a thin shell (DESIGN.md habit 8): tasks take and return ids and counts only, never personal
data, because parameters, inputs, results and logs are visible in the UI and stored by Prefect. Side
effects are never cached; exactly-once comes from the outbox, not from Prefect.
"""

from __future__ import annotations

import time
from collections import deque
from datetime import timedelta
from typing import Any
from uuid import UUID

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from sqlmodel import col, select

from breach import outbox
from breach.models import Incident, Notice
from breach.vocabulary import NoticeStatus
from flows import db, runtime
from flows.watchdog import publish
from notifications.delivery import MIN_POOLED_BATCH, BatchCounts, chunks
from notifications.faults import checkpoint
from notifications.rendering import render_pool

# Retries due within this wait are taken inside the run; later ones are left to the watchdog.
IN_RUN_RETRY_WINDOW = timedelta(seconds=90)


def _run_name() -> str:
    incident_id = flow_run.parameters.get("incident_id")
    with db.unit_of_work() as session:
        reference = session.exec(select(Incident.reference).where(Incident.id == UUID(str(incident_id)))).first()
    return f"handle_incident {reference or incident_id}"


@task(name="due-notices", cache_policy=NO_CACHE, persist_result=False)
def due_notice_ids(incident_id: UUID) -> list[UUID]:
    with db.unit_of_work() as session:
        return outbox.due_ids(session=session, now=runtime.clock.now(), incident_id=incident_id)


@task(name="deliver-batch", cache_policy=NO_CACHE, persist_result=False)
def deliver_notices(notice_ids: list[UUID]) -> dict[str, int]:
    return runtime.deliver(limit=len(notice_ids), notice_ids=notice_ids).as_dict()


def _next_retry_in(incident_id: UUID) -> timedelta | None:
    with db.unit_of_work() as session:
        soonest = session.exec(
            select(Notice.next_attempt_at)
            .where(Notice.incident_id == incident_id, Notice.status == NoticeStatus.PENDING)
            .where(col(Notice.next_attempt_at).is_not(None))
            .order_by(col(Notice.next_attempt_at))
        ).first()
    if soonest is None:
        return None
    return max(soonest - runtime.clock.now(), timedelta(0))


def _collect(future: PrefectFuture[dict[str, int]], totals: BatchCounts, logger: Any) -> None:
    counts = future.result()
    totals.add(BatchCounts.from_dict(counts))
    logger.info("batch: %s", counts)
    checkpoint("between-batches")


@flow(name="handle_incident", flow_run_name=_run_name, persist_result=False, log_prints=False)
def handle_incident(incident_id: UUID) -> dict[str, Any]:
    """Deliver every due notice of the incident, batch by batch, and take retries due soon."""
    logger = get_run_logger()
    totals = BatchCounts()
    for _round in range(10):
        ids = due_notice_ids(incident_id)
        if len(ids) >= MIN_POOLED_BATCH and (pool := render_pool(runtime.render_processes())) is not None:
            pool.ready()  # the render workers start while the first batch is claimed and planned
        # A few batches in flight at once: one renders and sends while another waits for the database.
        in_flight: deque[PrefectFuture[dict[str, int]]] = deque()
        for batch in chunks(ids, runtime.batch_size()):
            if len(in_flight) >= runtime.batches_in_flight():
                _collect(in_flight.popleft(), totals, logger)
            in_flight.append(deliver_notices.submit(batch))
        while in_flight:
            _collect(in_flight.popleft(), totals, logger)
        wait = _next_retry_in(incident_id)
        if wait is None or wait > IN_RUN_RETRY_WINDOW:
            break
        time.sleep(wait.total_seconds())
    logger.info("incident done: %s", totals.as_dict())
    publish()
    return totals.as_dict()
