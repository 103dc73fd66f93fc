"""``breach rules`` and ``breach record`` through a small Typer app that registers them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import typer
from sqlmodel import col, select

from breach.clock import FixedClock
from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.deadlines import store as deadline_store
from breach.deadlines import tracking
from breach.deadlines.rules import RULES, RULESET_VERSION
from flows import db
from flows.cli import deadlines as cli_deadlines
from tests.app_db import CLI_ENV, app_database
from tests.cli.cli_world import invoker
from tests.factories import customer
from tests.incidents import confirmed_incident

BRUSSELS = ZoneInfo("Europe/Brussels")
AWARE = datetime(2025, 3, 3, 9, 0, tzinfo=BRUSSELS)
NOW = datetime(2025, 3, 10, 12, 0, tzinfo=BRUSSELS)
REF = "BR-2025-0001"
BREWERY = "Brouwerij Voorbeeld BV"

app = typer.Typer()
cli_deadlines.register(app)


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh SQLite file with a confirmed breach whose notice reached the brewery an hour after awareness."""
    monkeypatch.setattr(cli_deadlines, "clock", FixedClock(NOW))
    with app_database(monkeypatch, tmp_path / "cli.db", CLI_ENV):
        with db.unit_of_work() as session:
            incident = confirmed_incident(session, customers=[customer()], now=AWARE)
            ((case, cust),) = repository.cases_of(incident.id, session=session)
            # What delivery of our notice an hour later does (breach.incidents.awareness), without delivering.
            case.aware_at = AWARE + timedelta(hours=1)
            session.add(case)
            clock = tracking.new_deadline(
                "gdpr.33.1", case.aware_at, incident_id=incident.id, case_id=case.id, tz=cust.timezone, now=AWARE
            )
            deadline_store.start_clocks([clock], session=session)
        yield tmp_path


_run = invoker(app)


@pytest.mark.parametrize("columns", ["80", "200"])
def test_rules_prints_the_whole_table(monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    """``breach rules`` shows every rule id, its period and the rule set's version, without a database."""
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = _run("rules")
    assert code == 0
    assert f"rule set {RULESET_VERSION}, effective from" in out
    assert all(rule_id in out for rule_id in RULES)
    assert len(RULES) == 17
    assert "…" not in out
    if columns == "200":
        assert "8 weeks" in out
        assert "consultation-received" in out


def test_record_prints_the_clocks_in_the_customers_time(cli_db: Path) -> None:
    """A notification on time meets the 72 hours and starts the follow-up clock, shown with its offset."""
    code, out, err = _run(
        "record",
        REF,
        "--customer",
        BREWERY,
        "authority-notified",
        "--reference",
        "GBA/2025/0042",
        "--follow-up",
        "--at",
        "2025-03-05 15:00 Europe/Brussels",
    )
    assert (code, err) == (0, "")
    assert f"recorded authority-notified for {BREWERY} at 2025-03-05 15:00 CET (+01:00)" in out
    assert "met     gdpr.33.1: met" in out
    assert "started gdpr.33.4: due 2025-03-08 15:00 CET (+01:00)" in out
    assert "dpa.8.1b" in out
    with db.unit_of_work() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.event_type == "report.authority-notified")).one()
    assert event.actor == "alice@example.org"


def test_record_of_the_incident_itself_counts_in_brussels(cli_db: Path) -> None:
    """Without --customer the event is the incident's own: NIS2 clocks on Brussels' wall clock."""
    code, out, _ = _run("record", REF, "nis2-significant", "--trust-service-provider", "--at", "2025-03-03T11:00Z")
    assert code == 0
    assert f"recorded nis2-significant for {REF} (ours) at 2025-03-03 12:00 CET (+01:00)" in out
    assert "started nis2.23.4.b: due 2025-03-04 12:00 CET (+01:00)" in out
    assert "overdue" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["authority-notified", "--customer", BREWERY, "--reference", "X", "--at", "2025-03-07T10:00+01:00"],
            "delay_reasons: required",
        ),
        (["authority-informed", "--customer", BREWERY], "event: not a known event"),
        (["nis2-significant", "--customer", BREWERY], "customer: nis2-significant is about the incident itself"),
        (["high-risk-established", "--customer", "Nobody BV"], "customer: no such customer"),
        (["high-risk-established", "--customer", BREWERY, "--at", "2025-03-05 15:00"], "at: a time zone is required"),
    ],
)
def test_refusals_exit_2_with_one_line(cli_db: Path, args: list[str], message: str) -> None:
    """A late notification without reasons, an unknown event or customer, a wrong scope: one line, exit 2."""
    code, out, err = _run("record", REF, *args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1
    assert out == ""
    with db.unit_of_work() as session:
        assert session.exec(select(AuditEvent).where(col(AuditEvent.event_type).startswith("report."))).all() == []
