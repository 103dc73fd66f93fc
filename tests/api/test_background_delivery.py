"""From the API to each customer's inbox: intake, narrative and confirm over HTTP, notices delivered after the answer.

The application is built as ``breach serve`` builds it (``create_app()`` from the environment, the system
clock, ``BackgroundDelivery``), served by uvicorn on a loopback port; every customer's contact is a webhook on
a real loopback HTTP sink. No ``PREFECT_API_URL``: delivery runs in the server's own background thread.
Delivery is held at a gate until the confirmation has answered, so the test shows that the answer does not
wait for it (were it waiting, the request would hang); then the gate opens and the real delivery path runs.
A retrying caller confirms twice: the two deliveries then run at once, in the server's two delivery
threads: on SQLite they used to claim, and send, every notice twice (``breach.notices.store.outbox.claim``).
(New facts that queue nothing start no delivery at all.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase
from breach.db.models.outbox import Notice
from breach.vocabulary import NoticeKind, NoticeStatus
from flows.usecases import outbox as outbox_service
from flows.web.app import create_app
from tests.api.served import seed_with_security_key, served_environment, wait_for
from tests.api.support import serve
from tests.factories import NARRATIVE, customer
from tests.servers import free_port, http_sink

# English texts for customers reading other languages: sent with a translation to follow (issue 17).
FALLBACK = {"fallback_language": "en"}

CUSTOMERS = {
    "Brouwerij Voorbeeld BV": {"language": "nl", "timezone": "Europe/Brussels", "lead_authority": "BE-GBA"},
    "Boulangerie Exemple SA": {"language": "fr", "timezone": "Europe/Paris", "lead_authority": "FR-CNIL"},
    "Beispiel Software GmbH": {"language": "de", "timezone": "Europe/Berlin", "lead_authority": "DE-BE"},
}
INTAKE = {
    "title": "Mailbox export",
    "description": "EDR flagged a bulk export of mailboxes.",
    "services": ["mail-hosting"],
}


class Gate:
    """Holds every delivery (``flows.usecases.outbox.deliver_due``, which ``BackgroundDelivery`` calls) until
    opened, then lets the real one run; counts those still running."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.opened = threading.Event()
        self.real = real
        self.running = 0
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, **kwargs: Any) -> Any:
        with self._lock:
            self.running += 1
            self.calls += 1
        try:
            self.opened.wait(timeout=30)
            return self.real(**kwargs)
        finally:
            with self._lock:
                self.running -= 1


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """Delivery held at a gate for the test."""
    held = Gate(outbox_service.deliver_due)
    monkeypatch.setattr(outbox_service, "deliver_due", held)
    try:
        yield held
    finally:
        held.opened.set()  # never leave a delivery thread waiting


def test_confirm_answers_at_once_and_every_customer_receives_its_notice(
    db: Engine, monkeypatch: pytest.MonkeyPatch, gate: Gate
) -> None:
    """POST /incidents, /facts and /confirm as the security team: 202 while delivery is still held, then each
    customer's notice reaches its webhook once, with its notice key header, and the notices are delivered."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with http_sink() as sink, served_environment(db, sink, base, monkeypatch):
        entries = [
            customer(name, contacts=[sink.url(f"hook/{index}")], **extra)
            for index, (name, extra) in enumerate(CUSTOMERS.items())
        ]
        key = seed_with_security_key(db, entries)
        app = create_app()  # as `breach serve` does: everything from the environment
        for live in serve(app, port):
            assert live == base
            headers = {"Authorization": f"Bearer {key}"}
            with httpx.Client(base_url=base, timeout=10) as client:
                opened = client.post("/incidents", json=INTAKE, headers=headers)
                assert opened.status_code == 201, opened.text
                reference = opened.json()["reference"]
                facts = client.post(f"/incidents/{reference}/facts", json={"narrative": NARRATIVE}, headers=headers)
                assert facts.status_code == 200, facts.text
                started = time.monotonic()
                confirmed = client.post(f"/incidents/{reference}/confirm", json=FALLBACK, headers=headers)
                answered = time.monotonic() - started
                assert confirmed.status_code == 202, confirmed.text
                assert confirmed.json()["delivery"] == "background"
                assert confirmed.json()["notices_queued"] == len(CUSTOMERS)
                assert sink.received == []  # answered while delivery was still held
                again = client.post(f"/incidents/{reference}/confirm", json=FALLBACK, headers=headers)
                assert again.json()["already_confirmed"] is True  # a retrying caller
                assert wait_for(lambda: gate.calls == 2, 5)  # one delivery per confirmation, none after the facts
                gate.opened.set()
                assert wait_for(lambda: _all_delivered(db) and gate.running == 0, 30), sink.received
        received = [r for r in sink.received if r.path.startswith("/hook/")]
    assert answered < 5, f"confirm took {answered:.2f} s"
    with Session(db) as session:
        rows = session.exec(
            select(Notice, Customer.name)
            .join(Customer, col(Customer.id) == col(Notice.customer_id))
            .where(Notice.kind == NoticeKind.INITIAL)
        ).all()
        cases = session.exec(select(ControllerCase)).all()
    keys = {name: notice.notice_key for notice, name in rows}
    assert set(keys) == set(CUSTOMERS)
    # Each customer's webhook got exactly its own notice, once, carrying its notice key.
    by_path = {r.path: r for r in received}
    assert len(received) == len(by_path) == len(CUSTOMERS)
    for index, name in enumerate(CUSTOMERS):
        message = by_path[f"/hook/{index}"]
        assert message.headers["X-Breach-Notice-Key"] == keys[name]
        assert reference in str(message.body)
    assert all(case.aware_at is not None for case in cases)  # delivery made each customer aware


def _all_delivered(engine: Engine) -> bool:
    with Session(engine) as session:
        statuses = session.exec(select(Notice.status).where(Notice.kind == NoticeKind.INITIAL)).all()
    return len(statuses) == len(CUSTOMERS) and all(s is NoticeStatus.DELIVERED for s in statuses)
