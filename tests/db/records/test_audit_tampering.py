"""``breach audit verify`` catches each kind of tampering (issue 15, finding 6) and names the event it breaks.

Every tamper below is done as a forger with write access to the database would do it, in SQL; the
forger knows the algorithm but not the audit key, which lives outside the database. The anchor the tests
check against is a real line of the anchor log, written before the tampering.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine
from sqlmodel import Session

from breach.db.models.audit import AuditEvent, AuditHead
from breach.records.anchors import Anchor
from breach.records.store import audit
from flows import audit_wiring
from flows.evidence import audit_anchors
from tests.db.records.audit_forgery import (
    T0,
    append_forged,
    cut_short,
    delete_head,
    delete_last,
    delete_middle,
    edit,
    edit_and_rehash,
    head_back,
    insert_plain,
    read_events,
    reorder,
    write_chain,
)

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Case:
    name: str
    tamper: Callable[[Connection], None]
    seq: int
    problem: str


CASES = [
    Case("edit", edit, 3, "edited"),
    Case("deletion of a middle event", delete_middle, 4, "missing before it"),
    Case("deletion of the last event", delete_last, 5, "ends early"),
    Case("insertion with a plain hash", insert_plain, 3, "plain SHA-256"),
    Case("reordering", reorder, 2, "predecessor's MAC"),
    Case("last events deleted and the head moved back", cut_short, 5, "events after it were removed"),
    Case("an event appended with a recomputed plain hash", append_forged(keyed=False), 6, "plain SHA-256"),
    Case("an event appended with a MAC under a guessed key", append_forged(keyed=True), 6, "does not match its MAC"),
    Case("an edit, every later hash recomputed (plain)", edit_and_rehash(keyed=False), 3, "plain SHA-256"),
    Case("an edit, every later MAC recomputed (guessed key)", edit_and_rehash(keyed=True), 3, "does not match"),
    Case("the head row deleted", delete_head, 6, "head row is missing"),
    Case("the head moved back, the events kept", head_back, 4, "the head row records event 3 but events go on to 5"),
]


def _anchor_log(session: Session, tmp_path: Path) -> list[Anchor]:
    """The head as the watchdog anchors it, read back from the log file."""
    log = tmp_path / "anchors.log"
    keyring = audit_wiring.settings_keyring()
    assert audit_anchors.append_head(log, session=session, keyring=keyring, now=T0) is not None
    found = audit_anchors.Found()
    audit_anchors.read_file(log, keyring, found)
    assert found.problems == []
    return found.anchors


def _events_of(db: Engine) -> list[AuditEvent]:
    with db.connect() as conn:
        return read_events(conn)


def test_an_untouched_chain_verifies(session: Session, tmp_path: Path) -> None:
    """Five appended events verify as a whole chain, against their head and an anchor of it."""
    write_chain(session)
    assert audit.verify(session=session, anchors=_anchor_log(session, tmp_path)) is None


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_kind_of_tampering_is_caught_at_the_first_event_it_breaks(
    session: Session, db: Engine, tmp_path: Path, case: Case
) -> None:
    """Each tamper of finding 6 breaks the chain at a named event, checked against an anchor taken before."""
    write_chain(session)
    anchors = _anchor_log(session, tmp_path)
    with db.begin() as conn:
        case.tamper(conn)
    session.expire_all()
    broken = audit.verify(session=session, anchors=anchors)
    assert broken is not None, case.name
    assert (broken.seq, case.problem in broken.problem) == (case.seq, True), broken


def test_a_chain_cut_short_verifies_without_an_anchor(session: Session, db: Engine) -> None:
    """What the anchors are for: the database alone cannot show that its last events were cut off."""
    write_chain(session)
    with db.begin() as conn:
        cut_short(conn)
    session.expire_all()
    assert audit.verify(session=session) is None


def test_a_missing_head_is_rebuilt_on_the_next_write_and_stays_a_detected_break(session: Session, db: Engine) -> None:
    """After the head row is deleted the next append works, and verification names the rebuild for good."""
    write_chain(session)
    with db.begin() as conn:
        delete_head(conn)
    session.expire_all()
    write_chain(session, count=2, start=5)
    breaks = audit.check(session=session)
    assert [(b.seq, "head row was missing or behind" in b.problem) for b in breaks] == [(6, True)], breaks
    assert session.get(AuditHead, 1) is not None
    assert session.get(AuditHead, 1).last_seq == 8  # type: ignore[union-attr]


def test_a_head_moved_back_is_rebuilt_on_the_next_write_not_a_collision(session: Session, db: Engine) -> None:
    """Writing after a head moved behind events still there chains after the last event and says so."""
    write_chain(session)
    with db.begin() as conn:
        head_back(conn)
    session.expire_all()
    write_chain(session, count=1, start=5)
    breaks = audit.check(session=session)
    assert [(b.seq, "head row was missing or behind" in b.problem) for b in breaks] == [(6, True)], breaks
    assert audit.head_of(session=session) == (7, _events_of(db)[-1].hash)


def test_two_writers_that_both_find_the_head_gone_rebuild_it_once(session: Session, db: Engine) -> None:
    """The second writer waits on the first's rebuilt head and chains after it: one rebuild, no crash."""
    write_chain(session)
    with db.begin() as conn:
        delete_head(conn)
    session.expire_all()
    audit.append(session=session, event_type="test.first", actor="auditor@example.org", at=T0)
    errors: list[BaseException] = []

    def second() -> None:
        try:
            with Session(db) as other:
                audit.append(session=other, event_type="test.second", actor="auditor@example.org", at=T0)
                other.commit()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.3)  # the second writer is now waiting on the first's uncommitted head row
    session.commit()
    thread.join(timeout=30)
    assert errors == []
    breaks = audit.check(session=session)
    assert [(b.seq, "head row was missing or behind" in b.problem) for b in breaks] == [(6, True)], breaks
    assert audit.head_of(session=session) == (8, _events_of(db)[-1].hash)


WRITES = re.compile(
    r"update\(\s*AuditEvent|delete\(\s*AuditEvent|session\.delete\(|UPDATE\s+auditevent|DELETE\s+FROM\s+auditevent"
)


DIRECTORY_STORES = frozenset({"repository.py", "subprocessors.py"})


def test_no_code_path_updates_or_deletes_an_audit_row() -> None:
    """Outside the tests, no source updates or deletes an audit row (``session.delete`` only on directory rows)."""
    offending: list[str] = []
    for folder in ("breach", "flows", "notifications"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            for number, line in enumerate(source.splitlines(), 1):
                if not WRITES.search(line):
                    continue
                # The directories replace a customer's contacts and service uses, and a sub-processor's services;
                # those rows are not audit rows.
                if path.name in DIRECTORY_STORES and re.search(r"session\.delete\(old\)", line):
                    continue
                offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offending == []
