"""Two engines, engine to engine (issue 21's Done-when): ours (A) and a reseller's (B), each with its own database
and its own ``breach serve`` on a loopback port chosen at run time, in processes of their own.

A breach confirmed at A reaches A's reseller customer through the ``breach://`` contact, B's intake opens its
incident, a person at B accepts the facts and confirms, and B's controllers get their notices in their own
languages (nl, fr, de). A's update and then its all-clear follow the same way, each accepted at B with
``breach intake accept``. A crash of either side between send and receipt costs at most one flagged repeat,
which B drops by its notice key: A is killed right after its send (``BREACH_FAULT=after-send``) and restarted;
B is killed after it stored a notice, restarted, and A's retry of that message (its answer lost with B) is
answered as a replay. Each side's evidence pack shows its link of the chain.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from breach.db.models.chain import SubprocessorNotice
from breach.db.models.incidents import Incident
from breach.db.models.outbox import Notice
from breach.vocabulary import IncidentStatus, Language, NoticeKind, NoticeStatus
from flows import db
from flows.cli.app import app
from flows.evidence.build import build_pack
from flows.settings import get_settings
from flows.usecases.chain import updates
from flows.usecases.chain.directory import import_subprocessors
from flows.usecases.directory_import import import_directory
from flows.web import api_keys
from tests.servers import HttpSink, free_port, http_sink

AUDIT_KEY = "two-engines-audit-key-0123456789abcdefghijklmnop"
OURS = "Example Cloud Services BV"
RESELLER = "Reseller Voorbeeld BV"
CONTROLLERS = {
    "nl": "Tandartspraktijk Voorbeeld",
    "fr": "Cabinet Exemple SRL",
    "de": "Praxis Beispiel GmbH",
}
NAMES = {"en": "Hosted e-mail", "nl": "Gehoste e-mail", "fr": "Messagerie hébergée", "de": "Gehostete E-Mail"}
FACTS: dict[str, Any] = {
    "breach_types": ["confidentiality"],
    "data_categories": ["contact"],
    "data_subjects": 2300,
    "malicious": True,
    "exfiltration": "cannot_rule_out",
}
NARRATIVE: dict[str, Any] = {
    "nature": "Mailboxes on a shared cluster were read by an intruder.",
    "likely_consequences": "Targeted phishing using real correspondence.",
    "measures_taken": "The intruder's account was disabled and credentials rotated.",
    "failed_measures": ["electronic_access"],
    "not_yet_known": ["categories_and_numbers"],
}


@dataclass
class Side:
    """One engine: its database, its port, its keys and its server process."""

    name: str
    root: Path
    port: int = field(default_factory=free_port)
    keys: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.root / f'{self.name}.db'}"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def engine(self) -> Engine:
        return db.make_engine(self.url)

    def environment(self, sink: HttpSink, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BREACH_", "PREFECT_API_URL"))}
        env.update(
            {
                "BREACH_DATABASE_URL": self.url,
                "BREACH_AUDIT_KEY": AUDIT_KEY,
                "BREACH_ACK_SECRET": f"two-engines-{self.name}-secret-0123456789abcdefgh",
                "BREACH_PUBLIC_URL": self.base,
                "BREACH_PROCESSOR_NAME": OURS if self.name == "a" else RESELLER,
                "BREACH_DPO_NAME": f"Dana Example ({self.name.upper()})",
                "BREACH_DPO_EMAIL": f"dpo@{self.name}.example.org",
                "BREACH_DPO_PHONE": "+32 2 000 00 00",
                "BREACH_DPO_ALERT_URLS": sink.url(f"dpo-{self.name}"),
                "BREACH_OPERATOR": f"operator@{self.name}.example.org",
                "BREACH_RENDER_PROCESSES": "0",
                "BREACH_SEND_LEASE_SECONDS": "2",
                "BREACH_SEND_CONNECT_TIMEOUT_SECONDS": "2",
                "BREACH_SEND_READ_TIMEOUT_SECONDS": "5",
                "COLUMNS": "200",
            }
        )
        env.update(extra)
        return env

    @property
    def log(self) -> Path:
        return self.root / f"{self.name}-serve.log"

    def serve(self, sink: HttpSink, **extra: str) -> None:
        self.env = self.environment(sink, **extra)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603  (our own CLI, fixed arguments)
                [sys.executable, "-c", "from flows.cli.app import app; app()", "serve", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=log,
            )

    def ready(self, seconds: float = 120) -> None:
        """Answering (any answer: an unauthenticated request is refused 401). Starting takes a few seconds
        of imports; on a loaded machine many more."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"engine {self.name} exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base}/incidents", timeout=2).status_code == 401:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"engine {self.name} did not answer on {self.base}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - a server that ignores SIGTERM
                self.kill()

    def cli(self, *args: str) -> str:
        """``breach ARGS`` as this engine's operator runs it (its environment), in this process: a process of its
        own would spend seconds importing what this one has loaded."""
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(self.env)
        get_settings.cache_clear()
        db.get_engine.cache_clear()
        try:
            done = CliRunner().invoke(app, list(args), catch_exceptions=False)
        finally:
            db.get_engine().dispose()
            os.environ.clear()
            os.environ.update(saved)
            get_settings.cache_clear()
            db.get_engine.cache_clear()
        assert done.exit_code == 0, f"breach {' '.join(args)}: {done.output}"
        return done.output

    def api(self, method: str, path: str, body: object | None = None) -> dict[str, Any]:
        answer = httpx.request(
            method,
            f"{self.base}{path}",
            json=body,
            headers={"Authorization": f"Bearer {self.keys['security']}"},
            timeout=20,
        )
        assert answer.status_code < 300, f"{method} {path}: {answer.status_code} {answer.text}"
        result: dict[str, Any] = answer.json()
        return result


def wait_for(condition: Any, seconds: float = 90, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    assert condition(), f"not within {seconds} s: {what}"


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
    with Session(side.engine(), expire_on_commit=False) as session:
        pack = build_pack(
            reference, customer, session=session, now=datetime.now(UTC), signing_key=Ed25519PrivateKey.generate()
        )
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

    # 3. A's update (Art. 33(4)) reaches B, which then crashes: its answer to A is lost with it. B restarts;
    # A's retry of the same outbox message is flagged and B answers it as a replay, storing nothing.
    a.api("POST", f"/incidents/{ref_a}/facts", {"facts": {**FACTS, "exfiltration": "confirmed"}})
    wait_for(lambda: len(_received_at_b(b)) == 2, what="A's update at B")
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
    assert [s["kind"] for s in sent] == ["pass_on", "update", "all_clear"]
    assert all(s["to"] == "breach://127.0.0.1/intake/notices" for s in sent)
    assert [s["possible_duplicate"] for s in sent] == [True, True, False]
    link = _pack(b, ref_b, CONTROLLERS["nl"])
    assert [r["from"]["subprocessor"] for r in link["received"]] == [OURS] * 3
    assert [r["notice_key"] for r in link["received"]] == [r.notice_key for r in _received_at_b(b)]
    assert link["our_awareness"] is not None
    assert b.keys["for_a"] not in json.dumps(sent)
