"""The audit key over time: events under a rotated key, and events from before the keyed chain (issue 15, finding 6)."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, Engine, update
from sqlmodel import Session

from breach.db.models.audit import AuditEvent
from breach.records.audit_keys import SESSION_KEY, Keyring, keyring_from_texts
from breach.records.store import audit
from tests.db.records.audit_forgery import (
    EVENTS,
    HEAD,
    T0,
    rehash_from,
    write_chain,
)


def _keyring(text: str, *, previous: str = "", legacy_until: int = 0) -> Keyring:
    return keyring_from_texts(text, previous, legacy_until)


KEY_A = "a" * 16 + "-first-audit-key-of-the-test-run"
KEY_B = "b" * 16 + "-second-audit-key-after-rotation"


def test_a_rotated_key_keeps_old_events_verifiable_while_it_is_kept(db: Engine) -> None:
    """Events under key A verify after rotation to B while A is an old key; without A they are named."""
    with Session(db, info={SESSION_KEY: _keyring(KEY_A)}) as first:
        write_chain(first, count=3)
    rotated = _keyring(KEY_B, previous=KEY_A)
    with Session(db, info={SESSION_KEY: rotated}) as second:
        write_chain(second, count=2, start=3)
        assert audit.verify(session=second) is None
    with Session(db, info={SESSION_KEY: _keyring(KEY_B)}) as forgetful:
        broken = audit.verify(session=forgetful)
    assert broken is not None
    assert (broken.seq, "not configured" in broken.problem) == (1, True), broken


def _legacy_chain(conn: Connection, count: int) -> None:
    """Events as the plain SHA-256 chain wrote them before the upgrade (no key_id)."""
    before = audit.GENESIS_HASH
    for seq in range(1, count + 1):
        event = AuditEvent(
            seq=seq,
            at=T0,
            event_type="legacy.step",
            actor="auditor@example.org",
            data={"step": seq},
            content_hash=hashlib.sha256(b"old").hexdigest(),
            prev_hash=before,
            hash="",
        )
        event.hash = audit.event_hash(event)
        conn.execute(EVENTS.insert().values(**event.model_dump()))
        before = event.hash
    conn.execute(update(HEAD).values(last_seq=count, last_hash=before))


def test_events_from_before_the_keyed_chain_verify_up_to_the_recorded_switch_over(db: Engine) -> None:
    """Three plain events then keyed ones verify with BREACH_AUDIT_LEGACY_UNTIL=3; with 0 event 1 is named."""
    with db.begin() as conn:
        _legacy_chain(conn, 3)
    upgraded = _keyring(KEY_A, legacy_until=3)
    with Session(db, info={SESSION_KEY: upgraded}) as session:
        write_chain(session, count=2, start=3)
        assert audit.verify(session=session) is None
        with db.begin() as conn:
            # A keyed event rewritten as an "old" plain one is past the switch-over: still caught.
            rehash_from(conn, 4, None)
        session.expire_all()
        broken = audit.verify(session=session)
        assert broken is not None
        assert (broken.seq, "plain SHA-256" in broken.problem) == (4, True), broken
    with Session(db, info={SESSION_KEY: _keyring(KEY_A)}) as strict:
        breaks = audit.check(session=strict)
    # Five plain events in a row are one break, not five lines.
    assert [(b.seq, "plain SHA-256" in b.problem, b.problem.endswith("to 5")) for b in breaks] == [(1, True, True)]
