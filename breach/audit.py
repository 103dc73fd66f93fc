"""The append-only, hash-chained audit log (GDPR Art. 5(2) accountability; DPA clause 10(3)).

Each event's hash is SHA-256 over a canonical JSON form of its fields and its predecessor's hash, so an
edit, a deletion, an insertion or a reordering breaks the chain at the first event it touches. The chain's
head row is locked while appending (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite serialises writers),
so concurrent writers cannot fork it. No code path updates or deletes an audit row.

Events carry ids, statuses and hashes. Personal content (a notice body, a reason typed by a person) is
represented by ``content_hash`` so that retention can remove the content and the chain still verifies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlmodel import Session, col, select

from breach.clock import to_utc
from breach.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64


def content_hash(content: str | bytes) -> str:
    """The SHA-256 of personal content, kept in the log instead of the content itself."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(raw).hexdigest()


def _canonical(event: AuditEvent) -> bytes:
    body = {
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "event_type": event.event_type,
        "actor": event.actor,
        "incident_id": str(event.incident_id) if event.incident_id else None,
        "case_id": str(event.case_id) if event.case_id else None,
        "subject_id": event.subject_id,
        "data": event.data,
        "content_hash": event.content_hash,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """One event to append (``append_many``): the fields ``append`` takes as keywords."""

    event_type: str
    actor: str
    at: datetime
    incident_id: UUID | None = None
    case_id: UUID | None = None
    subject_id: str | UUID | None = None
    data: Mapping[str, Any] | None = None
    content: str | bytes | None = None


def _chained(entry: Entry, seq: int, prev_hash: str) -> AuditEvent:
    event = AuditEvent(
        seq=seq,
        at=to_utc(entry.at, "at"),
        event_type=entry.event_type,
        actor=entry.actor,
        incident_id=entry.incident_id,
        case_id=entry.case_id,
        subject_id=str(entry.subject_id) if entry.subject_id is not None else None,
        data=json.loads(json.dumps(dict(entry.data or {}), default=str)),
        content_hash=content_hash(entry.content) if entry.content is not None else None,
        prev_hash=prev_hash,
        hash="",
    )
    event.hash = event_hash(event)
    return event


def append(
    *,
    session: Session,
    event_type: str,
    actor: str,
    at: datetime,
    incident_id: UUID | None = None,
    case_id: UUID | None = None,
    subject_id: str | UUID | None = None,
    data: Mapping[str, Any] | None = None,
    content: str | bytes | None = None,
) -> AuditEvent:
    """Append one event to the chain; flushes, never commits (the caller's unit of work does)."""
    entry = Entry(event_type, actor, at, incident_id, case_id, subject_id, data, content)
    return append_many([entry], session=session)[0]


def append_many(entries: Sequence[Entry], *, session: Session) -> list[AuditEvent]:
    """Append events to the chain in the order given, under one lock of its head; flushes, never commits.

    The chain is the same as ``append`` called once per entry would make; a batch of deliveries takes the
    head's lock once instead of once per notice.
    """
    if not entries:
        return []
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    events: list[AuditEvent] = []
    seq, prev_hash = head.last_seq, head.last_hash
    for entry in entries:
        seq += 1
        event = _chained(entry, seq, prev_hash)
        prev_hash = event.hash
        events.append(event)
    head.last_seq = seq
    head.last_hash = prev_hash
    session.add_all(events)
    session.add(head)
    session.flush()
    return events


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """Where verification failed first, and how."""

    seq: int
    problem: str


def verify_events(events: Iterable[AuditEvent], head: AuditHead | None = None) -> ChainBreak | None:
    """Check an ordered run of events from the genesis; ``None`` when the chain is whole."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for event in events:
        seq = event.seq or 0
        if seq != expected_seq:
            problem = "an event is missing before it" if seq > expected_seq else "events are out of order"
            return ChainBreak(seq, problem)
        if event.prev_hash != expected_prev:
            return ChainBreak(seq, "its predecessor's hash does not match (an event before it changed)")
        if event_hash(event) != event.hash:
            return ChainBreak(seq, "its content does not match its hash (it was edited)")
        expected_prev = event.hash
        expected_seq += 1
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != expected_prev):
        return ChainBreak(expected_seq, "the chain ends early (events after it were removed)")
    return None


def verify(*, session: Session) -> ChainBreak | None:
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).all()
    head = session.get(AuditHead, 1)
    return verify_events(events, head)
