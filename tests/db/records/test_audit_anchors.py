"""Anchors read back from an anchor log, a customer's evidence pack and our own sent messages
(flows.evidence.audit_anchors)."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from sqlalchemy import Engine, delete, select, update
from sqlmodel import Session

from breach.db.models.audit import AuditEvent, AuditHead
from breach.db.models.outbox import Notice, SentMessage
from breach.records.store import audit
from flows import audit_wiring
from flows.evidence import audit_anchors, build_pack
from tests.record_world import BREWERY, NOW, build

EVENTS = AuditEvent.__table__  # type: ignore[attr-defined]
HEAD = AuditHead.__table__  # type: ignore[attr-defined]
AT = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


def _cut_to(db: Engine, last: int) -> None:
    """The forger's cut: every event after ``last`` deleted and the head moved back onto it."""
    with db.begin() as conn:
        conn.execute(delete(EVENTS).where(EVENTS.c.seq > last))
        mac = conn.execute(select(EVENTS.c.hash).where(EVENTS.c.seq == last)).scalar_one()
        conn.execute(update(HEAD).values(last_seq=last, last_hash=mac))


def _found(path: Path) -> audit_anchors.Found:
    found = audit_anchors.Found()
    audit_anchors.read_file(path, audit_wiring.settings_keyring(), found)
    return found


def test_the_anchor_log_gets_a_line_only_when_the_head_moved(session: Session, db: Engine, tmp_path: Path) -> None:
    """Anchoring twice on one head writes one line; after a new event, a second line."""
    build(session, db)
    log = tmp_path / "anchors.log"
    keyring = audit_wiring.settings_keyring()
    assert audit_anchors.append_head(log, session=session, keyring=keyring, now=AT) is not None
    assert audit_anchors.append_head(log, session=session, keyring=keyring, now=AT) is None
    audit.append(session=session, event_type="test.step", actor="auditor@example.org", at=AT)
    assert audit_anchors.append_head(log, session=session, keyring=keyring, now=AT) is not None
    assert len(log.read_text(encoding="utf-8").splitlines()) == 2
    assert _found(log).problems == []


def test_a_customers_pack_catches_a_cut_made_after_it_was_exported(
    session: Session, db: Engine, tmp_path: Path
) -> None:
    """The pack records the head at export: cutting the chain below it is caught, an intact chain is not."""
    build(session, db)
    pack = tmp_path / "pack.zip"
    pack.write_bytes(build_pack("BR-2026-0001", BREWERY, session=session, now=NOW).data)
    found = _found(pack)
    assert (found.problems, len(found.anchors) > 5) == ([], True)
    assert audit.verify(session=session, anchors=found.anchors) is None
    head = audit.head_of(session=session)
    assert head is not None
    _cut_to(db, head[0] - 2)
    session.expire_all()
    broken = audit.verify(session=session, anchors=found.anchors)
    assert broken is not None
    assert "pack.zip (its chain head)" in broken.problem
    assert "events after it were removed" in broken.problem


def test_a_forged_pack_gives_no_anchors(session: Session, db: Engine, tmp_path: Path) -> None:
    """A pack whose signature fails is reported and its anchors are not used."""
    build(session, db)
    data = build_pack("BR-2026-0001", BREWERY, session=session, now=NOW).data
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        files = {name: source.read(name) for name in source.namelist()}
    files["deadlines.json"] = b"[]\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as forged:
        for name, raw in files.items():
            forged.writestr(name, raw)
    pack = tmp_path / "forged.zip"
    pack.write_bytes(buffer.getvalue())
    found = _found(pack)
    assert found.anchors == []
    assert "not an intact pack of ours" in found.problems[0]


def test_the_head_our_sent_messages_carried_catches_a_rewrite(session: Session, db: Engine) -> None:
    """A sent document's ``audit_head`` is an anchor: rewriting the chain at its seq is caught."""
    build(session, db)
    head = audit.head_of(session=session)
    assert head is not None
    notice = session.scalars(select(Notice)).first()
    assert notice is not None
    document = {"notice_key": notice.notice_key, "text": "t", "audit_head": {"seq": head[0], "hash": head[1]}}
    session.add(
        SentMessage(
            id=uuid4(),
            notice_id=notice.id,
            sent_at=AT,
            contact="json://127.0.0.1:9/brewery",
            sha256="0" * 64,
            content=gzip.compress(json.dumps(document).encode()),
            possible_duplicate=False,
        )
    )
    session.commit()
    anchors = list(audit_anchors.sent_heads(session=session))
    assert [(a.seq, a.hash) for a in anchors if AT.isoformat() in a.source] == [head]
    with db.begin() as conn:
        conn.execute(update(EVENTS).where(EVENTS.c.seq == head[0]).values(hash="f" * 64))
        conn.execute(update(HEAD).values(last_hash="f" * 64))
    session.expire_all()
    breaks = audit.check(session=session, anchors=anchors)
    assert any("the message we sent at" in b.problem for b in breaks), breaks


def test_the_messages_we_really_sent_carry_the_head_and_catch_a_cut(session: Session, db: Engine) -> None:
    """Delivered notices store the head in their attached document: a cut below it names the message."""
    build(session, db)
    anchors = list(audit_anchors.sent_heads(session=session))
    assert len(anchors) == 4
    assert audit.verify(session=session, anchors=anchors) is None
    _cut_to(db, min(a.seq for a in anchors) - 1)
    session.expire_all()
    broken = audit.verify(session=session, anchors=anchors)
    assert broken is not None
    assert "the message we sent at" in broken.problem
