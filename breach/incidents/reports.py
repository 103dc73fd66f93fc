"""What a recorded event is about, as the pure planner sees it: the incident itself (our NIS2 duties) or one
customer's case, in the time zone its clocks count in. The writing is ``breach.incidents.store.recorded.record_event``.

Case clocks count in the customer's time zone; the incident's own clocks in ``INCIDENT_TZ``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from breach.db.models.directory import Customer
from breach.db.models.incidents import CaseReport, ControllerCase, Deadline, Incident
from breach.deadlines import events
from breach.deadlines.rules import DEFAULT_TZ
from breach.errors import InvalidInput
from breach.vocabulary import CustomerRole

# We are a Belgian processor: our own NIS2 clocks count on Brussels' wall clock and calendar.
INCIDENT_TZ: Final = DEFAULT_TZ


@dataclass(frozen=True, slots=True)
class RecordResult:
    """The report written (or found, when ``repeated``) and the clocks it started, met and moved."""

    report: CaseReport
    plan: events.Plan
    tz: str
    repeated: bool = False
    started: tuple[Deadline, ...] = ()
    met: tuple[Deadline, ...] = ()
    moved: tuple[Deadline, ...] = ()


def subject_of(incident: Incident, case: ControllerCase | None, customer: Customer | None) -> events.Subject:
    """The pure view ``breach.deadlines.events.plan`` needs of a case and its customer, or of the incident."""
    if case is None or customer is None:
        return events.Subject(
            scope="incident",
            label=incident.reference,
            earliest=incident.detected_at,
            earliest_field="the incident's detection",
            tz=INCIDENT_TZ,
        )
    if incident.aware_at is None:
        raise InvalidInput("incident", incident.reference, "is not confirmed: a case's events follow our awareness")
    earliest, label = incident.aware_at, "the incident's awareness"
    if case.aware_at is not None and case.aware_at < earliest:
        earliest, label = case.aware_at, "the customer's awareness"
    return events.Subject(
        scope="case",
        label=customer.name,
        earliest=earliest,
        earliest_field=label,
        tz=customer.timezone,
        aware_at=case.aware_at or incident.aware_at,
        controller=customer.role is CustomerRole.CONTROLLER,
        financial_entity=customer.financial_entity,
        lead_authority=customer.lead_authority,
    )


def check_pair(incident: Incident, case: ControllerCase | None, customer: Customer | None) -> None:
    """The case and its customer come together, and belong to the incident and to each other."""
    if (case is None) != (customer is None):
        raise InvalidInput("customer", customer.name if customer else None, "give both the case and its customer")
    if case is not None and customer is not None:
        if case.incident_id != incident.id:
            raise InvalidInput("case", str(case.id), f"is not a case of incident {incident.reference}")
        if case.customer_id != customer.id:
            raise InvalidInput("case", str(case.id), f"is not {customer.name}'s case")
