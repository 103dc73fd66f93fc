"""The first path without Prefect: confirmation fans out, the outbox delivers, clocks start at delivery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.clock import FixedClock
from breach.db import repository
from breach.db.models.incidents import ControllerCase
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.deadlines import store as tracking
from breach.notices.store import outbox
from breach.records.store import audit
from breach.vocabulary import IncidentStatus, NoticeKind, NoticeStatus
from flows import db
from flows.usecases.intake import confirm_incident
from notifications.channels.channel import AppriseChannel, FailingChannel, RecordingChannel
from notifications.delivery.sender import RetryPolicy, deliver_batch
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.servers import http_sink

T0 = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # a Friday, two days before Brussels moves to summer time
POLICY = RetryPolicy(attempts_per_contact=2, backoff=(timedelta(seconds=30),), concurrency=4)


def _customers(
    hook: str = "json://127.0.0.1:9/hook", second: str = "json://127.0.0.1:9/second"
) -> list[dict[str, Any]]:
    return [
        customer("Brouwerij Voorbeeld BV", contacts=[hook, second]),
        customer(
            "Boulangerie Exemple SA",
            language="fr",
            timezone="Europe/Paris",
            lead_authority="FR-CNIL",
            contacts=[hook.replace("hook", "fr")],
        ),
        customer(
            "Nordic Reseller Oy",
            language="en",
            timezone="Europe/Helsinki",
            role="processor",
            contacts=[hook.replace("hook", "reseller")],
        ),
        customer(
            "CRM Only GmbH",
            language="de",
            timezone="Europe/Berlin",
            # A private company in Hamburg: its Land's authority (BDSG § 40).
            lead_authority="DE-HH",
            contacts=[hook.replace("hook", "crm")],
            services=[{"code": "crm-cloud", "data_subjects": 5}],
        ),
    ]


def _confirmed(session: Session, customers: list[dict[str, Any]]) -> str:
    return confirmed_incident(session, customers=customers, now=T0).reference


def _deliver(engine: Engine, channel: Any, clock: FixedClock) -> Any:
    return deliver_batch(
        unit_of_work=partial(db.unit_of_work, engine),
        channel=channel,
        sender=SENDER,
        clock=clock,
        limit=100,
        policy=POLICY,
    )


def test_only_affected_customers_get_a_case_and_a_notice(session: Session) -> None:
    """The CRM-only customer is not affected by a mail incident; the reseller gets a pass-on notice."""
    reference = _confirmed(session, _customers())
    incident = repository.incident_by_reference(reference, session=session)
    names = {c.name: case for case, c in repository.cases_of(incident.id, session=session)}
    assert sorted(names) == ["Boulangerie Exemple SA", "Brouwerij Voorbeeld BV", "Nordic Reseller Oy"]
    kinds = {n.kind for n in session.exec(select(Notice)).all()}
    assert kinds == {NoticeKind.INITIAL, NoticeKind.PASS_ON}
    assert incident.status is IncidentStatus.NOTIFYING


def test_delivery_starts_each_controller_clock_at_its_own_delivery(session: Session, db: Engine) -> None:
    """Each controller's 72 hours run from its notice's delivery; ours (dpa.8.1b) is met then."""
    reference = _confirmed(session, _customers())
    clock = FixedClock(T0 + timedelta(minutes=3))
    channel = RecordingChannel()
    counts = _deliver(db, channel, clock)
    assert (counts.delivered, counts.failed) == (3, 0)
    session.expire_all()
    incident = repository.incident_by_reference(reference, session=session)
    assert incident.status is IncidentStatus.NOTIFIED
    for case, cust in repository.cases_of(incident.id, session=session):
        assert case.aware_at == clock.now()
        rules = {d.rule: d for d in tracking.deadlines_of(session=session, incident_id=incident.id, case_id=case.id)}
        assert rules["dpa.8.1b"].met_at == clock.now()
        if cust.role.value == "processor":
            assert "gdpr.33.1" not in rules
        else:
            assert rules["gdpr.33.1"].start_at == clock.now()
            assert rules["gdpr.33.1"].due_at == clock.now() + timedelta(hours=72)
    assert audit.verify(session=session) is None


def test_each_notice_is_in_its_customers_language(session: Session, db: Engine) -> None:
    """The French customer's notice is in French, the Dutch one's in Dutch, the reseller's in English."""
    _confirmed(session, _customers())
    channel = RecordingChannel()
    _deliver(db, channel, FixedClock(T0))
    by_url = {url: message for url, message in channel.sent}
    assert "violation" in by_url["json://127.0.0.1:9/fr"].subject.lower()
    assert "inbreuk" in by_url["json://127.0.0.1:9/hook"].subject.lower()
    assert "breach" in by_url["json://127.0.0.1:9/reseller"].subject.lower()


def test_a_second_confirm_and_a_rerun_send_nothing_new(session: Session, db: Engine) -> None:
    """Confirming again creates no notice; running the sender again finds nothing to send."""
    reference = _confirmed(session, _customers())
    channel = RecordingChannel()
    _deliver(db, channel, FixedClock(T0))
    again = confirm_incident(reference, session=session, actor="dpo", now=T0 + timedelta(minutes=5))
    session.commit()
    assert (again.already_confirmed, again.fanout.notices_created, again.fanout.cases_created) == (True, 0, 0)
    assert _deliver(db, channel, FixedClock(T0 + timedelta(minutes=6))).claimed == 0
    assert len(channel.sent) == 3


def test_a_failed_delivery_leaves_no_controller_clock_and_ours_running(session: Session, db: Engine) -> None:
    """When every contact keeps failing, the notice keeps retrying with its reason (its duty stands: it is
    never dropped), round after round through the contacts; the case has no awareness and no 72 h clock."""
    reference = _confirmed(session, _customers())
    clock = FixedClock(T0)
    channel = FailingChannel(reason="connection refused")
    for _ in range(6):
        _deliver(db, channel, clock)
        clock.advance(timedelta(minutes=1))
    session.expire_all()
    incident = repository.incident_by_reference(reference, session=session)
    for case, _cust in repository.cases_of(incident.id, session=session):
        assert case.aware_at is None
        rules = {d.rule: d for d in tracking.deadlines_of(session=session, incident_id=incident.id, case_id=case.id)}
        assert "gdpr.33.1" not in rules
        assert rules["dpa.8.1b"].met_at is None
    notices = session.exec(select(Notice).where(col(Notice.customer_id).is_not(None))).all()
    assert {n.status for n in notices} == {NoticeStatus.PENDING}
    assert all(n.last_error == "connection refused" and n.next_attempt_at is not None for n in notices)
    # Nothing failed for good, so no per-notice alert: an unreached customer is raised later, aggregated.
    assert session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).all() == []
    brouwerij = next(n for n in notices if n.language.value == "nl")
    attempts = session.exec(
        select(DeliveryAttempt)
        .where(DeliveryAttempt.notice_id == brouwerij.id)
        .order_by(col(DeliveryAttempt.started_at))
    ).all()
    # Two tries on the first contact, two on the second, then round again from the first.
    assert [a.contact.rsplit("/", 1)[1] for a in attempts] == ["hook", "hook", "second", "second", "hook", "hook"]
    assert incident.status is IncidentStatus.NOTIFYING


def test_a_failing_primary_falls_back_to_the_next_contact(session: Session, db: Engine) -> None:
    """A permanent failure on the first contact moves the notice to the second, which receives it."""
    _confirmed(session, _customers())
    channel = FailingChannel(failing=frozenset({"json://127.0.0.1:9/hook"}), transient=False)
    clock = FixedClock(T0)
    _deliver(db, channel, clock)
    _deliver(db, channel, clock)
    assert "json://127.0.0.1:9/second" in [url for url, _ in channel.inner.sent]
    session.expire_all()
    aware = session.exec(select(ControllerCase).where(col(ControllerCase.aware_at).is_not(None))).all()
    assert len(aware) == 3


def test_in_flight_notices_are_sent_again_once_marked_possible_duplicates(session: Session, db: Engine) -> None:
    """A crash after the claim and before settling: after the lease, those notices go again with the same key."""
    _confirmed(session, _customers())
    with Session(db) as s:
        claimed = outbox.claim(session=s, now=T0, limit=1)
        s.commit()
        crashed_key = claimed[0].notice_key
    # Before the lease runs out nobody takes it again.
    channel = RecordingChannel()
    _deliver(db, channel, FixedClock(T0 + timedelta(minutes=1)))
    assert crashed_key not in [m.notice_key for _, m in channel.sent]
    _deliver(db, channel, FixedClock(T0 + POLICY.lease + timedelta(seconds=1)))
    again = [m for _, m in channel.sent if m.notice_key == crashed_key]
    assert len(again) == 1
    assert again[0].possible_duplicate is True
    assert len(channel.sent) == 3


def test_the_notice_key_travels_over_a_real_webhook(session: Session, db: Engine) -> None:
    """Through Apprise to a loopback HTTP server: the key in a header and in the JSON body, which is the notice."""
    with http_sink() as sink:
        _confirmed(session, _customers(hook=sink.url("hook"), second=sink.url("second")))
        counts = _deliver(db, AppriseChannel(read_timeout=5), FixedClock(T0))
        assert counts.delivered == 3
        keys = sink.keys()
        assert len(keys) == len(set(keys)) == 3
        request = next(r for r in sink.received if r.path == "/hook")
        assert request.body["notice_key"] == request.headers["X-Breach-Notice-Key"]
        assert request.body["possible_duplicate"] is False
        assert request.body["schema"] == "https://breach-engine.example.org/schema/notice/1.4"
        assert "attachments" not in request.body  # the body is the document: not attached a second time


@pytest.mark.parametrize("modes", [("500",), ("500", "500")])
def test_transient_webhook_failures_retry_then_deliver(session: Session, db: Engine, modes: tuple[str, ...]) -> None:
    """A webhook answering 500 is retried after the backoff and then moves on; every attempt is a row."""
    with http_sink() as sink:
        _confirmed(session, _customers(hook=sink.url("hook"), second=sink.url("second")))
        sink.fail_next(*modes)
        clock = FixedClock(T0)
        for _ in range(4):
            _deliver(db, AppriseChannel(read_timeout=5), clock)
            clock.advance(timedelta(minutes=1))
        assert len(set(sink.keys())) == 3
        assert len(sink.keys()) == 3
        attempts = session.exec(select(DeliveryAttempt)).all()
        assert len(attempts) == 3 + len(modes)
        failed = [a for a in attempts if a.outcome.value != "success"]
        assert len(failed) == len(modes)
        assert all("500" in a.reason or "Internal Server Error" in a.reason for a in failed), [a.reason for a in failed]
