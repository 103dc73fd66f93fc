"""The outbox sender: claim, render, send concurrently, settle — one batch at a time.

The claim is committed before any channel is called, and the results are committed after, so a crash
between the two leaves the batch ``sending`` under a lease; the next run re-sends exactly those notices,
marked as possible duplicates, with the same notice key (``breach.outbox``). Transient failures retry
with backoff on the same contact; after ``attempts_per_contact`` failures, or at once on a permanent
one, the next contact in the customer's order is tried; when none is left the notice fails, visibly,
with its reason. Every try is a ``DeliveryAttempt`` row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final
from uuid import UUID, uuid4

from sqlalchemy import insert
from sqlmodel import Session, col, func, select

from breach import audit, awareness, notices, outbox, repository
from breach.clock import Clock
from breach.errors import BreachError, DeliveryError
from breach.models import Contact, Customer, DeliveryAttempt, Incident, Notice, SentMessage
from breach.vocabulary import AttemptOutcome, DetailLevel, Language, NoticeKind, NoticeStatus
from notifications import archive, payload
from notifications.channels import Attachment, Channel, OutgoingMessage, Receipt
from notifications.context import (
    AlertContext,
    NoticeContext,
    Sender,
    ServiceLine,
    alert_context,
    contact_check_context,
    notice_context,
)
from notifications.faults import checkpoint
from notifications.packs import PackContext
from notifications.rendering import Rendition, render_notice, render_pool
from notifications.support_notice import FULL_ONLY, case_packs, render_with_packs

UnitOfWork = Callable[[], AbstractContextManager[Session]]
SENDER_ACTOR = "outbox"

# Kinds that do not attach the breach notice document: a support-pack notice attaches its packs (each
# with its own JSON), a record of destruction states counts and a fingerprint, not the breach's facts.
NO_PAYLOAD: Final = frozenset({NoticeKind.SUPPORT_PACK, NoticeKind.DESTRUCTION})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts_per_contact: int = 3
    # The wait before the 2nd, 3rd, ... try on one contact.
    backoff: tuple[timedelta, ...] = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))
    lease: timedelta = outbox.DEFAULT_LEASE
    concurrency: int = 8
    # Worker processes that render a batch's notices while this one sends (0: render here).
    render_processes: int = 0

    def wait(self, failures_on_contact: int) -> timedelta:
        return self.backoff[min(failures_on_contact, len(self.backoff)) - 1]


@dataclass(frozen=True, slots=True)
class Job:
    notice_id: UUID
    contact_id: UUID | None
    # One URL for a customer's contact; every configured URL for an internal alert (any may succeed).
    urls: tuple[str, ...]
    display: str
    message: OutgoingMessage | None
    # Set when the notice could not even be prepared (no contact, a template defect).
    problem: DeliveryError | None = None


@dataclass(frozen=True, slots=True)
class InternalRoute:
    """Where alerts to our DPO and security lead go (Apprise URLs from settings), and in which language."""

    urls: tuple[str, ...] = ()
    language: str = "en"
    timezone: str = "Europe/Brussels"


# The signed acknowledgement link of a notice, when the web application is configured.
LinkMaker = Callable[[Notice], str | None]


@dataclass(frozen=True, slots=True)
class Result:
    job: Job
    started: datetime
    finished: datetime
    receipt: Receipt | None
    error: DeliveryError | None


@dataclass
class BatchCounts:
    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    possible_duplicates: int = 0
    failed_notice_ids: list[UUID] = field(default_factory=list)

    def add(self, other: BatchCounts) -> None:
        self.claimed += other.claimed
        self.delivered += other.delivered
        self.retrying += other.retrying
        self.failed += other.failed
        self.possible_duplicates += other.possible_duplicates
        self.failed_notice_ids.extend(other.failed_notice_ids)

    @classmethod
    def from_dict(cls, counts: dict[str, int]) -> BatchCounts:
        return cls(
            claimed=counts.get("claimed", 0),
            delivered=counts.get("delivered", 0),
            retrying=counts.get("retrying", 0),
            failed=counts.get("failed", 0),
            possible_duplicates=counts.get("possible_duplicates", 0),
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "claimed": self.claimed,
            "delivered": self.delivered,
            "retrying": self.retrying,
            "failed": self.failed,
            "possible_duplicates": self.possible_duplicates,
        }


@dataclass(frozen=True, slots=True)
class Draft:
    """A claimed notice with everything it needs except its rendering: a ``Job`` once rendered.

    ``job`` is set instead when the notice could not even be planned (no contact left, say).
    """

    notice: Notice
    context: NoticeContext | AlertContext | None
    urls: tuple[str, ...] = ()
    display: str = ""
    contact_id: UUID | None = None
    # Attach the machine-readable JSON document (full-detail contacts).
    with_payload: bool = False
    job: Job | None = None
    # The support packs to attach (a support-pack notice to a full-detail contact).
    packs: tuple[PackContext, ...] = ()


def prepare(
    claimed: Sequence[Notice],
    *,
    session: Session,
    sender: Sender,
    now: datetime,
    internal: InternalRoute = InternalRoute(),
    links: LinkMaker | None = None,
) -> list[Job]:
    """Render every claimed notice for its current contact, loading what it needs in bulk."""
    return [
        realise(draft)
        for draft in plan(claimed, session=session, sender=sender, now=now, internal=internal, links=links)
    ]


def plan(
    claimed: Sequence[Notice],
    *,
    session: Session,
    sender: Sender,
    now: datetime,
    internal: InternalRoute = InternalRoute(),
    links: LinkMaker | None = None,
) -> list[Draft]:
    """Every claimed notice's context, contact and attachment, loading what it needs in bulk.

    Everything that reads the database happens here; ``realise`` then renders each draft without it, so
    a batch can start sending its first notice while it renders the next.
    """
    incidents = repository.incidents_by_id(list({n.incident_id for n in claimed if n.incident_id}), session=session)
    customer_ids = list({n.customer_id for n in claimed if n.customer_id})
    customers = repository.customers_by_id(customer_ids, session=session)
    cases = repository.cases_by_id([n.case_id for n in claimed if n.case_id], session=session)
    contacts = repository.contacts_by_id([n.contact_id for n in claimed if n.contact_id], session=session)
    services_by_incident = {i: [s.id for s in repository.incident_services(i, session=session)] for i in incidents}
    uses = {
        i: repository.service_uses_detail(customer_ids, ids, session=session) for i, ids in services_by_incident.items()
    }
    drafts: list[Draft] = []
    for notice in claimed:
        incident = incidents.get(notice.incident_id) if notice.incident_id else None
        if notice.customer_id is None:
            drafts.append(_internal_draft(notice, incident, internal=internal, sender=sender, now=now))
            continue
        contact = contacts.get(notice.contact_id) if notice.contact_id else None
        if notice.kind is NoticeKind.CONTACT_CHECK and incident is None and contact is not None:
            drafts.append(
                _check_draft(notice, customers[notice.customer_id], contact, sender=sender, now=now, links=links)
            )
            continue
        if contact is None or incident is None:
            problem = DeliveryError("no contact left to try", transient=False)
            drafts.append(Draft(notice, None, job=Job(notice.id, None, (), "", None, problem)))
            continue
        customer = customers[notice.customer_id]
        lines = [
            ServiceLine(
                name=service.name,
                data_subjects=use.data_subjects,
                data_kinds=tuple(use.data_kinds),
                subject_kinds=tuple(use.subject_kinds),
            )
            for use, service in uses[incident.id].get(customer.id, [])
        ]
        case = cases.get(notice.case_id) if notice.case_id else None
        context = notice_context(
            notice=notice,
            incident=incident,
            customer=customer,
            case=case,
            services=lines,
            detail=contact.detail,
            sender=sender,
            now=now,
            ack_url=links(notice) if links is not None else None,
            details=notice.details,
        )
        full = contact.detail is DetailLevel.FULL
        packs: tuple[PackContext, ...] = ()
        if notice.kind is NoticeKind.SUPPORT_PACK and full:
            try:
                if case is None:
                    raise DeliveryError("a support-pack notice needs its case", transient=False)
                kinds = [str(k) for k in notice.details.get("packs") or ()]
                packs = case_packs(
                    kinds, incident=incident, case=case, customer=customer, session=session, sender=sender, now=now
                )
            except (BreachError, ValueError) as exc:  # a stored pack kind or a case we cannot build: visible
                # No contact on the job: another contact would fail the same way, so the notice fails at once.
                problem = DeliveryError(f"packs not built: {exc}", transient=False)
                drafts.append(Draft(notice, None, job=Job(notice.id, None, (), contact.display, None, problem)))
                continue
        drafts.append(
            Draft(
                notice,
                context,
                urls=(contact.url,),
                display=contact.display,
                contact_id=contact.id,
                with_payload=full and notice.kind not in NO_PAYLOAD,
                packs=packs,
            )
        )
    return drafts


def _render(draft: Draft, context: NoticeContext | AlertContext) -> Rendition:
    kind, language = draft.notice.kind.value, draft.notice.language.value
    if draft.packs and isinstance(context, NoticeContext):
        return render_with_packs(kind, language, context, draft.with_payload, draft.packs)
    return render_notice(kind, language, context, draft.with_payload)


def realise(draft: Draft, rendition: Rendition | None = None) -> Job:
    """Render a draft into the job a channel sends; a template defect makes a job that fails visibly.

    ``rendition``: the draft already rendered elsewhere (a render worker).
    """
    if draft.job is not None:
        return draft.job
    if draft.context is None:  # a draft is either planned with a context or already a job
        raise ValueError("a draft without a context needs its job")
    if rendition is None:
        rendition = _render(draft, draft.context)
    if rendition.rendered is None:  # a template defect: the notice fails visibly instead of leaving incomplete
        problem = DeliveryError(rendition.problem or "not rendered", transient=False)
        return Job(draft.notice.id, draft.contact_id, draft.urls, draft.display, None, problem)
    rendered = rendition.rendered
    attachments = (
        (Attachment(payload.FILENAME, rendition.document, "application/json"),)
        if rendition.document is not None
        else ()
    ) + tuple(Attachment(name, content, mimetype) for name, content, mimetype in rendition.files)
    message = OutgoingMessage(
        notice_key=draft.notice.notice_key,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        attachments=attachments,
        possible_duplicate=draft.notice.possible_duplicate,
    )
    return Job(draft.notice.id, draft.contact_id, draft.urls, draft.display, message)


def _check_draft(
    notice: Notice, customer: Customer, contact: Contact, *, sender: Sender, now: datetime, links: LinkMaker | None
) -> Draft:
    """A contact check (flows.contact_checks): no incident, one contact, no breach payload attached."""
    context = contact_check_context(
        notice=notice,
        customer=customer,
        detail=contact.detail,
        sender=sender,
        now=now,
        ack_url=links(notice) if links is not None else None,
    )
    return Draft(notice, context, urls=(contact.url,), display=contact.display, contact_id=contact.id)


def _internal_draft(
    notice: Notice, incident: Incident | None, *, internal: InternalRoute, sender: Sender, now: datetime
) -> Draft:
    if not internal.urls:
        problem = DeliveryError("no internal alert channel is configured (BREACH_DPO_ALERT_URLS)", transient=False)
        return Draft(notice, None, job=Job(notice.id, None, (), "internal", None, problem))
    context = alert_context(
        notice_key=notice.notice_key,
        language=notice.language.value,
        alert=str(notice.details.get("alert", "")),
        # An alert about no incident may name what it is about (a prior consultation's reference).
        reference=incident.reference if incident is not None else str(notice.details.get("reference") or "ENGINE"),
        sender=sender,
        now=now,
        tz=internal.timezone,
        details=notice.details,
    )
    return Draft(notice, context, urls=internal.urls, display="internal alert channels", contact_id=None)


def _send_one(job: Job, channel: Channel, clock: Clock) -> Result:
    started = clock.now()
    if job.problem is not None or job.message is None:
        return Result(job, started, started, None, job.problem)
    errors: list[DeliveryError] = []
    for url in job.urls:
        try:
            receipt = channel.send(url, job.message)
        except DeliveryError as error:
            errors.append(error)
            continue
        checkpoint("mid-batch")
        return Result(job, started, clock.now(), receipt, None)
    if len(errors) == 1:
        return Result(job, started, clock.now(), None, errors[0])
    combined = DeliveryError("; ".join(e.reason for e in errors), transient=any(e.transient for e in errors))
    return Result(job, started, clock.now(), None, combined)


def send_all(jobs: Sequence[Job], *, channel: Channel, clock: Clock, concurrency: int) -> list[Result]:
    if concurrency <= 1 or len(jobs) <= 1:
        return [_send_one(job, channel, clock) for job in jobs]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(jobs)), thread_name_prefix="send") as pool:
        return list(pool.map(lambda job: _send_one(job, channel, clock), jobs))


# A batch smaller than this renders in the delivering process: starting a worker would cost more.
MIN_POOLED_BATCH = 16


def render_and_send(
    drafts: Sequence[Draft], *, channel: Channel, clock: Clock, concurrency: int, render_processes: int = 0
) -> list[Result]:
    """Render each draft and hand it to a sender at once: the first notice leaves while the next renders.

    With ``render_processes`` the rendering runs in worker processes (``RenderPool``) once they are up,
    on another core than the sending; until then, and for small batches, it runs here. Results come back
    in the drafts' order, as ``send_all`` returns them.
    """
    pool = render_pool(render_processes) if len(drafts) >= MIN_POOLED_BATCH else None
    rendered: list[Future[Rendition] | None] = [None] * len(drafts)
    pooled_from = len(drafts)  # drafts from this index on were handed to the pool

    def job(index: int) -> Job:
        nonlocal pooled_from
        if pool is not None and index < pooled_from and pool.ready():
            # The workers are up (now, or from the start): the rest of the batch renders there.
            for later in range(index, pooled_from):
                draft = drafts[later]
                if draft.job is None and draft.context is not None:
                    kind, language = draft.notice.kind.value, draft.notice.language.value
                    if draft.packs and isinstance(draft.context, NoticeContext):
                        rendered[later] = pool.submit(
                            render_with_packs, kind, language, draft.context, draft.with_payload, draft.packs
                        )
                    else:
                        rendered[later] = pool.submit(render_notice, kind, language, draft.context, draft.with_payload)
            pooled_from = index
        future = rendered[index]
        if future is None:
            return realise(drafts[index])
        try:
            return realise(drafts[index], future.result())
        except BrokenProcessPool:  # a worker died (killed, out of memory): render here instead
            return realise(drafts[index])

    if concurrency <= 1 or len(drafts) <= 1:
        return [_send_one(job(i), channel, clock) for i in range(len(drafts))]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(drafts)), thread_name_prefix="send") as senders:
        futures = [senders.submit(_send_one, job(i), channel, clock) for i in range(len(drafts))]
        return [future.result() for future in futures]


def _failures_on_contact(notice_id: UUID, contact_id: UUID | None, *, session: Session) -> int:
    return session.exec(
        select(func.count())
        .select_from(DeliveryAttempt)
        .where(DeliveryAttempt.notice_id == notice_id)
        .where(DeliveryAttempt.contact_id == contact_id)
        .where(DeliveryAttempt.outcome != AttemptOutcome.SUCCESS)
    ).one()


def _next_contact(notice: Notice, *, session: Session) -> Contact | None:
    # A contact check tests one contact: it never falls back to another (flows.contact_checks).
    if notice.customer_id is None or notice.kind is NoticeKind.CONTACT_CHECK:
        return None
    ordered = list(repository.contacts_of(notice.customer_id, session=session))
    if notice.kind in FULL_ONLY:
        # Packs hold the breach's facts: a chat channel is never a fallback for them (LAW.md section 3).
        ordered = [c for c in ordered if c.detail is DetailLevel.FULL or c.id == notice.contact_id]
    positions = [c.id for c in ordered]
    if notice.contact_id not in positions:
        return ordered[0] if ordered else None
    index = positions.index(notice.contact_id)
    return ordered[index + 1] if index + 1 < len(ordered) else None


def settle(
    results: Sequence[Result],
    *,
    session: Session,
    policy: RetryPolicy,
    now: datetime,
    internal: InternalRoute = InternalRoute(),
) -> BatchCounts:
    """Record every attempt and move each notice on. Never commits."""
    counts = BatchCounts(claimed=len(results))
    by_id = {
        n.id: n
        for n in session.exec(select(Notice).where(col(Notice.id).in_([r.job.notice_id for r in results]))).all()
    }
    touched_incidents: set[UUID] = set()
    # The batch's audit events, in the order of its results, are chained under one lock of the head;
    # its attempts and sent messages go in with one bulk insert each.
    events: list[audit.Entry] = []
    delivered: list[tuple[Notice, Result]] = []
    sent: list[dict[str, Any]] = []
    if results:
        session.execute(insert(DeliveryAttempt), [_attempt_row(r, by_id[r.job.notice_id]) for r in results])
    for result in results:
        notice = by_id[result.job.notice_id]
        if notice.possible_duplicate:
            counts.possible_duplicates += 1
        if result.error is None:
            events.append(_delivered(notice, result, sent, now=now))
            delivered.append((notice, result))
            counts.delivered += 1
            if notice.incident_id:
                touched_incidents.add(notice.incident_id)
            continue
        failed = _failed(
            notice, result, result.error, counts, session=session, policy=policy, now=now, internal=internal
        )
        if failed is not None:
            events.append(failed)
        session.add(notice)
    if sent:
        session.execute(insert(SentMessage), sent)
    session.flush()
    audit.append_many(events, session=session)
    _record_first_deliveries(delivered, session=session, now=now)
    for incident_id in touched_incidents:
        incident = repository.incidents_by_id([incident_id], session=session)[incident_id]
        awareness.settle_incident_status(session=session, incident=incident, actor=SENDER_ACTOR, now=now)
    return counts


def _attempt_row(result: Result, notice: Notice) -> dict[str, Any]:
    """The ``DeliveryAttempt`` row of one try, for the batch's bulk insert."""
    error = result.error
    return {
        "id": uuid4(),
        "notice_id": notice.id,
        "contact_id": result.job.contact_id,
        "contact": result.job.display or "(none)",
        "started_at": result.started,
        "finished_at": result.finished,
        "outcome": AttemptOutcome.SUCCESS if error is None else _outcome(error),
        "reason": "" if error is None else error.reason,
        "possible_duplicate": notice.possible_duplicate,
    }


def _failed(
    notice: Notice,
    result: Result,
    error: DeliveryError,
    counts: BatchCounts,
    *,
    session: Session,
    policy: RetryPolicy,
    now: datetime,
    internal: InternalRoute,
) -> audit.Entry | None:
    """A try failed: retry on the same contact, fall back to the next, or fail the notice (its audit event)."""
    session.flush()
    notice.last_error = error.reason
    failures = _failures_on_contact(notice.id, result.job.contact_id, session=session)
    if error.transient and result.job.contact_id and failures < policy.attempts_per_contact:
        notice.status = NoticeStatus.PENDING
        notice.next_attempt_at = now + policy.wait(failures)
        counts.retrying += 1
        return None
    if (following := _next_contact(notice, session=session)) is not None and result.job.contact_id:
        notice.contact_id = following.id
        notice.status = NoticeStatus.PENDING
        notice.next_attempt_at = now
        counts.retrying += 1
        return None
    if notice.delivered_at is not None:
        # An escalation re-send through another contact failed; the notice itself was delivered before,
        # so it stays delivered (the escalation chain goes on from its first delivery).
        notice.status = NoticeStatus.DELIVERED
        notice.next_attempt_at = None
        counts.failed += 1
        return None
    notice.status = NoticeStatus.FAILED
    notice.next_attempt_at = None
    counts.failed += 1
    counts.failed_notice_ids.append(notice.id)
    if notice.customer_id is not None:
        _alert_failure(notice, error, session=session, now=now, language=internal.language)
    return audit.Entry(
        event_type="notice.failed",
        actor=SENDER_ACTOR,
        at=now,
        incident_id=notice.incident_id,
        case_id=notice.case_id,
        subject_id=notice.id,
        data={"notice_key": notice.notice_key},
        content=error.reason,
    )


def _alert_failure(notice: Notice, error: DeliveryError, *, session: Session, now: datetime, language: str) -> None:
    """Every contact of a customer failed: our DPO is told, with the reason (DPA 8(1)(b) is at stake)."""
    customer = session.get(Customer, notice.customer_id) if notice.customer_id else None
    incident = session.get(Incident, notice.incident_id) if notice.incident_id else None
    notices.queue_internal(
        session=session,
        now=now,
        # A failed contact check is one dead contact, not a customer we could not reach at all.
        alert="contact_check_failed" if notice.kind is NoticeKind.CONTACT_CHECK else "delivery_failed",
        cause=notice.notice_key,
        language=Language(language),
        incident=incident,
        details={
            "customer": customer.name if customer else None,
            "notice_key": notice.notice_key,
            "reason": error.reason,
        },
    )


def _outcome(error: DeliveryError) -> AttemptOutcome:
    text = error.reason.lower()
    if text.startswith("timed out"):
        return AttemptOutcome.TIMEOUT
    if text.startswith("no apprise service matched"):
        return AttemptOutcome.NOMATCH
    return AttemptOutcome.FAILURE if error.transient else AttemptOutcome.ERROR


def _delivered(notice: Notice, result: Result, sent: list[dict[str, Any]], *, now: datetime) -> audit.Entry:
    """Mark the notice delivered and keep the message as sent (a row added to ``sent``); returns its audit
    event, to be chained with the batch's others."""
    notice.status = NoticeStatus.DELIVERED
    notice.delivered_at = result.finished
    notice.next_attempt_at = None
    notice.last_error = None
    message = result.job.message
    digest = None
    if message is not None:
        digest, content = archive.pack(message)
        sent.append(
            {
                "id": uuid4(),
                "notice_id": notice.id,
                "sent_at": result.finished,
                "contact": result.job.display,
                "sha256": digest,
                "content": content,
                "possible_duplicate": notice.possible_duplicate,
            }
        )
    return audit.Entry(
        event_type="notice.delivered",
        actor=SENDER_ACTOR,
        at=now,
        incident_id=notice.incident_id,
        case_id=notice.case_id,
        subject_id=notice.id,
        data={
            "notice_key": notice.notice_key,
            "contact": result.job.display,
            "duplicate": notice.possible_duplicate,
            "sent_sha256": digest,
        },
    )


def _record_first_deliveries(delivered: Sequence[tuple[Notice, Result]], *, session: Session, now: datetime) -> None:
    """First notices delivered: each customer's awareness and clocks, for the whole batch at once."""
    awareness.record_first_deliveries(
        [
            awareness.FirstDelivery(
                incident_id=notice.incident_id,
                case_id=notice.case_id,
                customer_id=notice.customer_id,
                at=result.finished,
            )
            for notice, result in delivered
            if notice.kind in awareness.FIRST_NOTICES and notice.case_id and notice.incident_id and notice.customer_id
        ],
        session=session,
        now=now,
    )


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
