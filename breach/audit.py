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

from sqlalchemy import insert
from sqlmodel import Session, col, select

from breach.clock import to_utc
from breach.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64


def content_hash(content: str | bytes) -> str:
    """The SHA-256 of personal content, kept in the log instead of the content itself."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(raw).hexdigest()


# The fields an event's hash covers, besides its own hash.
_HASHED = (
    "seq",
    "at",
    "event_type",
    "actor",
    "incident_id",
    "case_id",
    "subject_id",
    "data",
    "content_hash",
    "prev_hash",
)


def _canonical_fields(fields: Mapping[str, Any]) -> bytes:
    body = {
        "seq": fields["seq"],
        "at": fields["at"].astimezone(UTC).isoformat(timespec="microseconds"),
        "event_type": fields["event_type"],
        "actor": fields["actor"],
        "incident_id": str(fields["incident_id"]) if fields["incident_id"] else None,
        "case_id": str(fields["case_id"]) if fields["case_id"] else None,
        "subject_id": fields["subject_id"],
        "data": fields["data"],
        "content_hash": fields["content_hash"],
        "prev_hash": fields["prev_hash"],
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _canonical(event: AuditEvent) -> bytes:
    return _canonical_fields({name: getattr(event, name) for name in _HASHED})


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


def _chained(entry: Entry, seq: int, prev_hash: str) -> dict[str, Any]:
    """The event's row, hash included, as the successor of ``prev_hash``."""
    row: dict[str, Any] = {
        "seq": seq,
        "at": to_utc(entry.at, "at"),
        "event_type": entry.event_type,
        "actor": entry.actor,
        "incident_id": entry.incident_id,
        "case_id": entry.case_id,
        "subject_id": str(entry.subject_id) if entry.subject_id is not None else None,
        "data": json.loads(json.dumps(dict(entry.data or {}), default=str)),
        "content_hash": content_hash(entry.content) if entry.content is not None else None,
        "prev_hash": prev_hash,
    }
    row["hash"] = hashlib.sha256(_canonical_fields(row)).hexdigest()
    return row


def _locked_head(session: Session) -> AuditHead:
    return session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()


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
    head = _locked_head(session)
    entry = Entry(event_type, actor, at, incident_id, case_id, subject_id, data, content)
    event = AuditEvent(**_chained(entry, head.last_seq + 1, head.last_hash))
    head.last_seq = event.seq or 0
    head.last_hash = event.hash
    session.add(event)
    session.add(head)
    session.flush()
    return event


def append_many(entries: Sequence[Entry], *, session: Session) -> int:
    """Append events to the chain in the order given, under one lock of its head; returns how many.

    The chain is the one ``append`` called once per entry would make; a batch of deliveries takes the
    head's lock once instead of once per notice, and its rows go in with one bulk insert. Flushes,
    never commits.
    """
    if not entries:
        return 0
    head = _locked_head(session)
    rows: list[dict[str, Any]] = []
    seq, prev_hash = head.last_seq, head.last_hash
    for entry in entries:
        seq += 1
        row = _chained(entry, seq, prev_hash)
        prev_hash = row["hash"]
        rows.append(row)
    session.execute(insert(AuditEvent), rows)
    head.last_seq = seq
    head.last_hash = prev_hash
    session.add(head)
    session.flush()
    return len(rows)


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
