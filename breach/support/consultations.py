"""Prior consultations (GDPR Art. 36) as values and rules without a session: what opening one takes
(``ConsultationDraft``), the person's names for the authority's events, the subject the pure planner reads,
what recording an event returns, and the status a suspension of stated days gives. The rows, their clocks
and their audit events are ``breach.support.store.consultations``'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from breach.clock import to_utc
from breach.db.models.directory import Customer
from breach.db.models.incidents import Deadline
from breach.db.models.support import ConsultationEvent, ConsultationRequest
from breach.deadlines import events
from breach.errors import InvalidInput
from breach.support import consultation_period
from breach.vocabulary import ConsultationStatus

# Art. 99(2): the GDPR applies from 25 May 2018; no prior consultation under it happened before.
GDPR_APPLIES: Final = datetime(2018, 5, 25, tzinfo=UTC)

# The person's words for the events (the CLI's) and the event table's names.
EVENT_NAMES: Final[Mapping[str, str]] = {
    "received": "consultation-received",
    "extension-announced": "extension-announced",
    "suspended": "suspension-started",
    "resumed": "suspension-ended",
    "advice-received": "advice-received",
}


@dataclass(frozen=True, slots=True)
class ConsultationDraft:
    """What a person gives when opening a consultation; texts may be empty ("to complete" in the pack)."""

    title: str
    description: str = ""
    purposes: str = ""
    means: str = ""
    safeguards: str = ""
    joint_controllers: str = ""
    dpia_reference: str = ""
    services: tuple[str, ...] = ()
    authority: str | None = None  # default: the customer's lead authority


def event_name(value: str) -> str:
    """The event table's name for a person's word (``received``) or the name itself."""
    if value in EVENT_NAMES:
        return EVENT_NAMES[value]
    if value in EVENT_NAMES.values():
        return value
    raise InvalidInput("event", value, f"expected one of {', '.join(EVENT_NAMES)}")


def subject_of(consultation: ConsultationRequest, customer: Customer) -> events.Subject:
    """The pure view ``breach.deadlines.events.plan`` needs: the customer's zone, the authority consulted.

    A consultation is a controller's (Art. 36(1)); a reseller customer asks on behalf of its controller,
    so the controller-only check of the case events does not apply here.
    """
    return events.Subject(
        scope="consultation",
        label=f"{consultation.reference} ({customer.name})",
        earliest=GDPR_APPLIES,
        earliest_field="the GDPR's date of application",
        tz=customer.timezone,
        controller=True,
        financial_entity=customer.financial_entity,
        lead_authority=consultation.authority,
    )


@dataclass(frozen=True, slots=True)
class ConsultationResult:
    """The event written (or found, when ``repeated``) and the clocks it started, met and moved."""

    event: ConsultationEvent
    plan: events.Plan
    tz: str
    repeated: bool = False
    started: tuple[Deadline, ...] = ()
    met: tuple[Deadline, ...] = ()
    moved: tuple[Deadline, ...] = ()


def status_as_of(
    consultation: ConsultationRequest, history: Sequence[ConsultationEvent], tz: str, now: datetime
) -> ConsultationStatus:
    """The stored status, except while a suspension of stated length runs: no event marks its end (the
    authority gave the days), so "suspended" holds from the record and ``now`` rather than from a row."""
    if consultation.status is not ConsultationStatus.RECEIVED:
        return consultation.status
    last = max(
        (e for e in history if e.event in ("suspension-started", "suspension-ended")),
        key=lambda e: to_utc(e.occurred_at, "occurred_at"),
        default=None,
    )
    days = last.details.get("days") if last is not None and last.event == "suspension-started" else None
    if last is None or not isinstance(days, int) or isinstance(days, bool):
        return consultation.status
    start = to_utc(last.occurred_at, "occurred_at")
    running = start <= to_utc(now, "now") < consultation_period.stated_end(start, days, tz)
    return ConsultationStatus.SUSPENDED if running else consultation.status
