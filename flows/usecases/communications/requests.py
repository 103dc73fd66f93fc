"""``breach requests forward`` and ``POST /requests``: a data subject's request forwarded to its controller.

DPA clause 4(1): a person who asks us, not the customer, to correct, erase or restrict data is forwarded to
the customer "immediately"; we act only on its documented instruction (4(2)). The request is the person's
data: it is stored as ``content`` (hashed in the audit log), sent only to full-detail contacts (the kind's
row), never passed to Prefect, and removed by retention (``flows.usecases.communications.retention``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlmodel import Session

from breach.communications import requests as rules
from breach.communications.store import records
from breach.db import repository
from breach.db.models.communications import Communication
from breach.errors import InvalidInput
from breach.vocabulary import NoticeKind
from flows.usecases.communications.addressing import tell

RULE = "dpa.4.1"


def forward_hours(customer: str, default: int, per_customer: Mapping[str, int]) -> int:
    """The contract's hours for ``customer`` (``BREACH_REQUEST_FORWARD_HOURS_BY_CUSTOMER``), else ``default``."""
    hours = per_customer.get(customer, default)
    if not 1 <= hours <= 720:
        raise InvalidInput("request_forward_hours", hours, "must be from 1 to 720 hours")
    return hours


def forward_request(
    *,
    session: Session,
    customer: str,
    kind: str,
    received_at: datetime,
    raw: bytes,
    hours: int,
    actor: str,
    now: datetime,
) -> Communication:
    """Record the request and queue its notice to ``customer``; flushes, never commits.

    Every input is checked before anything is written, so a refusal leaves nothing behind.
    """
    request_kind = rules.request_kind(kind)
    text = rules.request_text(raw)
    at = rules.received(received_at, now)
    target = repository.customer_by_name(customer, session=session)
    communication = records.record(
        session=session,
        kind=NoticeKind.SUBJECT_REQUEST,
        occurred_at=at,
        facts={"request_kind": request_kind.value, "customer": target.name},
        actor=actor,
        now=now,
        content=text,
    )
    answer_by = rules.answer_by(at, target.timezone)
    tell(
        communication,
        [target],
        session=session,
        rule=RULE,
        hours=lambda _customer: hours,
        details=lambda _customer, due_at: {
            "request_kind": request_kind.value,
            "article": rules.ARTICLES[request_kind],
            "received_at": at.isoformat(),
            "answer_by": answer_by.in_timezone("UTC").isoformat(),
            "forward_due": due_at.isoformat(),
            "text": text,
        },
        actor=actor,
        now=now,
    )
    return communication
