"""What a forger with write access to the database does to the audit chain, in SQL (issue 15, finding 6).

The forger knows the algorithm but not the audit key, which lives outside the database. Shared by the tampering,
key-history and ``breach audit verify`` tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, select, text, update
from sqlmodel import Session

from breach.db.models.audit import AuditEvent, AuditHead
from breach.records.audit_keys import AuditKey, Keyring
from breach.records.store import audit

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
EVENTS = AuditEvent.__table__  # type: ignore[attr-defined]
HEAD = AuditHead.__table__  # type: ignore[attr-defined]


def write_chain(session: Session, count: int = 5, start: int = 0) -> None:
    for i in range(start, start + count):
        audit.append(
            session=session,
            event_type="test.step",
            actor="auditor@example.org",
            at=T0 + timedelta(minutes=i),
            data={"step": i + 1},
            content=f"content {i + 1}",
        )
    session.commit()


def read_events(conn: Connection, first: int = 1) -> list[AuditEvent]:
    rows = conn.execute(select(EVENTS).where(EVENTS.c.seq >= first).order_by(EVENTS.c.seq)).mappings()
    return [AuditEvent(**dict(row)) for row in rows]


def _forger(conn: Connection) -> Keyring:
    """A forger's key under our key's id: what the forger can do without our secret."""
    real_id = conn.execute(select(EVENTS.c.key_id).where(EVENTS.c.seq == 1)).scalar_one()
    return Keyring(AuditKey(b"forger-guessed-key-" + b"x" * 32, real_id))


def _write(conn: Connection, event: AuditEvent) -> None:
    values = {"prev_hash": event.prev_hash, "hash": event.hash, "key_id": event.key_id, "actor": event.actor}
    conn.execute(update(EVENTS).where(EVENTS.c.seq == event.seq).values(**values))


def _move_head(conn: Connection) -> None:
    last = read_events(conn)[-1]
    conn.execute(update(HEAD).values(last_seq=last.seq, last_hash=last.hash))


def rehash_from(conn: Connection, first: int, keyring: Keyring | None) -> None:
    """Recompute the MAC of every event from ``first`` on, chained, and move the head: the forger's repair."""
    before = read_events(conn, first - 1)[0].hash if first > 1 else audit.GENESIS_HASH
    for event in read_events(conn, first):
        event.prev_hash = before
        event.key_id = keyring.current.key_id if keyring is not None else None
        event.hash = audit.event_hash(event, keyring)
        _write(conn, event)
        before = event.hash
    _move_head(conn)


def _write_forged(conn: Connection, keyring: Keyring | None) -> None:
    last = read_events(conn)[-1]
    forged = AuditEvent(
        seq=(last.seq or 0) + 1,
        at=T0 + timedelta(hours=1),
        event_type="test.forged",
        actor="mallory@example.org",
        data={},
        prev_hash=last.hash,
        hash="",
        key_id=keyring.current.key_id if keyring is not None else None,
    )
    forged.hash = audit.event_hash(forged, keyring)
    conn.execute(EVENTS.insert().values(**forged.model_dump()))
    _move_head(conn)


def _move(conn: Connection, old: int, new: int) -> None:
    conn.execute(text("UPDATE auditevent SET seq = :new WHERE seq = :old"), {"new": new, "old": old})


def edit(conn: Connection) -> None:
    conn.execute(text("UPDATE auditevent SET actor = 'mallory@example.org' WHERE seq = 3"))


def delete_middle(conn: Connection) -> None:
    conn.execute(text("DELETE FROM auditevent WHERE seq = 3"))


def delete_last(conn: Connection) -> None:
    conn.execute(text("DELETE FROM auditevent WHERE seq = 5"))


def cut_short(conn: Connection) -> None:
    conn.execute(delete(EVENTS).where(EVENTS.c.seq > 3))
    _move_head(conn)


def insert_plain(conn: Connection) -> None:
    # A forged event slipped in as number 3, linked to number 2 and hashed as the old plain chain did;
    # the events after it are renumbered (top first, the key is unique) and the head moved along.
    for seq in (5, 4, 3):
        _move(conn, seq, seq + 1)
    prev = read_events(conn, 2)[0].hash
    forged = AuditEvent(
        seq=3, at=T0, event_type="test.forged", actor="mallory@example.org", data={}, prev_hash=prev, hash=""
    )
    forged.hash = audit.event_hash(forged)
    conn.execute(EVENTS.insert().values(**forged.model_dump()))
    conn.execute(text("UPDATE audithead SET last_seq = 6"))


def reorder(conn: Connection) -> None:
    _move(conn, 3, 99)
    _move(conn, 2, 3)
    _move(conn, 99, 2)


def edit_and_rehash(keyed: bool) -> Callable[[Connection], None]:
    def tamper(conn: Connection) -> None:
        edit(conn)
        rehash_from(conn, 3, _forger(conn) if keyed else None)

    return tamper


def append_forged(keyed: bool) -> Callable[[Connection], None]:
    def tamper(conn: Connection) -> None:
        _write_forged(conn, _forger(conn) if keyed else None)

    return tamper


def delete_head(conn: Connection) -> None:
    conn.execute(delete(HEAD))


def head_back(conn: Connection) -> None:
    third = read_events(conn, 3)[0]
    conn.execute(update(HEAD).values(last_seq=3, last_hash=third.hash))
