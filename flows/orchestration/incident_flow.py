"""The Prefect flow ``handle_incident``: deliver an incident's pending notices in batches.

Prefect is a thin shell (DESIGN.md habit 8): tasks take and return ids and counts only, never personal
data, because parameters, inputs, results and logs are visible in the UI and stored by Prefect. Side
effects are never cached; exactly-once comes from the outbox, not from Prefect.
"""

from __future__ import annotations

import time
from collections import deque
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from sqlmodel import col, func, select

from breach.db.models.incidents import Incident
from breach.db.models.outbox import Notice
from breach.notices.store import outbox
from breach.vocabulary import NoticeStatus
from flows import db, runtime
from flows.orchestration.watchdog import publish
from notifications.delivery.faults import checkpoint
from notifications.delivery.sender import MIN_POOLED_BATCH, BatchCounts, chunks
from notifications.delivery.stragglers import background as stragglers
from notifications.render.rendering import render_pool


def _reference(incident_id: object) -> str | None:
    with db.unit_of_work() as session:
        return session.exec(select(Incident.reference).where(Incident.id == UUID(str(incident_id)))).first()


def _run_name() -> str:
    """The run is named by the incident's reference first, so Prefect's runs list reads as a list of incidents."""
    incident_id = flow_run.parameters.get("incident_id")
    return f"{_reference(incident_id) or incident_id} delivery"


def _tag_with_reference(incident_id: UUID) -> None:
    """Tag the run with its incident's reference (a filter in Prefect's UI), whoever started it: the CLI, the
    API or the work pool. A reference is no personal data."""
    reference = _reference(incident_id)
    if reference is None or flow_run.id is None:
        return
    with get_client(sync_client=True) as client:
        client.update_flow_run(UUID(str(flow_run.id)), tags=sorted({*flow_run.tags, reference}))


@task(name="due-notices", cache_policy=NO_CACHE, persist_result=False)
def due_notice_ids(incident_id: UUID) -> list[UUID]:
    with db.unit_of_work() as session:
        return outbox.due_ids(session=session, now=runtime.clock.now(), incident_id=incident_id)


# A batch gives its place to the next once all its notices went to senders and no result came for this
# long (seconds): an answering receiver's 99th percentile is about 2 s, a hung one holds its sender 45 s
# (notifications.delivery.stragglers.background). The flow waits for those stragglers before it reports.
STRAGGLE_AFTER = 5.0


@task(name="deliver-batch", cache_policy=NO_CACHE, persist_result=False)
def deliver_notices(notice_ids: list[UUID], group: str = "") -> dict[str, int]:
    return runtime.deliver(
        limit=len(notice_ids), notice_ids=notice_ids, straggle_after=STRAGGLE_AFTER, straggle_group=group
    ).as_dict()


def _still_owed(incident_id: UUID) -> int:
    """The incident's notices not delivered yet after this pass: waiting for a retry, or in flight."""
    with db.unit_of_work() as session:
        return session.exec(
            select(func.count())
            .select_from(Notice)
            .where(Notice.incident_id == incident_id)
            .where(col(Notice.status).in_([NoticeStatus.PENDING.value, NoticeStatus.SENDING.value]))
        ).one()


# A retry due this soon after its try is sent by the run itself instead of waiting for the watchdog's next
# round (every 5 minutes): a receiver that answered 503 or 429 is retried after 2 s, then 8 s, or after its
# Retry-After (RetryPolicy.after); a refused contact's next contact is due at once. The normal waits (30 s
# and more, a hung or failing receiver) stay the watchdog's, so the run still returns after one pass and
# these few rounds (issue 15: a run that waited out 30 s and 2 min held `breach confirm` for 78 s).
SOON = timedelta(seconds=29)
SOON_WAIT_AT_MOST = 10.0
SOON_ROUNDS = 3


def _soon_retries(incident_id: UUID) -> list[tuple[UUID, datetime]]:
    """The incident's notices waiting for a retry scheduled within ``SOON`` of their last claim, and when."""
    with db.unit_of_work() as session:
        rows = session.exec(
            select(Notice.id, Notice.sent_at, Notice.next_attempt_at)
            .where(Notice.incident_id == incident_id)
            .where(Notice.status == NoticeStatus.PENDING.value)
            .where(col(Notice.attempts) > 0)
            .where(col(Notice.next_attempt_at).is_not(None))
        ).all()
    return [(i, due) for i, sent, due in rows if sent is not None and due is not None and due - sent < SOON]


def _deliver_in_batches(ids: list[UUID], group: str, totals: BatchCounts, logger: Any) -> None:
    """The batches of ``ids``, a few in flight at once; their stragglers waited for."""
    in_flight: deque[PrefectFuture[dict[str, int]]] = deque()
    for batch in chunks(ids, runtime.batch_size()):
        if len(in_flight) >= runtime.batches_in_flight():
            _collect(in_flight.popleft(), totals, logger)
        in_flight.append(deliver_notices.submit(batch, group))
    while in_flight:
        _collect(in_flight.popleft(), totals, logger)
    totals.add(stragglers.wait(group))  # the slow sends the batches left settling


def _collect(future: PrefectFuture[dict[str, int]], totals: BatchCounts, logger: Any) -> None:
    counts = future.result()
    totals.add(BatchCounts.from_dict(counts))
    logger.info("batch: %s", counts)
    checkpoint("between-batches")


@flow(name="handle_incident", flow_run_name=_run_name, persist_result=False, log_prints=False)
def handle_incident(incident_id: UUID) -> dict[str, Any]:
    """Deliver every notice of the incident due now, batch by batch, once; retries are the watchdog's.

    The run returns after its first pass (issue 15: ``breach confirm`` waited out retries in-process and
    returned after 78 s). ``pending`` in its result counts the notices still owed (waiting for a retry or
    in flight), which ``watch_deadlines`` and ``breach outbox run`` re-drive when they are due.
    """
    logger = get_run_logger()
    _tag_with_reference(incident_id)
    totals = BatchCounts()
    ids = due_notice_ids(incident_id)
    if len(ids) >= MIN_POOLED_BATCH and (pool := render_pool(runtime.render_processes())) is not None:
        pool.ready()  # the render workers start while the first batch is claimed and planned
    # A few batches in flight at once: one renders and sends while another waits for the database.
    group = f"{incident_id}:{flow_run.id or ''}"
    _deliver_in_batches(ids, group, totals, logger)
    for _ in range(SOON_ROUNDS):  # the retries due in seconds (busy receivers, fallbacks), not the watchdog's
        soon = _soon_retries(incident_id)
        if not soon:
            break
        wait = (min(due for _, due in soon) - runtime.clock.now()).total_seconds()
        if wait > SOON_WAIT_AT_MOST:
            break
        time.sleep(max(wait, 0.0))
        now = runtime.clock.now()
        _deliver_in_batches([i for i, due in soon if due <= now], group, totals, logger)
    totals.pending = _still_owed(incident_id)
    logger.info("incident done: %s", totals.as_dict())
    publish()
    return totals.as_dict()
