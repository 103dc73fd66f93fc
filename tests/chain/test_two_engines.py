"""Two engines, engine to engine (issue 21's Done-when): ours (A) and a reseller's (B), each with its own database
and its own ``breach serve`` on a loopback port chosen at run time, in processes of their own.

A breach confirmed at A reaches A's reseller customer through the ``breach://`` contact, B's intake opens its
incident, a person at B accepts the facts and confirms, and B's controllers get their notices in their own
languages (nl, fr, de). A's update and then its all-clear follow the same way, each accepted at B with
``breach intake accept``. A crash of either side between send and receipt costs at most one flagged repeat,
which B drops by its notice key: A is killed right after its send (``BREACH_FAULT=after-send``) and restarted;
B is killed after it stored a notice and restarted, and A sends that outbox message again as after an answer
lost with B (the message put back in flight with its lease run out): flagged, answered as a replay. Each
side's evidence pack shows its link of the chain.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, col, select

from breach.db.models.chain import SubprocessorNotice
from breach.db.models.incidents import Incident
from breach.db.models.outbox import Notice
from breach.vocabulary import IncidentStatus, Language, NoticeKind, NoticeStatus
from flows import db
from flows.evidence.build import build_pack
from flows.evidence.verify import verify_pack
from flows.settings import get_settings
from flows.usecases.chain import updates
from flows.usecases.chain.directory import import_subprocessors
from flows.usecases.directory_import import import_directory
from flows.web import api_keys
from tests.chain.engines import (
    AUDIT_KEY,
    CONTROLLERS,
    FACTS,
    NAMES,
    NARRATIVE,
    OURS,
    RESELLER,
    Side,
    wait_for,
)
from tests.servers import HttpSink, free_port, http_sink


def _customer(name: str, language: str, contact: str, subjects: int, role: str = "controller") -> dict[str, Any]:
    return {
        "name": name,
        "role": role,
        "language": language,
        "timezone": "Europe/Brussels",
        "lead_authority": "BE-GBA",
        "contacts": [contact],
        "services": [
            {"code": "hosted-mail" if role == "controller" else "mail-hosting", "data_subjects": subjects}
            | {"data": ["name", "contact_details"], "subjects": ["customers"]}
        ],
    }


def _set_up(a: Side, b: Side, sink: HttpSink) -> None:
    """Both databases, as each engine's operator would have set them up a day before."""
    then = datetime.now(UTC) - timedelta(days=1)
    for side in (a, b):
        db.init(side.engine())
    with Session(b.engine(), expire_on_commit=False) as session:
        controllers = [
            _customer(name, lang, sink.url(f"b-{lang}"), 400 + 100 * i)
            for i, (lang, name) in enumerate(CONTROLLERS.items())
        ]
        directory = {"services": [{"code": "hosted-mail", "name": NAMES}], "customers": controllers}
        import_directory(directory, session=session, actor="setup", now=then, source="test")
        import_subprocessors(
            {
                "subprocessors": [
                    {
                        "name": OURS,
                        "country": "BE",
                        "agreement_date": "2025-01-01",
                        "contacts": [{"label": "security desk", "email": "security@a.example.org"}],
                        "services": [{"ours": "hosted-mail", "theirs": ["mail-hosting"]}],
                    }
                ]
            },
            session=session,
            actor="setup",
            now=then,
            source="test",
        )
        _r, b.keys["for_a"] = api_keys.create_key(
            session=session, role="subprocessor", holder="Example Cloud engine", customer=None,
            subprocessor=OURS, actor="setup", now=then,
        )  # fmt: skip
        _r, b.keys["security"] = api_keys.create_key(
            session=session, role="security", holder="SIEM", customer=None, actor="setup", now=then
        )
        session.commit()
    engine_contact = f"breach://{b.keys['for_a']}@127.0.0.1:{b.port}/intake/notices"
    with Session(a.engine(), expire_on_commit=False) as session:
        reseller = _customer(RESELLER, "en", engine_contact, 2300, role="processor")
        directory = {"services": [{"code": "mail-hosting", "name": NAMES}], "customers": [reseller]}
        import_directory(directory, session=session, actor="setup", now=then, source="test")
        _r, a.keys["security"] = api_keys.create_key(
            session=session, role="security", holder="SIEM", customer=None, actor="setup", now=then
        )
        session.commit()


def _b_incident(b: Side) -> Incident | None:
    with Session(b.engine(), expire_on_commit=False) as session:
        return session.exec(select(Incident).where(col(Incident.title).startswith(OURS))).first()


def _received_at_b(b: Side) -> list[SubprocessorNotice]:
    with Session(b.engine(), expire_on_commit=False) as session:
        return list(session.exec(select(SubprocessorNotice).order_by(col(SubprocessorNotice.received_at))).all())


def _notice_to_reseller(a: Side, kind: NoticeKind) -> Notice | None:
    with Session(a.engine(), expire_on_commit=False) as session:
        return session.exec(select(Notice).where(Notice.kind == kind)).first()


def _to_controllers(sink: HttpSink, kind: str) -> dict[str, dict[str, Any]]:
    return {r.body["language"]: r.body for r in sink.received if r.path.startswith("/b-") and r.body["kind"] == kind}


def _pack(side: Side, reference: str, customer: str) -> dict[str, Any]:
    """The case's signed evidence pack, verified as a third party does (``breach evidence verify``: its
    ``chain.json`` tied to the audit events it holds); its ``chain.json``."""
    key = Ed25519PrivateKey.generate()
    with Session(side.engine(), expire_on_commit=False) as session:
        pack = build_pack(reference, customer, session=session, now=datetime.now(UTC), signing_key=key)
    assert verify_pack(pack.data, key.public_key()) == []
    with zipfile.ZipFile(io.BytesIO(pack.data)) as archive:
        loaded: dict[str, Any] = json.loads(archive.read("chain.json"))
    return loaded


@pytest.fixture
def engines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Side, Side, HttpSink]]:
    monkeypatch.setenv("BREACH_AUDIT_KEY", AUDIT_KEY)
    monkeypatch.setenv("BREACH_OPERATOR", "setup@example.org")
    get_settings.cache_clear()
    a, b = Side("a", tmp_path), Side("b", tmp_path)
    with http_sink() as sink:
        _set_up(a, b, sink)
        try:
            yield a, b, sink
        finally:
            for side in (a, b):
                side.stop()
            get_settings.cache_clear()


def test_a_breach_goes_from_our_engine_through_a_resellers_engine_to_its_controllers(
    engines: tuple[Side, Side, HttpSink],
) -> None:
    a, b, sink = engines
    b.serve(sink)
    # A crashes right after its first send: the pass_on has left, its outcome is not recorded.
    a.serve(sink, BREACH_FAULT="after-send")
    b.ready()
    a.ready()

    # 1. At A: a breach on mail-hosting, its facts, confirmed; the pass_on leaves for the reseller's engine.
    opened = a.api("POST", "/incidents", {"title": "Mailbox intrusion", "description": "EDR alert on BE-1.",
                                          "services": ["mail-hosting"]})  # fmt: skip
    ref_a = opened["reference"]
    a.api("POST", f"/incidents/{ref_a}/facts", {"facts": FACTS, "narrative": NARRATIVE})
    a.api("POST", f"/incidents/{ref_a}/confirm", {})
    assert a.process is not None
    wait_for(lambda: a.process is not None and a.process.poll() is not None, what="A killed after its send")
    # A restarts; confirming again sends what is still owed: the pass_on, flagged, once its lease ran out.
    wait_for(lambda: _b_incident(b) is not None, what="B opened its incident")
    a.port = free_port()
    a.serve(sink)
    a.ready()
    time.sleep(2.1)  # the crashed sender's lease
    a.api("POST", f"/incidents/{ref_a}/confirm", {})
    wait_for(
        lambda: (n := _notice_to_reseller(a, NoticeKind.PASS_ON)) is not None and n.status is NoticeStatus.DELIVERED,
        what="A's pass_on delivered after the restart",
    )
    pass_on = _notice_to_reseller(a, NoticeKind.PASS_ON)
    assert pass_on is not None
    assert pass_on.possible_duplicate  # the one repeat is flagged
    received = _received_at_b(b)
    assert [r.notice_key for r in received] == [pass_on.notice_key]  # and B dropped it by its key

    # 2. At B: one incident, investigating; a person accepts A's facts and confirms; B's controllers are told,
    # each in its own language.
    incident_b = _b_incident(b)
    assert incident_b is not None
    assert incident_b.status is IncidentStatus.INVESTIGATING
    ref_b = incident_b.reference
    with Session(b.engine(), expire_on_commit=False) as session:
        waiting = updates.pending(incident_b, session=session)
        assert [p.kind for p in waiting] == ["pass_on"]
        assert any(c["path"] == "facts.data_subjects" for c in waiting[0].changes)
        updates.accept(ref_b, session=session, actor="dpo@b.example.org", now=datetime.now(UTC), language=Language.EN)
        session.commit()
    b.api("POST", f"/incidents/{ref_b}/confirm", {"fallback_language": "en"})
    wait_for(lambda: len(_to_controllers(sink, "initial")) == 3, what="B's three controllers notified")
    initial = _to_controllers(sink, "initial")
    assert set(initial) == {"nl", "fr", "de"}
    assert {body["customer"]["name"] for body in initial.values()} == set(CONTROLLERS.values())
    assert initial["nl"]["processor"]["name"] == RESELLER
    assert initial["de"]["message"]["subject"] != initial["fr"]["message"]["subject"]

    # 3. A's update (Art. 33(4)) reaches B, which then crashes. B restarts; A's retry of the same outbox message
    # is flagged and B answers it as a replay, storing nothing.
    a.api("POST", f"/incidents/{ref_a}/facts", {"facts": {**FACTS, "exfiltration": "confirmed"}})
    wait_for(lambda: len(_received_at_b(b)) == 2, what="A's update at B")
    wait_for(
        lambda: (n := _notice_to_reseller(a, NoticeKind.UPDATE)) is not None and n.status is NoticeStatus.DELIVERED,
        what="A's update delivered",
    )
    # B crashes; its answer is taken as lost: A's outbox holds the message as in flight with its lease run out,
    # as after a try that got no answer, and sends it again.
    b.kill()
    b.serve(sink)
    b.ready()
    with Session(a.engine(), expire_on_commit=False) as session:
        update = session.exec(select(Notice).where(Notice.kind == NoticeKind.UPDATE)).one()
        update.status, update.next_attempt_at = NoticeStatus.SENDING, datetime.now(UTC) - timedelta(seconds=1)
        session.add(update)
        session.commit()
    a.api("POST", f"/incidents/{ref_a}/confirm", {})
    wait_for(
        lambda: (n := _notice_to_reseller(a, NoticeKind.UPDATE)) is not None and n.status is NoticeStatus.DELIVERED,
        what="A's flagged update answered",
    )
    update_row = _notice_to_reseller(a, NoticeKind.UPDATE)
    assert update_row is not None
    assert update_row.possible_duplicate
    assert len(_received_at_b(b)) == 2  # the repeat was dropped by its notice key
    listed = b.cli("intake", "pending", ref_b)
    assert "facts.exfiltration: cannot_rule_out → confirmed" in listed
    accepted = b.cli("intake", "accept", ref_b)
    assert "their facts recorded as ours" in accepted
    wait_for(lambda: len(_to_controllers(sink, "update")) == 3, what="B's update to its controllers")

    # 4. A's all-clear: the incident was no personal data breach after all; B accepts and withdraws its own.
    a.cli("withdraw", ref_a, "--reason", "The intruder's session never reached the mailbox store.")
    wait_for(lambda: len(_received_at_b(b)) == 3, what="A's all-clear at B")
    cleared = b.cli("intake", "accept", ref_b)
    assert "withdrawn on their all-clear" in cleared
    wait_for(lambda: len(_to_controllers(sink, "all_clear")) == 3, what="B's all-clear to its controllers")
    final = _b_incident(b)
    assert final is not None
    assert final.status is IncidentStatus.WITHDRAWN

    # 5. Each side's evidence shows its link: A what it sent on to the reseller's engine, B what it received.
    sent = _pack(a, ref_a, RESELLER)["sent_on"]
    # The update twice: delivered, then the flagged repeat after B's crash (both answered 2xx, one stored at B).
    assert [s["kind"] for s in sent] == ["pass_on", "update", "update", "all_clear"]
    assert all(s["to"] == "breach://127.0.0.1/intake/notices" for s in sent)
    assert [s["possible_duplicate"] for s in sent] == [True, False, True, False]
    link = _pack(b, ref_b, CONTROLLERS["nl"])
    assert [r["from"]["subprocessor"] for r in link["received"]] == [OURS] * 3
    assert [r["notice_key"] for r in link["received"]] == [r.notice_key for r in _received_at_b(b)]
    assert link["our_awareness"] is not None
    assert b.keys["for_a"] not in json.dumps(sent)
