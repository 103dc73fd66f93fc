"""Register rows from loaded rows, without a database: states of clocks, reasons, and the three formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from breach.db.models.directory import Customer
from breach.db.models.incidents import CaseReport, ControllerCase, Deadline, Incident
from breach.records.register import clock_state, register_row, to_csv, to_json, to_markdown
from breach.vocabulary import CustomerRole, IncidentStatus, Language

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=5)


def _deadline(met: timedelta | None, due: timedelta = timedelta(hours=72), reasons: str | None = None) -> Deadline:
    return Deadline(
        key=f"k{uuid4().hex}",
        rule="gdpr.33.1",
        incident_id=uuid4(),
        start_at=T0,
        due_at=T0 + due,
        met_at=T0 + met if met is not None else None,
        late_reasons=reasons,
        created_at=T0,
    )


@pytest.mark.parametrize(
    ("met", "due", "state"),
    [
        (timedelta(hours=10), timedelta(hours=72), "met"),
        (timedelta(hours=80), timedelta(hours=72), "late"),
        (None, timedelta(days=30), "open"),
        (None, timedelta(hours=72), "overdue"),
    ],
)
def test_a_clock_is_met_late_open_or_overdue(met: timedelta | None, due: timedelta, state: str) -> None:
    """Met before its due time, met after it, not met and not due, not met and past due."""
    assert clock_state(_deadline(met, due), NOW) == state


def _row_parts() -> tuple[Incident, ControllerCase, Customer]:
    incident = Incident(
        reference="BR-2026-0007",
        title="Lost backup tape",
        description="A tape was lost in transit.",
        status=IncidentStatus.NOTIFIED,
        detected_at=T0 - timedelta(hours=3),
        aware_at=T0,
        reported_at=T0,
        reported_by="soc",
        updated_at=T0,
        facts={
            "breach_types": ["availability", "confidentiality"],
            "data_categories": ["identity"],
            "data_subjects": 9,
        },
        narrative={"nature": "Tape lost | in transit.", "likely_consequences": "Little."},
    )
    customer = Customer(
        name="Voorbeeld NV",
        role=CustomerRole.CONTROLLER,
        language=Language.NL,
        timezone="Europe/Brussels",
        lead_authority="BE-GBA",
    )
    case = ControllerCase(
        incident_id=incident.id,
        customer_id=customer.id,
        aware_at=T0 + timedelta(minutes=2),
        data_subjects=40,
        assessment={"risk": "risk", "severity": "medium", "severity_score": 2.5, "notify_authority": True},
        override={"risk": "high", "reason": "Children's data.", "by": "dpo", "at": T0.isoformat()},
        created_at=T0,
    )
    return incident, case, customer


def test_a_row_holds_the_cases_own_numbers_recommendation_override_and_reasons() -> None:
    """The case's 40 data subjects, our risk, the override with its reason, the late clock's reasons."""
    incident, case, customer = _row_parts()
    report = CaseReport(
        incident_id=incident.id,
        case_id=case.id,
        event="authority-notified",
        occurred_at=T0 + timedelta(hours=80),
        recorded_at=NOW,
        recorded_by="dpo",
        details={"authority_reference": "GBA-1", "delay_reasons": "Holiday."},
    )
    row = register_row(
        incident,
        case,
        customer,
        deadlines=[_deadline(timedelta(hours=80), reasons="Holiday.")],
        reports=[report],
        now=NOW,
    )
    assert (row.data_subjects, row.recommendation.risk, row.recommendation.override_risk) == (40, "risk", "high")
    assert row.recommendation.override_reason == "Children's data."
    assert row.breach_types == ("availability", "confidentiality")
    assert (row.deadlines[0].state, row.deadlines[0].late_reasons) == ("late", "Holiday.")
    assert (row.decisions[0].authority_reference, row.decisions[0].delay_reasons) == ("GBA-1", "Holiday.")


def test_formats_write_utc_for_machines_and_local_time_for_people() -> None:
    """JSON and CSV carry UTC ISO instants; Markdown the customer's local time, pipes in text escaped."""
    incident, case, customer = _row_parts()
    row = register_row(incident, case, customer, deadlines=[], reports=[], now=NOW)
    document = json.loads(to_json([row], generated_at=NOW))
    assert document["rows"][0]["customer_aware_at"] == "2026-03-02T09:02:00+00:00"
    (line,) = csv.DictReader(io.StringIO(to_csv([row])))
    assert (line["customer_aware_at"], line["override_reason"]) == ("2026-03-02T09:02:00+00:00", "Children's data.")
    md = to_markdown([row], generated_at=NOW)
    assert "2026-03-02 10:02 CET (+01:00)" in md
    assert "Tape lost \\| in transit." in md


def test_our_own_record_has_no_customer() -> None:
    """An incident without cases is a row of our incident record, its counts from the facts."""
    incident, _, _ = _row_parts()
    row = register_row(incident, None, None, deadlines=[], reports=[], now=NOW)
    assert (row.customer, row.data_subjects, row.timezone) == (None, 9, "Europe/Brussels")
    assert "our incident record" in to_markdown([row], generated_at=NOW)
