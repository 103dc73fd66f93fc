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
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from sqlmodel import Session, col, func, select

from breach import audit, awareness, outbox, repository
from breach.clock import Clock
from breach.errors import DeliveryError
from breach.models import Contact, DeliveryAttempt, Notice
from breach.vocabulary import AttemptOutcome, DetailLevel, NoticeStatus
from notifications import payload
from notifications.channels import Attachment, Channel, OutgoingMessage, Receipt
from notifications.context import Sender, ServiceLine, notice_context
from notifications.rendering import render

UnitOfWork = Callable[[], AbstractContextManager[Session]]
SENDER_ACTOR = "outbox"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts_per_contact: int = 3
    # The wait before the 2nd, 3rd, ... try on one contact.
    backoff: tuple[timedelta, ...] = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))
    lease: timedelta = outbox.DEFAULT_LEASE
    concurrency: int = 8

    def wait(self, failures_on_contact: int) -> timedelta:
        return self.backoff[min(failures_on_contact, len(self.backoff)) - 1]


@dataclass(frozen=True, slots=True)
class Job:
    notice_id: UUID
    contact_id: UUID | None
    url: str
    display: str
    message: OutgoingMessage | None
    # Set when the notice could not even be prepared (no contact, a template defect).
    problem: DeliveryError | None = None


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


def prepare(claimed: Sequence[Notice], *, session: Session, sender: Sender, now: datetime) -> list[Job]:
    """Render every claimed notice for its current contact, loading what it needs in bulk."""
    incidents = repository.incidents_by_id(list({n.incident_id for n in claimed if n.incident_id}), session=session)
    customer_ids = list({n.customer_id for n in claimed if n.customer_id})
    customers = repository.customers_by_id(customer_ids, session=session)
    cases = repository.cases_by_id([n.case_id for n in claimed if n.case_id], session=session)
    contacts = repository.contacts_by_id([n.contact_id for n in claimed if n.contact_id], session=session)
    services_by_incident = {i: [s.id for s in repository.incident_services(i, session=session)] for i in incidents}
    uses = {
        i: repository.service_uses_detail(customer_ids, ids, session=session) for i, ids in services_by_incident.items()
    }
    jobs: list[Job] = []
    for notice in claimed:
        contact = contacts.get(notice.contact_id) if notice.contact_id else None
        if contact is None or notice.incident_id is None or notice.customer_id is None:
            jobs.append(Job(notice.id, None, "", "", None, DeliveryError("no contact left to try", transient=False)))
            continue
        incident, customer = incidents[notice.incident_id], customers[notice.customer_id]
        lines = [
            ServiceLine(
                name=service.name,
                data_subjects=use.data_subjects,
                data_kinds=tuple(use.data_kinds),
                subject_kinds=tuple(use.subject_kinds),
            )
            for use, service in uses[incident.id].get(customer.id, [])
        ]
        context = notice_context(
            notice=notice,
            incident=incident,
            customer=customer,
            case=cases.get(notice.case_id) if notice.case_id else None,
            services=lines,
            detail=contact.detail,
            sender=sender,
            now=now,
        )
        try:
            rendered = render(notice.kind.value, notice.language.value, context)
        except Exception as exc:  # a template defect: the notice fails visibly instead of leaving incomplete
            jobs.append(
                Job(
                    notice.id,
                    contact.id,
                    contact.url,
                    contact.display,
                    None,
                    DeliveryError(f"not rendered: {exc}", transient=False),
                )
            )
            continue
        attachments = (
            (Attachment(payload.FILENAME, payload.encode(context), "application/json"),)
            if contact.detail is DetailLevel.FULL
            else ()
        )
        message = OutgoingMessage(
            notice_key=notice.notice_key,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            attachments=attachments,
            possible_duplicate=notice.possible_duplicate,
        )
        jobs.append(Job(notice.id, contact.id, contact.url, contact.display, message))
    return jobs


def _send_one(job: Job, channel: Channel, clock: Clock) -> Result:
    started = clock.now()
    if job.problem is not None or job.message is None:
        return Result(job, started, started, None, job.problem)
    try:
        receipt = channel.send(job.url, job.message)
    except DeliveryError as error:
        return Result(job, started, clock.now(), None, error)
    return Result(job, started, clock.now(), receipt, None)


def send_all(jobs: Sequence[Job], *, channel: Channel, clock: Clock, concurrency: int) -> list[Result]:
    if concurrency <= 1 or len(jobs) <= 1:
        return [_send_one(job, channel, clock) for job in jobs]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(jobs)), thread_name_prefix="send") as pool:
        return list(pool.map(lambda job: _send_one(job, channel, clock), jobs))


def _failures_on_contact(notice_id: UUID, contact_id: UUID | None, *, session: Session) -> int:
    return session.exec(
        select(func.count())
        .select_from(DeliveryAttempt)
        .where(DeliveryAttempt.notice_id == notice_id)
        .where(DeliveryAttempt.contact_id == contact_id)
        .where(DeliveryAttempt.outcome != AttemptOutcome.SUCCESS)
    ).one()


def _next_contact(notice: Notice, *, session: Session) -> Contact | None:
    if notice.customer_id is None:
        return None
    ordered = repository.contacts_of(notice.customer_id, session=session)
    positions = [c.id for c in ordered]
    if notice.contact_id not in positions:
        return ordered[0] if ordered else None
    index = positions.index(notice.contact_id)
    return ordered[index + 1] if index + 1 < len(ordered) else None


def settle(results: Sequence[Result], *, session: Session, policy: RetryPolicy, now: datetime) -> BatchCounts:
    """Record every attempt and move each notice on. Never commits."""
    counts = BatchCounts(claimed=len(results))
    notices = {
        n.id: n
        for n in session.exec(select(Notice).where(col(Notice.id).in_([r.job.notice_id for r in results]))).all()
    }
    touched_incidents: set[UUID] = set()
    for result in results:
        notice = notices[result.job.notice_id]
        if notice.possible_duplicate:
            counts.possible_duplicates += 1
        error = result.error
        session.add(
            DeliveryAttempt(
                notice_id=notice.id,
                contact_id=result.job.contact_id,
                contact=result.job.display or "(none)",
                started_at=result.started,
                finished_at=result.finished,
                outcome=AttemptOutcome.SUCCESS if error is None else _outcome(error),
                reason="" if error is None else error.reason,
                possible_duplicate=notice.possible_duplicate,
            )
        )
        if error is None:
            _delivered(notice, result, session=session, now=now)
            counts.delivered += 1
            if notice.incident_id:
                touched_incidents.add(notice.incident_id)
            continue
        session.flush()
        notice.last_error = error.reason
        failures = _failures_on_contact(notice.id, result.job.contact_id, session=session)
        if error.transient and result.job.contact_id and failures < policy.attempts_per_contact:
            notice.status = NoticeStatus.PENDING
            notice.next_attempt_at = now + policy.wait(failures)
            counts.retrying += 1
        elif (following := _next_contact(notice, session=session)) is not None and result.job.contact_id:
            notice.contact_id = following.id
            notice.status = NoticeStatus.PENDING
            notice.next_attempt_at = now
            counts.retrying += 1
        else:
            notice.status = NoticeStatus.FAILED
            notice.next_attempt_at = None
            counts.failed += 1
            counts.failed_notice_ids.append(notice.id)
            audit.append(
                session=session,
                event_type="notice.failed",
                actor=SENDER_ACTOR,
                at=now,
                incident_id=notice.incident_id,
                case_id=notice.case_id,
                subject_id=notice.id,
                data={"notice_key": notice.notice_key},
                content=error.reason,
            )
        session.add(notice)
    session.flush()
    for incident_id in touched_incidents:
        incident = repository.incidents_by_id([incident_id], session=session)[incident_id]
        awareness.settle_incident_status(session=session, incident=incident, actor=SENDER_ACTOR, now=now)
    return counts


def _outcome(error: DeliveryError) -> AttemptOutcome:
    text = error.reason.lower()
    if text.startswith("timed out"):
        return AttemptOutcome.TIMEOUT
    if text.startswith("no apprise service matched"):
        return AttemptOutcome.NOMATCH
    return AttemptOutcome.FAILURE if error.transient else AttemptOutcome.ERROR


def _delivered(notice: Notice, result: Result, *, session: Session, now: datetime) -> None:
    notice.status = NoticeStatus.DELIVERED
    notice.delivered_at = result.finished
    notice.next_attempt_at = None
    notice.last_error = None
    session.add(notice)
    message = result.job.message
    audit.append(
        session=session,
        event_type="notice.delivered",
        actor=SENDER_ACTOR,
        at=now,
        incident_id=notice.incident_id,
        case_id=notice.case_id,
        subject_id=notice.id,
        data={"notice_key": notice.notice_key, "contact": result.job.display, "duplicate": notice.possible_duplicate},
        content=(message.subject + "\n" + message.text) if message else None,
    )
    if notice.kind in awareness.FIRST_NOTICES and notice.case_id and notice.incident_id and notice.customer_id:
        case = repository.cases_by_id([notice.case_id], session=session)[notice.case_id]
        incident = repository.incidents_by_id([notice.incident_id], session=session)[notice.incident_id]
        customer = repository.customers_by_id([notice.customer_id], session=session)[notice.customer_id]
        awareness.record_first_delivery(
            session=session, incident=incident, case=case, customer=customer, at=result.finished, now=now
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
        jobs = prepare(claimed, session=session, sender=sender, now=clock.now())
    if not jobs:
        return BatchCounts()
    results = send_all(jobs, channel=channel, clock=clock, concurrency=policy.concurrency)
    with unit_of_work() as session:
        return settle(results, session=session, policy=policy, now=clock.now())


def chunks(ids: Sequence[UUID], size: int) -> Iterator[list[UUID]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])
