"""``handle_incident`` returns after its first pass (issue 15, finding 2): retries are the watchdog's.

Before, a receiver answering 500 kept the run (and ``breach confirm`` with it) sleeping until its retries
ran out: 30 s, then 2 min, inside the run. Now the run ends once every due notice had its try, and says how
many are still owed.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import select

from breach.db.models.outbox import Notice
from breach.vocabulary import NoticeStatus
from flows import db
from tests.factories import customer
from tests.incidents import confirmed_incident, described_incident
from tests.servers import HttpSink, http_sink

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def _one_down_one_up(sink: HttpSink) -> list[dict[str, Any]]:
    """Two customers: one whose receiver answers 500, one whose receiver takes the notice."""
    sink.path_modes["/down"] = "500"
    return [
        customer("Klant Down BV", contacts=[sink.url("down")]),
        customer("Klant Op BV", contacts=[sink.url("up")]),
    ]


@pytest.mark.flow
def test_the_run_returns_after_one_pass_with_what_is_still_pending(prefect_harness: None, engine_db: str) -> None:
    """One receiver answers 500: the run returns in seconds, one delivered, one pending for the watchdog."""
    from flows.orchestration.incident_flow import handle_incident  # noqa: PLC0415  (Prefect costs seconds to import)

    with http_sink() as sink:
        customers = _one_down_one_up(sink)
        with db.unit_of_work() as session:
            incident_id = confirmed_incident(session, customers=customers, now=datetime.now(UTC)).id
        started = time.monotonic()
        result = handle_incident(incident_id)
        elapsed = time.monotonic() - started
    assert elapsed < 10, elapsed
    assert (result["claimed"], result["delivered"], result["pending"]) == (2, 1, 1)
    with db.unit_of_work() as session:
        waiting = session.exec(select(Notice).where(Notice.status == NoticeStatus.PENDING)).one()
    assert waiting.next_attempt_at is not None  # due later: ``watch_deadlines`` and ``breach outbox run`` take it


@pytest.mark.flow
def test_breach_confirm_exits_3_while_a_notice_is_still_owed(prefect_harness: None, engine_db: str) -> None:
    """`breach confirm` runs the flow, returns after its pass and exits 3 naming what is still owed."""
    from typer.testing import CliRunner  # noqa: PLC0415

    from flows.cli.app import app  # noqa: PLC0415

    with http_sink() as sink:
        customers = _one_down_one_up(sink)
        with db.unit_of_work() as session:
            reference = described_incident(session, customers=customers, now=datetime.now(UTC)).reference
        result = CliRunner().invoke(app, ["confirm", reference])
        paths = [r.path for r in sink.received]  # a 500 answer records nothing at the sink
    assert result.exit_code == 3, result.output
    assert "still pending: 1 retrying" in result.stderr, result.stderr
    assert paths == ["/up"]
    with db.unit_of_work() as session:
        statuses = sorted(n.status.value for n in session.exec(select(Notice)).all())
    assert statuses == ["delivered", "pending"]


@pytest.mark.flow
def test_a_receiver_that_answers_503_twice_is_served_by_the_run_itself(prefect_harness: None, engine_db: str) -> None:
    """503, 503, then 200 (issue 19): retried after 2 s and 8 s by the run, not left to the watchdog's 5 minutes;
    a 500's 30 s wait stays the watchdog's, so the run still ends in seconds."""
    from flows.orchestration.incident_flow import handle_incident  # noqa: PLC0415  (Prefect costs seconds to import)

    with http_sink() as sink:
        sink.path_modes["/down"] = "500"
        sink.fail_next("503", "503")
        customers = [
            customer("Klant Bezet BV", contacts=[sink.url("busy")]),
            customer("Klant Down BV", contacts=[sink.url("down")]),
        ]
        with db.unit_of_work() as session:
            incident_id = confirmed_incident(session, customers=customers, now=datetime.now(UTC)).id
        started = time.monotonic()
        result = handle_incident(incident_id)
        elapsed = time.monotonic() - started
        paths = [r.path for r in sink.received]
    assert paths == ["/busy"]
    assert (result["delivered"], result["pending"]) == (1, 1)
    assert 10 <= elapsed < 25, elapsed
