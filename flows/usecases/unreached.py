"""Customers we still could not reach: a person's task, and notices failed under the old policy re-driven.

Retries never stop while a notice's duty stands (``notifications.delivery.retries``), but a controller that has
not heard from us an hour after our first try needs a person: DPA 8(1)(b) says "immediately", and a
controller that does not know cannot start on its own 72 hours (GDPR Art. 33(1), (2)). Each watchdog run
and each ``breach outbox run`` therefore:

- re-drives every ``failed`` customer notice whose duty still stands and whose last try failed for a
  reason that may pass (a timeout, a refusal, an error answer): notices failed by the old policy after
  three tries per contact go round their contacts again, from the first;
- raises the customers that crossed ``RetryPolicy.unreached_after`` since the last run in ONE alert per
  incident to our DPO and security lead (``BREACH_DPO_ALERT_URLS``), naming each customer and its
  account manager, so 300 unreached customers make one message, not 300; each notice records when it
  was raised (``unreached_at``), so it is raised once; each account manager with a contact
  (``customer.account_manager_contact``) is sent one alert of their own per incident, listing only their
  customers (``notifications.delivery.manager_route``).

``unreached`` lists them for the worklist and the register, first. A person who reaches a customer
another way records it (``flows.usecases.reached``), which ends the retries.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final
from uuid import UUID

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import Incident
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.incidents import duty
from breach.notices.store import queue as notices
from breach.records.store import audit
from breach.vocabulary import Language, NoticeKind, NoticeStatus
from notifications.delivery import contact_cycle, manager_route
from notifications.delivery.notice_events import notice_event
from notifications.delivery.retries import NO_CONTACT

ACTOR: Final = "watchdog"
ALERT: Final = "customers_unreached"
OPEN: Final = (NoticeStatus.PENDING.value, NoticeStatus.SENDING.value, NoticeStatus.FAILED.value)
# An alert names this many customers; the rest are counted (the worklist lists them all).
NAMED_IN_ALERT: Final = 25


@dataclass(frozen=True, slots=True)
class Unreached:
    """A notice a customer still has not received, with what a person needs to phone it."""

    notice_id: UUID
    notice_key: str
    incident_id: UUID
    reference: str
    customer_id: UUID
    customer: str
    timezone: str
    account_manager: str | None
    kind: str
    status: str
    first_try: datetime | None
    last_error: str | None
    raised_at: datetime | None


def _candidates(*, session: Session, incident_id: UUID | None = None) -> list[Unreached]:
    """Undelivered customer notices of incidents whose duty stands, with their first try."""
    first_try = (
        select(DeliveryAttempt.notice_id, func.min(DeliveryAttempt.started_at).label("first"))
        .group_by(col(DeliveryAttempt.notice_id))
        .subquery()
    )
    query = (
        select(Notice, Incident, Customer, first_try.c.first)
        .join(Incident, col(Incident.id) == col(Notice.incident_id))
        .join(Customer, col(Customer.id) == col(Notice.customer_id))
        .join(first_try, first_try.c.notice_id == col(Notice.id), isouter=True)
        .where(col(Notice.status).in_(OPEN))
        .where(col(Notice.kind) != NoticeKind.CONTACT_CHECK.value)
    )
    if incident_id is not None:
        query = query.where(Notice.incident_id == incident_id)
    rows = session.exec(query.order_by(col(Notice.created_at), col(Notice.id))).all()
    out = []
    for notice, incident, customer, first in rows:
        if not duty.duty_stands(notice.kind, incident.status):
            continue
        out.append(
            Unreached(
                notice_id=notice.id,
                notice_key=notice.notice_key,
                incident_id=incident.id,
                reference=incident.reference,
                customer_id=customer.id,
                customer=customer.name,
                timezone=customer.timezone,
                account_manager=customer.account_manager or None,
                kind=notice.kind.value,
                status=notice.status.value,
                first_try=_utc(first),
                last_error=notice.last_error,
                raised_at=notice.unreached_at,
            )
        )
    return out


def _utc(value: object) -> datetime | None:
    # A MIN() over the column loses its type on SQLite (naive text); it is UTC as written.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):  # pragma: no cover - both backends give a datetime or text
        raise TypeError(f"first try: unexpected {type(value).__name__}")
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def unreached(*, session: Session, now: datetime, after: timedelta, incident_id: UUID | None = None) -> list[Unreached]:
    """Customer notices still undelivered ``after`` their first try (or failed, or raised already), oldest
    first: what the worklist and the register show at their top."""
    return [
        u
        for u in _candidates(session=session, incident_id=incident_id)
        if u.raised_at is not None
        or u.status == NoticeStatus.FAILED.value
        or (u.first_try is not None and u.first_try <= now - after)
    ]


def raise_unreached(*, session: Session, now: datetime, after: timedelta, language: Language) -> int:
    """One alert per incident naming the customers newly unreached; returns how many notices were raised."""
    candidates = [
        u
        for u in unreached(session=session, now=now, after=after)
        if u.raised_at is None and u.status != NoticeStatus.FAILED.value  # a failed one had its own alert
    ]
    if not candidates:
        return 0
    # Compare and set, as ``breach.notices.store.claim`` does: of two runs at once (the watchdog and `breach outbox
    # run`), each notice is raised by exactly one, whatever the backend's locking.
    # In slices: an outage of a shared mail relay can leave more customers unreached than PostgreSQL takes
    # parameters in one statement (65 535).
    taken = {
        notice_id
        for part in repository.in_slices([u.notice_id for u in candidates])
        for notice_id in session.execute(
            update(Notice)
            .where(col(Notice.id).in_(part), col(Notice.unreached_at).is_(None))
            .values(unreached_at=now)
            .returning(col(Notice.id))
            .execution_options(synchronize_session=False)
        ).scalars()
    }
    fresh = [u for u in candidates if u.notice_id in taken]
    by_incident: defaultdict[UUID, list[Unreached]] = defaultdict(list)
    for item in fresh:
        by_incident[item.incident_id].append(item)
    for incident_id, items in by_incident.items():
        incident = session.get(Incident, incident_id)
        notices.queue_internal(
            session=session,
            now=now,
            alert=ALERT,
            cause=hashlib.sha256("".join(sorted(i.notice_key for i in items)).encode()).hexdigest()[:16],
            language=language,
            incident=incident,
            details=alert_details(items, after=after),
        )
        managed = _to_managers(session=session, now=now, after=after, language=language, incident=incident, items=items)
        audit.append(
            session=session,
            event_type="notice.unreached",
            actor=ACTOR,
            at=now,
            incident_id=incident_id,
            data={
                "notice_keys": [i.notice_key for i in items],
                "customers": len({i.customer_id for i in items}),
                "account_manager_alerts": managed,
            },
        )
    session.flush()
    return len(fresh)


def _to_managers(
    *,
    session: Session,
    now: datetime,
    after: timedelta,
    language: Language,
    incident: Incident | None,
    items: Sequence[Unreached],
) -> int:
    """One alert per account manager contact naming only that manager's customers; returns how many.

    Grouped by the contact URL, not the name: two customers whose manager is reached at one address make
    one message. The key's cause hashes the manager's notices (each notice goes to one manager, so causes
    never collide), so a second run queues nothing again; the URL, which may hold a secret, is in no key,
    hashed or not, and in no detail.
    """
    customers = repository.customers_by_id(list({i.customer_id for i in items}), session=session)
    by_contact: defaultdict[str, list[Unreached]] = defaultdict(list)
    for item in items:
        url = customers[item.customer_id].account_manager_contact
        if url:
            by_contact[url].append(item)
    for mine in by_contact.values():
        keys = "".join(sorted(i.notice_key for i in mine))
        notices.queue_internal(
            session=session,
            now=now,
            alert=ALERT,
            cause="am-" + hashlib.sha256(keys.encode()).hexdigest()[:16],
            language=language,
            incident=incident,
            details={**alert_details(mine, after=after), **manager_route.details(mine[0].customer_id)},
        )
    return len(by_contact)


def alert_details(items: Sequence[Unreached], *, after: timedelta) -> dict[str, object]:
    """The alert's details: the customers with their account managers (named up to ``NAMED_IN_ALERT``, the
    rest counted), so the DPO, the security lead and each account manager see whom to call; the reason
    holds each one's last error as the channel gave it."""
    customers: dict[UUID, Unreached] = {}
    for item in items:
        customers.setdefault(item.customer_id, item)
    ordered = sorted(customers.values(), key=lambda u: u.customer)
    named = ordered[:NAMED_IN_ALERT]
    # Names need no translation: "Customer (its account manager)" reads the same in every language.
    names = ", ".join(f"{u.customer} ({u.account_manager})" if u.account_manager else u.customer for u in named)
    if len(ordered) > NAMED_IN_ALERT:
        names += f" (+{len(ordered) - NAMED_IN_ALERT})"
    minutes = int(after.total_seconds() // 60)
    errors = "; ".join(f"{u.customer}: {u.last_error or '-'}" for u in named)
    return {
        "customer": names,
        "count": len(ordered),
        "reason": f"> {minutes} min. {errors}",
        "account_managers": sorted({u.account_manager for u in ordered if u.account_manager}),
        "notice_keys": [i.notice_key for i in items],
    }


def redrive_failed(*, session: Session, now: datetime, incident_id: UUID | None = None) -> int:
    """Failed customer notices whose duty stands and whose last try may pass go round their contacts again.

    The last try is found in SQL, so notices failed for good (a permanent last try) cost this run nothing
    however many there are.
    """
    latest = (
        select(DeliveryAttempt.notice_id, func.max(DeliveryAttempt.started_at).label("at"))
        .group_by(col(DeliveryAttempt.notice_id))
        .subquery()
    )
    failed = select(Notice.id)
    if incident_id is not None:
        failed = failed.where(Notice.incident_id == incident_id)
    ids = session.exec(
        failed.join(latest, latest.c.notice_id == col(Notice.id))
        .join(
            DeliveryAttempt,
            (col(DeliveryAttempt.notice_id) == col(Notice.id)) & (col(DeliveryAttempt.started_at) == latest.c.at),
        )
        .where(Notice.status == NoticeStatus.FAILED.value)
        .where(col(Notice.customer_id).is_not(None))
        .where(col(Notice.kind) != NoticeKind.CONTACT_CHECK.value)
        # A last try that failed permanently cannot pass (a defect, every contact unusable): a person fixes
        # it; a customer without a contact may have one now.
        .where(
            col(DeliveryAttempt.outcome).not_in([o.value for o in contact_cycle.PERMANENT])
            | (col(Notice.last_error) == NO_CONTACT)
        )
        .distinct()
    ).all()
    if not ids:
        return 0
    rows = sorted(
        (
            row
            for part in repository.in_slices(list(ids))
            for row in session.exec(
                select(Notice, Incident)
                .join(Incident, col(Incident.id) == col(Notice.incident_id))
                .where(col(Notice.id).in_(part))
            )
        ),
        key=lambda row: (row[0].created_at, row[0].id),
    )
    redriven = 0
    for notice, incident in rows:
        if not duty.duty_stands(notice.kind, incident.status):
            continue
        cycle = contact_cycle.usable(notice, session=session)
        if not cycle:
            continue
        # Compare and set: of two runs at once, one re-drives the notice and writes its audit event.
        moved = session.execute(
            update(Notice)
            .where(col(Notice.id) == notice.id, col(Notice.status) == NoticeStatus.FAILED.value)
            .values(status=NoticeStatus.PENDING.value, contact_id=cycle[0].id, next_attempt_at=now)
            .returning(col(Notice.id))
            .execution_options(synchronize_session=False)
        ).first()
        if moved is None:
            continue
        redriven_event = notice_event(
            notice, "notice.redriven", actor=ACTOR, at=now, reason="its duty stands (breach.incidents.duty)"
        )
        audit.append_many([redriven_event], session=session)
        session.expire(notice)  # written by the UPDATE above: read again when next used
        redriven += 1
    session.flush()
    return redriven


@dataclass(frozen=True, slots=True)
class Sweep:
    redriven: int
    raised: int


def sweep(*, session: Session, now: datetime, after: timedelta, language: Language) -> Sweep:
    """Re-drive what failed under the old policy, then raise the newly unreached. Flushes, never commits."""
    redriven = redrive_failed(session=session, now=now)
    return Sweep(redriven=redriven, raised=raise_unreached(session=session, now=now, after=after, language=language))
