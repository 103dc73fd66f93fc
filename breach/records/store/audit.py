"""The append-only audit log in the database: appending events to the keyed chain and verifying the stored
chain (the chain itself, its MACs and its checks, is ``breach.records.chain``'s, re-exported here so a
caller names one module).

The chain's head row is locked while appending (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite serialises
writers), so concurrent writers cannot fork it. No code path updates or deletes an audit row.

A missing head row is not a crash: the next append rebuilds it from the last event and first writes an
``audit.head-rebuilt`` event, which verification reports as a break from then on (the head was deleted,
so events after the last one left may have been removed too: the anchors tell).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from breach.db.models.audit import AuditEvent, AuditHead
from breach.records.anchors import Anchor
from breach.records.audit_keys import Keyring, keyring_for
from breach.records.chain import (
    GENESIS_HASH,
    HEAD_REBUILT,
    ChainBreak,
    Entry,
    chain_rows,
    chained,
    check_events,
    content_hash,
    event_hash,
    verify_events,
)

# The chain's values, named here too, so a caller of the log imports one module.
__all__ = [
    "GENESIS_HASH",
    "HEAD_REBUILT",
    "ChainBreak",
    "Entry",
    "append",
    "append_many",
    "chain_rows",
    "check",
    "check_events",
    "content_hash",
    "event_hash",
    "head_of",
    "verify",
    "verify_events",
]


def _locked_head(session: Session, keyring: Keyring, at: datetime) -> tuple[AuditHead, list[dict[str, Any]]]:
    """The head, locked; when its row is gone or behind the last event, rebuilt from that event, with an event
    saying so (one more read per append: the last event, by primary key)."""
    locked = select(AuditHead).where(AuditHead.id == 1).with_for_update()
    head = session.exec(locked).first()
    last = session.exec(select(AuditEvent.seq, AuditEvent.hash).order_by(col(AuditEvent.seq).desc()).limit(1)).first()
    seq, mac = (last[0] or 0, last[1]) if last is not None else (0, GENESIS_HASH)
    if head is not None and head.last_seq >= seq:
        return head, []
    count = session.exec(select(func.count()).select_from(AuditEvent)).one()
    if head is not None:
        # The head was moved back behind events still there: writing after it would collide with them.
        note = Entry(HEAD_REBUILT, "breach-engine", at, data={"rebuilt_from_seq": seq, "head_was_at": head.last_seq})
        head.last_seq, head.last_hash = seq, mac
        return head, [chained(note, seq + 1, mac, keyring)]
    # Two writers may both find the row gone: the second waits on the first's insert and then uses its head.
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    values = {"id": 1, "last_seq": seq, "last_hash": mac}
    statement = dialect_insert(AuditHead).values(**values).on_conflict_do_nothing(index_elements=["id"])
    inserted = session.execute(statement.returning(AuditHead.__table__.c.id)).first()  # type: ignore[attr-defined]
    head = session.exec(locked.execution_options(populate_existing=True)).one()
    if inserted is None:
        return head, []
    # Recorded in the chain itself, under the key: a later forger cannot make the rebuild look normal.
    note = Entry(HEAD_REBUILT, "breach-engine", at, data={"rebuilt_from_seq": seq, "events_found": count})
    return head, [chained(note, seq + 1, mac, keyring)]


def _chain_rows(entries: Sequence[Entry], session: Session) -> tuple[AuditHead, list[dict[str, Any]]]:
    """The locked head and the rows for ``entries`` after it (a rebuilt head's own event first)."""
    keyring = keyring_for(session.info)
    head, rows = _locked_head(session, keyring, entries[0].at)
    after = (rows[-1]["seq"], rows[-1]["hash"]) if rows else (head.last_seq, head.last_hash)
    rows += chain_rows(entries, keyring=keyring, after=after)
    head.last_seq, head.last_hash = rows[-1]["seq"], rows[-1]["hash"]
    return head, rows


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
    head, rows = _chain_rows([entry], session)
    events = [AuditEvent(**row) for row in rows]
    session.add_all(events)
    session.add(head)
    session.flush()
    return events[-1]


def append_many(entries: Sequence[Entry], *, session: Session) -> int:
    """Append events to the chain in the order given, under one lock of its head; returns how many.

    The chain is the one ``append`` called once per entry would make; a batch of deliveries takes the
    head's lock once instead of once per notice, and its rows go in with one bulk insert. Flushes,
    never commits.
    """
    if not entries:
        return 0
    head, rows = _chain_rows(entries, session)
    session.execute(insert(AuditEvent), rows)
    session.add(head)
    session.flush()
    return len(entries)


def check(*, session: Session, anchors: Iterable[Anchor] = ()) -> list[ChainBreak]:
    """Every break of the stored chain, against its head and the anchors given."""
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).all()
    return check_events(events, session.get(AuditHead, 1), keyring=keyring_for(session.info), anchors=anchors)


def verify(*, session: Session, anchors: Iterable[Anchor] = ()) -> ChainBreak | None:
    """The first break of the stored chain (against its head and the anchors given); ``None`` when whole."""
    breaks = check(session=session, anchors=anchors)
    return breaks[0] if breaks else None


def head_of(*, session: Session) -> tuple[int, str] | None:
    """(seq, MAC) of the chain's head as its row records it; ``None`` when the row is missing."""
    head = session.get(AuditHead, 1)
    return (head.last_seq, head.last_hash) if head is not None else None
