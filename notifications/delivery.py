"""The outbox sender: claim, render, send concurrently, settle — one batch at a time.

The claim is committed before any channel is called, and the results are committed after, so a crash
between the two leaves the batch ``sending`` under a lease; the next run re-sends exactly those notices,
marked as possible duplicates, with the same notice key (``breach.outbox``). Transient failures retry
with backoff on the same contact; after ``attempts_per_contact`` failures, or at once on a permanent
one, the next contact in the customer's order is tried; when none is left the notice fails, visibly,
with its reason. Every try is a ``DeliveryAttempt`` row.

Each step is a module of its own: ``notifications.prepare`` plans the claimed notices (the only reads),
``notifications.send`` renders and sends them, ``notifications.settle`` records the results; the values
passed between them are in ``notifications.delivery_types``. ``deliver_batch`` runs them in order, and
callers import from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from uuid import UUID

from sqlmodel import Session

from breach import outbox
from breach.clock import Clock
from notifications.channels import Channel
from notifications.context import Sender
from notifications.delivery_types import BatchCounts, Draft, InternalRoute, LinkMaker, RetryPolicy
from notifications.faults import checkpoint
from notifications.prepare import plan
from notifications.rendering import render_pool
from notifications.send import MIN_POOLED_BATCH, render_and_send
from notifications.settle import settle

# What flows and tests import from here; the rest stays in the step modules.
__all__ = [
    "MIN_POOLED_BATCH",
    "BatchCounts",
    "Draft",
    "InternalRoute",
    "LinkMaker",
    "RetryPolicy",
    "UnitOfWork",
    "chunks",
    "deliver_batch",
    "render_and_send",
]

UnitOfWork = Callable[[], AbstractContextManager[Session]]


def deliver_batch(
    *,
    unit_of_work: UnitOfWork,
    channel: Channel,
    sender: Sender,
    clock: Clock,
    limit: int,
    policy: RetryPolicy = RetryPolicy(),
    incident_id: UUID | None = None,
    notice_ids: Sequence[UUID] | None = None,
    internal: InternalRoute = InternalRoute(),
    links: LinkMaker | None = None,
) -> BatchCounts:
    """Claim up to ``limit`` due notices, send them, and settle them: three steps, two commits."""
    with unit_of_work() as session:
        claimed = outbox.claim(
            session=session,
            now=clock.now(),
            limit=limit,
            lease=policy.lease,
            incident_id=incident_id,
            notice_ids=notice_ids,
        )
        if len(claimed) >= MIN_POOLED_BATCH and (pool := render_pool(policy.render_processes)) is not None:
            pool.ready()  # starts the render workers while this batch is planned
        drafts = plan(claimed, session=session, sender=sender, now=clock.now(), internal=internal, links=links)
    if not drafts:
        return BatchCounts()
    checkpoint("after-claim")
    results = render_and_send(
        drafts,
        channel=channel,
        clock=clock,
        concurrency=policy.concurrency,
        render_processes=policy.render_processes,
    )
    checkpoint("after-send")
    with unit_of_work() as session:
        return settle(results, session=session, policy=policy, now=clock.now(), internal=internal)


def chunks(ids: Sequence[UUID], size: int) -> Iterator[list[UUID]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])
