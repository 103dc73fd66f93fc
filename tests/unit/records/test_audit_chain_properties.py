"""Properties of the keyed chain, in memory (breach.records.store.audit.chain_rows and check_events): no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from breach.db.models.audit import AuditEvent, AuditHead
from breach.records.anchors import Anchor
from breach.records.audit_keys import AuditKey, Keyring, keyring_from_texts
from breach.records.store import audit

RING = keyring_from_texts("p" * 40)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FIELDS = ("actor", "event_type", "data", "content_hash", "at")


def _chain(size: int) -> tuple[list[AuditEvent], AuditHead]:
    entries = [
        audit.Entry("test.step", "auditor@example.org", T0 + timedelta(minutes=i), data={"i": i}, content=f"c{i}")
        for i in range(size)
    ]
    events = [AuditEvent(**row) for row in audit.chain_rows(entries, keyring=RING, after=(0, audit.GENESIS_HASH))]
    return events, AuditHead(id=1, last_seq=events[-1].seq or 0, last_hash=events[-1].hash)


def _edit(event: AuditEvent, field: str) -> None:
    if field == "at":
        event.at = event.at + timedelta(microseconds=1)
    elif field == "data":
        event.data = {**event.data, "i": -1}
    elif field == "content_hash":
        event.content_hash = "0" * 64
    else:
        setattr(event, field, getattr(event, field) + "x")


@given(size=st.integers(1, 8), data=st.data())
def test_a_written_chain_verifies(size: int, data: st.DataObject) -> None:
    """Any chain the append path writes verifies, against its head and against an anchor of any event."""
    events, head = _chain(size)
    anchored = data.draw(st.sampled_from(events))
    anchor = Anchor(anchored.seq or 0, anchored.hash, "a test anchor")
    assert audit.check_events(events, head, keyring=RING, anchors=[anchor]) == []


@given(size=st.integers(1, 8), data=st.data(), rehash=st.sampled_from(["none", "plain", "guessed key"]))
def test_any_edit_is_caught_even_re_hashed_without_the_key(size: int, data: st.DataObject, rehash: str) -> None:
    """Editing any field of any event is a break, whether left as is or re-hashed (plain or under a guess)."""
    events, head = _chain(size)
    index = data.draw(st.integers(0, size - 1))
    _edit(events[index], data.draw(st.sampled_from(FIELDS)))
    if rehash != "none":
        guess = Keyring(AuditKey(b"g" * 40, RING.current.key_id))
        for event in events[index:]:
            event.key_id = None if rehash == "plain" else event.key_id
            event.hash = audit.event_hash(event, None if rehash == "plain" else guess)
            if event.seq != events[-1].seq:
                events[events.index(event) + 1].prev_hash = event.hash
        head = AuditHead(id=1, last_seq=events[-1].seq or 0, last_hash=events[-1].hash)
    breaks = audit.check_events(events, head, keyring=RING)
    assert breaks, rehash
    assert breaks[0].seq == events[index].seq
