"""A background delivery that stops after the API answered is recorded, alerted to our DPO, and retried.

The application is built as ``breach serve`` builds it (``create_app()`` from the environment, the system clock,
``BackgroundDelivery``) and served on a loopback port; each customer's contact and our DPO's alert channel are
webhooks on a real loopback HTTP sink. Delivery (``flows.usecases.outbox.deliver_due``) first fails as a dead
relay would; then ``breach outbox run``'s own delivery runs and everything owed arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from breach.db.models.audit import AuditEvent
from breach.db.models.outbox import Notice
from breach.vocabulary import NoticeKind, NoticeStatus
from flows.usecases import outbox as outbox_service
from flows.web.api import deferred
from flows.web.api.delivery import HERE, BackgroundDelivery
from flows.web.app import create_app
from tests.api.served import seed_with_security_key, served_environment, wait_for
from tests.api.support import serve
from tests.factories import NARRATIVE, customer
from tests.servers import free_port, http_sink

# English texts for customers reading other languages: sent with a translation to follow (issue 17).
FALLBACK = {"fallback_language": "en"}

CUSTOMERS = ("Brouwerij Voorbeeld BV", "Boulangerie Exemple SA")
INTAKE = {"title": "Mailbox export", "description": "EDR flagged a bulk export.", "services": ["mail-hosting"]}
# What the failure says: an address and a person's mail, neither of which may reach a record or an alert.
FAILURE_TEXT = "relay 192.0.2.7 timed out delivering to jan.peeters@customer.example.org"


class DeadRelay:
    """Stands in for ``deliver_due`` while the relay is down: every call fails, as a dead SMTP relay's would."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, **_kwargs: Any) -> Any:
        self.calls += 1
        raise TimeoutError(FAILURE_TEXT)


def _deferred_events(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        query = select(AuditEvent).where(AuditEvent.event_type == deferred.EVENT).order_by(col(AuditEvent.seq))
        return list(session.exec(query).all())


def _notices(engine: Engine, kind: NoticeKind) -> list[Notice]:
    with Session(engine) as session:
        return list(session.exec(select(Notice).where(Notice.kind == kind)).all())


def test_a_failed_background_delivery_is_recorded_alerted_and_retried(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirm (twice) answers though delivery then fails each time: each failure is an audit event
    naming its class (never its text); the failure that leaves customers' notices waiting queues one alert to
    our DPO naming the deadline at risk; the notices stay pending, and the next ``breach outbox run`` delivers
    them and the alert."""
    relay = DeadRelay()
    real_delivery = outbox_service.deliver_due
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with http_sink() as sink, served_environment(db, sink, base, monkeypatch):
        entries = [customer(name, contacts=[sink.url(f"hook/{index}")]) for index, name in enumerate(CUSTOMERS)]
        headers = {"Authorization": f"Bearer {seed_with_security_key(db, entries)}"}
        monkeypatch.setattr(outbox_service, "deliver_due", relay)
        for live in serve(create_app(), port):
            with httpx.Client(base_url=live, timeout=10, headers=headers) as client:
                reference = client.post("/incidents", json=INTAKE).json()["reference"]
                facts = client.post(f"/incidents/{reference}/facts", json={"narrative": NARRATIVE})
                assert facts.status_code == 200, facts.text
                confirmed = client.post(f"/incidents/{reference}/confirm", json=FALLBACK)
                assert confirmed.status_code == 202, confirmed.text
                assert confirmed.json()["delivery"] == "background"
                assert wait_for(lambda: len(_deferred_events(db)) == 1, 20), "the failure was not recorded"
                again = client.post(
                    f"/incidents/{reference}/confirm", json=FALLBACK
                )  # a retrying SIEM: the same failure again
                assert again.json()["already_confirmed"] is True
                assert wait_for(lambda: len(_deferred_events(db)) == 2, 20), "the failure was not recorded"
        assert relay.calls == 2  # the facts queued nothing, so they started no delivery
        events = _deferred_events(db)
        incident_id = events[0].incident_id
        assert incident_id is not None
        assert {e.actor for e in events} == {deferred.ACTOR}
        # After each confirmation, each customer's first notice.
        assert [e.data["still_owed"] for e in events] == [len(CUSTOMERS), len(CUSTOMERS)]
        assert events[-1].data == {"route": HERE, "reason_class": "TimeoutError", "still_owed": len(CUSTOMERS)}
        initial = _notices(db, NoticeKind.INITIAL)
        assert len(initial) == len(CUSTOMERS)
        assert {n.status for n in initial} == {NoticeStatus.PENDING}  # left for the retry, not failed
        alerts = _notices(db, NoticeKind.INTERNAL_ALERT)
        # The repeated confirmation's failure is the same one: one alert.
        assert len(alerts) == 1
        alert = alerts[0]
        assert alert.status is NoticeStatus.PENDING
        assert alert.details["alert"] == deferred.ALERT
        assert "TimeoutError" in alert.details["reason"]
        assert alert.details["rule"]  # the incident's earliest open deadline, which the wait puts at risk
        recorded = str([(e.data, e.content_hash) for e in events]) + str(alert.details)
        assert "192.0.2.7" not in recorded
        assert "jan.peeters" not in recorded
        assert sink.received == []

        # The relay is back: `breach outbox run` (the same deliver_due) sends what was owed, the alert included.
        real_delivery(incident_id=incident_id)
        by_path = {r.path: r for r in sink.received}
    assert {f"/hook/{index}" for index in range(len(CUSTOMERS))} <= set(by_path)
    assert by_path["/dpo"].headers["X-Breach-Notice-Key"] == alert.notice_key
    assert reference in str(by_path["/dpo"].body)
    assert "TimeoutError" in str(by_path["/dpo"].body)
    assert {n.status for n in _notices(db, NoticeKind.INITIAL)} == {NoticeStatus.DELIVERED}
    assert {n.status for n in _notices(db, NoticeKind.INTERNAL_ALERT)} == {NoticeStatus.DELIVERED}


def test_a_failure_that_cannot_be_recorded_is_logged_without_its_text(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """When the database itself is down, the failure cannot be recorded: one error line names both classes,
    never the failure's text, and nothing escapes the delivery thread."""

    @contextmanager
    def database_down() -> Iterator[Session]:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))
        yield  # pragma: no cover - a generator for contextmanager

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(outbox_service, "deliver_due", DeadRelay())
    delivery = BackgroundDelivery(unit_of_work=database_down, clock=None, language=None)
    incident_id = UUID(int=7)
    with caplog.at_level(logging.WARNING, logger="flows.web.api.delivery"):
        assert delivery(incident_id) == "background"
        delivery.close()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    line = errors[0].getMessage()
    assert str(incident_id) in line
    assert "TimeoutError" in line
    assert "OperationalError" in line
    assert "192.0.2.7" not in line
    assert errors[0].exc_info is None  # no traceback: it would quote the text
