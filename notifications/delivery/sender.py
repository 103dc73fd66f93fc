"""The outbox sender: claim, render, send concurrently, settle each try as it returns — one batch at a time.

The claim is committed before any channel is called, and each result is committed soon after its try
returns, so a crash between the two leaves those notices ``sending`` under a lease; the next run re-sends
exactly those, marked as possible duplicates, with the same notice key (``breach.notices.store.outbox``). While the
batch sends, its lease is kept alive (``notifications.delivery.lease``), and a result counts only for the claim that
still holds its notice (``breach.notices.store.outbox.fence``): a slow batch is never sent twice, and a sender that lost
its claim anyway records an extra attempt, never a second delivery. Transient failures retry
with backoff on the same contact; after ``attempts_per_contact`` failures, or at once on a permanent
one, the next contact in the customer's order is tried; when none is left the notice fails, visibly,
with its reason. Every try is a ``DeliveryAttempt`` row.

Each step is a module of its own: ``notifications.delivery.prepare`` plans the claimed notices (the only reads),
``delivery.send`` renders and sends them, ``delivery.settle`` records the results; the values
passed between them are in ``notifications.delivery.values``. ``deliver_batch`` runs them in order, and
callers import from here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from functools import partial
from uuid import UUID, uuid4

from breach.clock import Clock
from breach.notices.store import outbox
from notifications.channels.channel import Channel
from notifications.context.build import Sender
from notifications.delivery.faults import checkpoint
from notifications.delivery.lease import LeaseKeeper, UnitOfWork
from notifications.delivery.prepare import plan
from notifications.delivery.send import MIN_POOLED_BATCH, Outbound, render_and_send
from notifications.delivery.settle import settle
from notifications.delivery.stragglers import background
from notifications.delivery.values import BatchCounts, Draft, InternalRoute, LinkMaker, RetryPolicy
from notifications.render.rendering import render_pool

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
    straggle_after: float | None = None,
    straggle_group: str = "",
) -> BatchCounts:
    """Claim up to ``limit`` due notices, send them, and settle each as soon as its try returns.

    The claim is committed first; then, while the batch is sent, its results are settled in groups, one
    unit of work each: a group closes when results stop coming for ``policy.settle_idle``, or after
    ``policy.settle_within``, or at ``policy.settle_most`` results. Meanwhile the lease of what is still in
    flight is kept alive (``LeaseKeeper``).

    With ``straggle_after`` (seconds), it returns once every notice went to a sender and no result came for
    that long: the rest settle in the background, counted in ``straggle_group``
    (``notifications.delivery.stragglers.background.wait``). Without it, it returns when all are settled.
    """
    token = uuid4()
    with unit_of_work() as session:
        claimed = outbox.claim(
            session=session,
            now=clock.now(),
            limit=limit,
            lease=policy.lease,
            incident_id=incident_id,
            notice_ids=notice_ids,
            token=token,
        )
        if len(claimed) >= MIN_POOLED_BATCH and (pool := render_pool(policy.render_processes)) is not None:
            pool.ready()  # starts the render workers while this batch is planned
        drafts = plan(claimed, session=session, sender=sender, now=clock.now(), internal=internal, links=links)
    if not drafts:
        return BatchCounts()
    checkpoint("after-claim")
    ids = [draft.notice.id for draft in drafts]
    outbound = Outbound(
        drafts, channel=channel, clock=clock, concurrency=policy.concurrency, render_processes=policy.render_processes
    )
    # The outbound lets each draft go once it is rendered; holding them here would keep every context.
    del drafts
    recorder = _Recorder(
        outbound, unit_of_work=unit_of_work, token=token, clock=clock, policy=policy, internal=internal
    )
    with ExitStack() as stack:
        recorder.keeper = stack.enter_context(
            LeaseKeeper(unit_of_work, token=token, ids=ids, lease=policy.lease, clock=clock)
        )
        stack.enter_context(outbound)
        totals = recorder.record(quiet=straggle_after)
        if outbound.remaining > 0:
            # Every notice went to a sender and the rest are slow: they settle in the background, the caller
            # goes on (notifications.delivery.stragglers.background). The lease keeper and the senders go with them.
            later = stack.pop_all()
            background.hand_over(partial(recorder.finish, later), group=straggle_group)
    return totals


class _Recorder:
    """Settles a batch's results as they arrive, one unit of work per group (``deliver_batch``)."""

    def __init__(
        self,
        outbound: Outbound,
        *,
        unit_of_work: UnitOfWork,
        token: UUID,
        clock: Clock,
        policy: RetryPolicy,
        internal: InternalRoute,
    ) -> None:
        self.outbound = outbound
        self.keeper: LeaseKeeper | None = None
        self.unit_of_work = unit_of_work
        self.token = token
        self.clock = clock
        self.policy = policy
        self.internal = internal

    def record(self, *, quiet: float | None = None) -> BatchCounts:
        """Settle results until every one is in, or (with ``quiet``) until the whole batch went to senders
        and no result came for ``quiet`` seconds."""
        totals = BatchCounts()
        policy, outbound = self.policy, self.outbound
        within, idle = policy.settle_within.total_seconds(), policy.settle_idle.total_seconds()
        while outbound.remaining > 0:
            arrived = outbound.next(most=policy.settle_most, within=within, idle=idle, first_within=quiet)
            if not arrived:
                if quiet is not None and outbound.fed.is_set():
                    return totals
                continue
            results = [result for _, result in arrived]
            checkpoint("after-send")
            # Released before settling: the keeper and the settle never lock the same rows (two updates
            # of overlapping rows in different orders can deadlock on PostgreSQL). The settle's own fence
            # holds them from its first statement.
            if self.keeper is not None:
                self.keeper.release(result.job.notice_id for result in results)
            with self.unit_of_work() as session:
                now = self.clock.now()
                totals.add(
                    settle(results, token=self.token, session=session, policy=policy, now=now, internal=self.internal)
                )
        return totals

    def finish(self, stack: ExitStack) -> BatchCounts:
        """The stragglers: every remaining result settled, then the senders and the lease keeper stopped."""
        with stack:
            return self.record()


def chunks(ids: Sequence[UUID], size: int) -> Iterator[list[UUID]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])
