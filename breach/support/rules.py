"""Support tasks as data: whether the effort may be charged (DPA clause 8(2)), and how a task's status moves.

DPA clause 8(2): "De leverancier kan vergoeding eisen voor ondersteuningsdiensten die niet inbegrepen zijn
in de beschrijving van de diensten en die niet te wijten zijn aan fouten vanwege de leverancier" — we may
charge for support that is *not in the service description* and *not caused by our fault*. The rule table
``BILLABLE_RULES`` turns that into rows, each citing its source; the first row whose conditions all hold
decides. The result is only a *proposal*: the DPO confirms or clears it with a reason
(``breach.support.store.tasks.decide_billable``).

Choices, each one row to change:

- An incident in our record is a technical incident at our side. Support for one that is (or may still
  be) a personal data breach is support "caused by our fault": never proposed billable. Only an incident
  found not to be a breach (dismissed, withdrawn) leaves the question to the service description.
- A financial entity's support for an ICT incident in our service is owed under the contract DORA
  Art. 30(2)(f) requires ("at no additional cost, or at a cost that is determined ex-ante"): we never
  propose to bill it on top, whatever the incident turned out to be.
- A prior consultation about planned processing, not prompted by a breach of ours, is billable unless the
  customer's service description includes it (it is then in ``Customer.included_support``).

Pure: no database, no clock.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from breach.errors import IllegalTransition, InvalidInput
from breach.vocabulary import IncidentStatus, SupportTaskKind, TaskStatus

# What the task's incident says about fault: none linked; a breach at our side (or not yet ruled out);
# or an incident found not to be a personal data breach.
Origin = Literal["none", "breach", "no_breach"]

ORIGIN_OF_STATUS: Final[Mapping[IncidentStatus, Origin]] = MappingProxyType(
    {
        # Still being investigated: until ruled out, we treat it as ours (we do not bill while we look).
        IncidentStatus.REPORTED: "breach",
        IncidentStatus.INVESTIGATING: "breach",
        IncidentStatus.CONFIRMED: "breach",
        IncidentStatus.NOTIFYING: "breach",
        IncidentStatus.NOTIFIED: "breach",
        IncidentStatus.CONTAINED: "breach",
        IncidentStatus.CLOSED: "breach",
        # Found not to be a personal data breach (EDPB Guidelines 9/2022: no breach, nothing "caused").
        IncidentStatus.DISMISSED: "no_breach",
        IncidentStatus.WITHDRAWN: "no_breach",
    }
)


@dataclass(frozen=True, slots=True)
class TaskFacts:
    """What the billable rule looks at: the kind of help, what prompted it, and the customer's terms."""

    kind: SupportTaskKind
    origin: Origin
    financial_entity: bool
    included: frozenset[str]  # the customer's service description (``Customer.included_support``)

    @property
    def in_service_description(self) -> bool:
        return self.kind.value in self.included


@dataclass(frozen=True, slots=True)
class BillableRule:
    """One row: when every condition that is not ``None`` holds, ``billable`` is the proposal."""

    id: str
    source: str
    reason: str
    billable: bool
    origins: frozenset[Origin] | None = None
    financial_entity: bool | None = None
    in_service_description: bool | None = None

    def matches(self, facts: TaskFacts) -> bool:
        return (
            (self.origins is None or facts.origin in self.origins)
            and (self.financial_entity is None or facts.financial_entity == self.financial_entity)
            and (self.in_service_description is None or facts.in_service_description == self.in_service_description)
        )


BILLABLE_RULES: Final[tuple[BillableRule, ...]] = (
    BillableRule(
        "dora.30.2.f",
        source="DORA (Regulation (EU) 2022/2554) Art. 30(2)(f)",
        reason="a financial entity's assistance with an ICT incident in our service is part of the contract DORA "
        "requires: no extra charge is proposed",
        billable=False,
        origins=frozenset({"breach", "no_breach"}),
        financial_entity=True,
    ),
    BillableRule(
        "dpa.8.2.fault",
        source='DPA clause 8(2) ("niet te wijten aan fouten vanwege de leverancier"); GDPR Art. 28(3)(f)',
        reason="support made necessary by a breach at our side is due to our fault",
        billable=False,
        origins=frozenset({"breach"}),
    ),
    BillableRule(
        "dpa.8.2.included",
        source='DPA clause 8(2) ("inbegrepen in de beschrijving van de diensten")',
        reason="the customer's service description includes this support",
        billable=False,
        in_service_description=True,
    ),
    BillableRule(
        "dpa.8.2.extra",
        source="DPA clause 8(2)",
        reason="not in the service description and not caused by our fault: we may charge for it",
        billable=True,
    ),
)
BILLABLE_RULE_IDS: Final = tuple(r.id for r in BILLABLE_RULES)


def origin_of(status: IncidentStatus | None) -> Origin:
    """What an incident in ``status`` says about fault; ``None``: no incident prompted the task."""
    return "none" if status is None else ORIGIN_OF_STATUS[status]


def billable_rule(facts: TaskFacts) -> BillableRule:
    """The first row of ``BILLABLE_RULES`` that holds for ``facts`` (the last row always does)."""
    return next(rule for rule in BILLABLE_RULES if rule.matches(facts))


def task_kind(value: object) -> SupportTaskKind:
    """A task kind from its text; anything else is ``InvalidInput`` listing the kinds."""
    for kind in SupportTaskKind:
        if kind.value == value:
            return kind
    raise InvalidInput("kind", value, f"expected one of {', '.join(k.value for k in SupportTaskKind)}")


def included_support(values: Collection[object]) -> frozenset[str]:
    """A service description's support kinds, each checked."""
    return frozenset(task_kind(v).value for v in values)


# --- status ----------------------------------------------------------------------------------------

# A done task may be reopened (more work turned up); a cancelled one stays cancelled (open a new one).
TASK_TRANSITIONS: Final[Mapping[TaskStatus, frozenset[TaskStatus]]] = MappingProxyType(
    {
        TaskStatus.OPEN: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED}),
        TaskStatus.IN_PROGRESS: frozenset({TaskStatus.OPEN, TaskStatus.DONE, TaskStatus.CANCELLED}),
        TaskStatus.DONE: frozenset({TaskStatus.IN_PROGRESS}),
        TaskStatus.CANCELLED: frozenset(),
    }
)


def task_status(value: object) -> TaskStatus:
    for status in TaskStatus:
        if status.value == value:
            return status
    raise InvalidInput("status", value, f"expected one of {', '.join(s.value for s in TaskStatus)}")


def move_task(current: TaskStatus, target: TaskStatus) -> TaskStatus:
    """``target`` if the table allows it from ``current``; otherwise ``IllegalTransition``."""
    allowed = TASK_TRANSITIONS[current]
    if target not in allowed:
        raise IllegalTransition(current.value, target.value, tuple(sorted(s.value for s in allowed)))
    return target


# Time is logged in minutes, one entry per piece of work; more than a day in one entry is a typo.
MAX_MINUTES_PER_ENTRY: Final = 24 * 60


def check_minutes(minutes: object) -> int:
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= MAX_MINUTES_PER_ENTRY:
        raise InvalidInput("minutes", minutes, f"must be a whole number from 1 to {MAX_MINUTES_PER_ENTRY}")
    return minutes
