"""Deadline rows as values: a clock's unique key, the row that starts it, and the pure planner fed from rows.

Each clock has a unique key (scope, rule, sequence), so recording the same start event twice leaves one
row; computing the due time is ``breach.deadlines.due.due``'s job, kept pure. Writing the rows (starting,
meeting and moving clocks) is ``breach.deadlines.store``'s.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from breach.clock import to_utc
from breach.db import rows
from breach.db.models.incidents import CaseReport, Deadline
from breach.db.models.support import ConsultationEvent
from breach.deadlines import events
from breach.deadlines.due import due
from breach.errors import InvalidInput

_DEADLINE_ROW = rows.maker(Deadline)


def deadline_key(
    rule: str, *, incident_id: UUID | None, case_id: UUID | None, sequence: int = 1, consultation_id: UUID | None = None
) -> str:
    """``scope:rule:sequence``; the scope is the case, else the consultation, else the incident."""
    if case_id is not None:
        scope = f"case:{case_id.hex}"
    elif consultation_id is not None:
        scope = f"consultation:{consultation_id.hex}"
    elif incident_id is not None:
        scope = f"incident:{incident_id.hex}"
    else:
        raise InvalidInput("deadline", rule, "belongs to an incident, a case or a consultation: none was given")
    return f"{scope}:{rule}:{sequence}"


def deadline_values(
    rule: str,
    start: datetime,
    *,
    incident_id: UUID | None,
    case_id: UUID | None,
    tz: str,
    now: datetime,
    sequence: int = 1,
    consultation_id: UUID | None = None,
    **options: Any,
) -> dict[str, Any]:
    """The row of a deadline for ``rule`` started at ``start``, for bulk inserts
    (``breach.deadlines.store.start_clock_rows``)."""
    due_at = due(rule, start, tz=tz, **options)
    key = deadline_key(
        rule, incident_id=incident_id, case_id=case_id, sequence=sequence, consultation_id=consultation_id
    )
    return _DEADLINE_ROW(
        key=key,
        rule=rule,
        incident_id=incident_id,
        case_id=case_id,
        consultation_id=consultation_id,
        start_at=to_utc(start, "start"),
        due_at=to_utc(due_at, "due_at"),
        created_at=now,
    )


def new_deadline(
    rule: str,
    start: datetime,
    *,
    incident_id: UUID | None,
    case_id: UUID | None,
    tz: str,
    now: datetime,
    sequence: int = 1,
    **options: Any,
) -> Deadline:
    """A deadline row for ``rule`` started at ``start`` (not yet added to a session)."""
    return Deadline(
        **deadline_values(
            rule, start, incident_id=incident_id, case_id=case_id, tz=tz, now=now, sequence=sequence, **options
        )
    )


def consultation_deadline(
    rule: str,
    start: datetime,
    *,
    consultation_id: UUID,
    tz: str,
    now: datetime,
    sequence: int = 1,
    options: Mapping[str, Any],
) -> Deadline:
    """A clock of a prior consultation (no incident: it need not follow one), not yet added to a session."""
    extra: dict[str, Any] = dict(options)
    values = deadline_values(
        rule,
        start,
        incident_id=None,
        case_id=None,
        consultation_id=consultation_id,
        tz=tz,
        now=now,
        sequence=sequence,
        **extra,
    )
    return Deadline(**values)


def plan_on_rows(
    event: str,
    at: datetime,
    *,
    subject: events.Subject,
    details: Mapping[str, object],
    deadlines: Sequence[Deadline],
    history: Sequence[CaseReport | ConsultationEvent],
    now: datetime,
) -> events.Plan:
    """``breach.deadlines.events.plan`` fed from the database: the clocks of a case, the incident or a consultation, and
    the events recorded for it (its reports, or the consultation's events), as the pure planner's values."""
    return events.plan(
        event,
        at,
        subject=subject,
        details=details,
        deadlines=[_state(row) for row in deadlines],
        history=[events.PastEvent(r.event, r.occurred_at, r.details, r.id) for r in history],
        now=now,
    )


def _state(row: Deadline) -> events.DeadlineState:
    sequence = int(row.key.rsplit(":", 1)[1])  # deadline_key ends with the sequence
    return events.DeadlineState(row.key, row.rule, sequence, row.start_at, row.due_at, row.met_at)


@dataclass(frozen=True, slots=True)
class Applied:
    """What recording an event did to the clocks of its case or consultation."""

    started: list[Deadline]
    met: list[Deadline]
    moved: list[Deadline]

    def audit_data(self, plan: events.Plan) -> dict[str, Any]:
        """What the audit event of a recorded event says of the clocks (a case's report or a consultation's
        event alike): when it happened, whether late, which clocks it started, met and moved."""
        return {
            "occurred_at": plan.at.isoformat(),
            "late": plan.late,
            "started": [d.key for d in self.started],
            "met": [m.key for m in plan.meets],
            "moved": [d.key for d in self.moved],
        }


def details_content(plan: events.Plan) -> str | None:
    """A recorded event's details as the audit chain hashes them (they may hold what a person typed)."""
    return json.dumps(dict(plan.details), sort_keys=True, ensure_ascii=False) if plan.details else None
