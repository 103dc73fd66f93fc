"""Contact checks: find a contact that silently stopped working before the next breach needs it.

``send_checks`` queues one ``contact_check`` notice per contact (of every customer, or of one): a short test
message with an acknowledgement link, to be acknowledged within a set time. A check tests exactly the
contact it was sent to; it never falls back to another (``notifications.delivery.settle``). ``check_report`` lists,
per contact, its latest check: failed (with the channel's reason: a refused connection, a rejected
recipient, a bounce the channel reported), delivered and answered, delivered and still awaited, or
delivered and unanswered past its time. Contacts never checked are listed too.

Key: ``CHECK-YYYYMMDDTHHMM.contact_check.1.<customer>.<contact>``, so running the same check again within
the minute queues nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, Literal
from uuid import UUID

from sqlmodel import Session, col, select

from breach.clock import require_aware
from breach.db import repository
from breach.db.models.directory import Contact, Customer
from breach.db.models.outbox import Notice
from breach.errors import InvalidInput
from breach.notices.kinds import kinds_where
from breach.notices.store import outbox
from breach.records.store import audit
from breach.vocabulary import NoticeKind, NoticeStatus

DEFAULT_WITHIN: Final = timedelta(hours=24)
# The acknowledgement link lives 30 days (notifications.ack.DEFAULT_VALIDITY): a check cannot wait longer.
LONGEST_WITHIN: Final = timedelta(days=30)

State = Literal["failed", "unanswered", "sending", "awaiting", "answered", "never checked"]
# Problems first in the report.
ORDER: Final[dict[str, int]] = {
    "failed": 0,
    "unanswered": 1,
    "never checked": 2,
    "sending": 3,
    "awaiting": 4,
    "answered": 5,
}


def check_id(now: datetime) -> str:
    return f"CHECK-{require_aware(now, 'now').astimezone(UTC):%Y%m%dT%H%M}"


def _hours(within: timedelta) -> int | float:
    hours = within / timedelta(hours=1)
    return int(hours) if hours.is_integer() else round(hours, 2)


def send_checks(
    *, session: Session, now: datetime, within: timedelta, customer: str | None = None, actor: str = "contact-check"
) -> list[Notice]:
    """Queue a check to every contact (of ``customer``, or of all); returns the notices queued now.

    Flushes, never commits. ``within``: how long the contact has to acknowledge (1 hour to 30 days).
    """
    if not timedelta(hours=1) <= within <= LONGEST_WITHIN:
        raise InvalidInput("within", str(within), "must be from 1h to 30d")
    ident = check_id(now)
    answer_by = now + within
    targets: Sequence[Customer] = (
        [repository.customer_by_name(customer, session=session)]
        if customer is not None
        else repository.list_customers(session=session)
    )
    contacts = repository.contacts_by_customer([c.id for c in targets], session=session)
    queued: list[Notice] = []
    for target in targets:
        fresh = [
            Notice(
                notice_key=outbox.notice_key(ident, NoticeKind.CONTACT_CHECK, 1, target.id, scope=contact.id.hex),
                incident_id=None,
                case_id=None,
                customer_id=target.id,
                kind=NoticeKind.CONTACT_CHECK,
                phase=1,
                language=target.language,
                status=NoticeStatus.PENDING,
                contact_id=contact.id,
                details={"check_id": ident, "ack_within_hours": _hours(within), "answer_by": answer_by.isoformat()},
                created_at=now,
            )
            for contact in contacts[target.id]
        ]
        added = outbox.enqueue(fresh, session=session)
        if added:
            audit.append(
                session=session,
                event_type="contact_check.queued",
                actor=actor,
                at=now,
                subject_id=target.id,
                data={"check_id": ident, "contacts": len(added), "answer_by": answer_by.isoformat()},
            )
        queued.extend(added)
    return queued


@dataclass(frozen=True, slots=True)
class CheckRow:
    customer: str
    contact: str  # the contact's safe display form
    position: int
    state: State
    check_id: str | None = None
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    answer_by: datetime | None = None
    answered_at: datetime | None = None
    answered_by: str | None = None
    reason: str | None = None  # the channel's last answer, for failures and retries


def _row(customer: Customer, contact: Contact, notice: Notice | None, now: datetime) -> CheckRow:
    if notice is None:
        return CheckRow(customer.name, contact.display, contact.position, "never checked")
    answer_by_raw = notice.details.get("answer_by")
    answer_by = datetime.fromisoformat(str(answer_by_raw)) if answer_by_raw else None
    state: State
    if notice.acknowledged_at is not None:
        state = "answered"
    elif notice.status is NoticeStatus.FAILED:
        state = "failed"
    elif notice.status is not NoticeStatus.DELIVERED:
        state = "sending"
    elif answer_by is not None and now >= answer_by:
        state = "unanswered"
    else:
        state = "awaiting"
    return CheckRow(
        customer.name,
        contact.display,
        contact.position,
        state,
        check_id=str(notice.details.get("check_id") or ""),
        sent_at=notice.sent_at,
        delivered_at=notice.delivered_at,
        answer_by=answer_by,
        answered_at=notice.acknowledged_at,
        answered_by=notice.acknowledged_by,
        reason=notice.last_error,
    )


def check_report(*, session: Session, now: datetime, customer: str | None = None) -> list[CheckRow]:
    """Each contact with its latest check, problems first: failed, unanswered past its time, never checked."""
    customers: Sequence[Customer] = (
        [repository.customer_by_name(customer, session=session)]
        if customer is not None
        else repository.list_customers(session=session)
    )
    ids = [c.id for c in customers]
    contacts = repository.contacts_by_customer(ids, session=session)
    latest: dict[UUID, Notice] = {}
    if ids:
        checks = session.exec(
            select(Notice)
            .where(col(Notice.kind).in_([k.value for k in kinds_where(lambda spec: not spec.about_incident)]))
            .where(col(Notice.customer_id).in_(ids))
            .order_by(col(Notice.created_at).desc(), col(Notice.id))
        ).all()
        for notice in checks:
            if notice.contact_id is not None:
                latest.setdefault(notice.contact_id, notice)
    rows = [_row(c, contact, latest.get(contact.id), now) for c in customers for contact in contacts[c.id]]
    return sorted(rows, key=lambda r: (ORDER[r.state], r.customer, r.position))
