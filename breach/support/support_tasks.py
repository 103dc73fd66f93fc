"""Support tasks (DPA clause 8(1)(c)-(e)) as values and rules without a session: what a task is about
(``TaskLinks``), a person's text, the facts its billable proposal comes from, whether it is billed, and a
listing's filter. Writing and reading tasks is ``breach.support.store.tasks``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from uuid import UUID

from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.support import ConsultationRequest, SupportTask
from breach.errors import InvalidInput
from breach.inputs import control_problem
from breach.support.rules import (
    TaskFacts,
    included_support,
    origin_of,
)
from breach.vocabulary import BillableDecision, SupportTaskKind, TaskStatus

MAX_TITLE: Final = 300
MAX_TEXT: Final = 4000


@dataclass(frozen=True, slots=True)
class TaskLinks:
    """What a task is about; each optional. A case brings its incident and customer; a consultation its
    customer and the incident that prompted it, if any."""

    incident: Incident | None = None
    case: ControllerCase | None = None
    customer: Customer | None = None
    consultation: ConsultationRequest | None = None


def text(value: object, field: str, *, required: bool, limit: int = MAX_TEXT) -> str:
    """A person's text, stripped; empty refused when ``required``; at most ``limit`` characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(field, value, "must be a text")
    stripped = value.strip()
    if required and not stripped:
        raise InvalidInput(field, value, "must not be empty")
    if len(stripped) > limit:
        raise InvalidInput(field, f"{stripped[:40]}…", f"is longer than {limit} characters")
    # Titles and names (short limits) are one line; notes and reasons keep newlines and tabs (breach.inputs).
    problem = control_problem(stripped, multiline=limit > MAX_TITLE)
    if problem is not None:
        raise InvalidInput(field, stripped, problem)
    return stripped


def facts_of(kind: SupportTaskKind, incident: Incident | None, customer: Customer | None) -> TaskFacts:
    """What the billable rule needs, from the rows (a task for no customer has no terms to look at)."""
    return TaskFacts(
        kind=kind,
        origin=origin_of(incident.status if incident is not None else None),
        financial_entity=customer.financial_entity if customer is not None else False,
        included=included_support(customer.included_support) if customer is not None else frozenset(),
    )


def billable(task: SupportTask) -> bool:
    """Billable as things stand: the DPO's decision if taken, else the proposal."""
    if task.billable_decision is None:
        return task.proposed_billable
    return task.billable_decision is BillableDecision.CONFIRMED


def billable_label(task: SupportTask) -> str:
    """ "billable" / "not billable", and whether the DPO decided it or it is only proposed."""
    if task.billable_decision is BillableDecision.CONFIRMED:
        return "billable (confirmed)"
    if task.billable_decision is BillableDecision.CLEARED:
        return "not billable (cleared)"
    return "billable (proposed)" if task.proposed_billable else "not billable (proposed)"


@dataclass(frozen=True, slots=True)
class TaskFilter:
    incident_id: UUID | None = None
    customer_id: UUID | None = None
    status: TaskStatus | None = None
    billable: bool | None = None  # as things stand (``billable``)
