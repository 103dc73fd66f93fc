"""Evidence packs: every notice as sent, proved by the audit slice and our signature; a changed byte is caught."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.db.models.outbox import SentMessage
from breach.errors import NotFound
from flows.evidence import build_pack, verify_pack
from tests.record_world import BREWERY, NOW, build


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _rezip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, raw in files.items():
            z.writestr(name, raw)
    return buffer.getvalue()


def test_a_pack_holds_the_sent_message_and_verifies(session: Session, db: Engine) -> None:
    """The brewery's pack has its notice as sent, whose hash is the stored one, and verifies intact."""
    build(session, db)
    pack = build_pack("BR-2026-0001", BREWERY, session=session, now=NOW)
    files = _files(pack.data)
    manifest = json.loads(files["manifest.json"])
    (entry,) = manifest["sent_messages"]
    stored = session.exec(select(SentMessage)).all()
    assert entry["sha256"] in {s.sha256 for s in stored}
    folder = entry["folder"]
    assert {f"{folder}/document.json", f"{folder}/message.eml", f"{folder}/message.html"} <= set(files)
    assert any(name.endswith("breach-notice.json") for name in files)
    assert b"X-Breach-Notice-Key: BR-2026-0001.initial.1." in files[f"{folder}/message.eml"]
    assert {"deadlines.json", "decisions.json", "assessment.json", "acknowledgements.json", "audit.json"} <= set(files)
    events = json.loads(files["audit.json"])
    assert {"incident.opened", "notice.delivered", "report.authority-notified"} <= {e["event_type"] for e in events}
    assert verify_pack(pack.data) == []


def test_a_pack_holds_no_other_customers_messages(session: Session, db: Engine) -> None:
    """Only the brewery's own delivery events are in its audit slice."""
    world = build(session, db)
    case, _ = world.cases[BREWERY]
    events = json.loads(_files(build_pack("BR-2026-0001", BREWERY, session=session, now=NOW).data)["audit.json"])
    assert {e["case_id"] for e in events} <= {None, str(case.id)}


def test_the_zip_is_deterministic(session: Session, db: Engine) -> None:
    """The same record and the same time give the same bytes."""
    build(session, db)
    first = build_pack("BR-2026-0001", BREWERY, session=session, now=NOW).data
    assert build_pack("BR-2026-0001", BREWERY, session=session, now=NOW).data == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        names = z.namelist()
        assert names == sorted(names)
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_changed_byte_is_caught(session: Session, db: Engine) -> None:
    """One changed byte in a sent message's HTML fails the manifest check, naming the file."""
    build(session, db)
    files = _files(build_pack("BR-2026-0001", BREWERY, session=session, now=NOW).data)
    name = next(n for n in files if n.endswith("message.html"))
    raw = bytearray(files[name])
    raw[100] ^= 0x01
    files[name] = bytes(raw)
    problems = verify_pack(_rezip(files))
    assert any(p.startswith(name) and "manifest" in p for p in problems), problems


def test_a_forged_document_with_a_forged_manifest_is_still_caught(session: Session, db: Engine) -> None:
    """Rewriting a document and its manifest line breaks the tie to the recorded hash and the audit slice."""
    build(session, db)
    files = _files(build_pack("BR-2026-0001", BREWERY, session=session, now=NOW).data)
    manifest = json.loads(files["manifest.json"])
    name = manifest["sent_messages"][0]["document"]
    files[name] = files[name].replace(b"Mail", b"Post")
    manifest["files"][name] = hashlib.sha256(files[name]).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()
    problems = verify_pack(_rezip(files))
    assert any("recorded hash" in p for p in problems), problems


def test_an_edited_audit_event_in_the_pack_is_caught(session: Session, db: Engine) -> None:
    """An audit event changed inside the pack (manifest updated too) breaks the manifest's signature."""
    build(session, db)
    files = _files(build_pack("BR-2026-0001", BREWERY, session=session, now=NOW).data)
    events = json.loads(files["audit.json"])
    events[1]["actor"] = "mallory@example.org"
    files["audit.json"] = json.dumps(events).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["files"]["audit.json"] = hashlib.sha256(files["audit.json"]).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()
    problems = verify_pack(_rezip(files))
    assert any("signature does not verify" in p for p in problems), problems


def test_an_unknown_customer_or_case_is_refused(session: Session, db: Engine) -> None:
    """A customer that does not exist is a NotFound, nothing written."""
    build(session, db)
    with pytest.raises(NotFound):
        build_pack("BR-2026-0001", "Nobody BV", session=session, now=NOW + timedelta(days=1))
