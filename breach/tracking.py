"""Deadline rows: a clock starts when its start event is recorded, and stops when its duty is met.

Each clock has a unique key (scope, rule, sequence), so recording the same start event twice leaves one
row; computing the due time is ``breach.deadlines.due``'s job, kept pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, col, select

from breach import events, rows
from breach.clock import to_utc
from breach.deadlines import due
from breach.errors import InvalidInput
from breach.models import CaseReport, ConsultationEvent, Deadline

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
    """The row of a deadline for ``rule`` started at ``start``, for bulk inserts (``start_clock_rows``)."""
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


def start_clocks(deadlines: Sequence[Deadline], *, session: Session) -> list[Deadline]:
    """Add the deadlines whose keys are new; return those added. Flushes, never commits."""
    if not deadlines:
        return []
    keys = list(dict.fromkeys(d.key for d in deadlines))
    existing = set(session.exec(select(Deadline.key).where(col(Deadline.key).in_(keys))).all())
    fresh: list[Deadline] = []
    for deadline in deadlines:
        # The first of two clocks with one key in the same call wins, as it would in two calls.
        if deadline.key not in existing:
            existing.add(deadline.key)
            fresh.append(deadline)
    session.add_all(fresh)
    session.flush()
    return fresh


def meet(key: str, at: datetime, *, session: Session, late_reasons: str | None = None) -> Deadline | None:
    """Mark a clock met at ``at`` (the first time only); ``None`` when no such clock runs."""
    deadline = session.exec(select(Deadline).where(Deadline.key == key)).first()
    if deadline is None or deadline.met_at is not None:
        return deadline
    deadline.met_at = to_utc(at, "met_at")
    if late_reasons:
        deadline.late_reasons = late_reasons
    session.add(deadline)
    session.flush()
    return deadline


def start_clock_rows(rows: Sequence[Mapping[str, Any]], *, session: Session) -> int:
    """``start_clocks`` for rows made by ``deadline_values``, in one bulk insert; returns how many started."""
    if not rows:
        return 0
    keys = list(dict.fromkeys(str(r["key"]) for r in rows))
    existing = set(session.exec(select(Deadline.key).where(col(Deadline.key).in_(keys))).all())
    fresh: list[Mapping[str, Any]] = []
    for row in rows:
        if row["key"] not in existing:
            existing.add(str(row["key"]))
            fresh.append(row)
    if fresh:
        session.execute(insert(Deadline), fresh)
    return len(fresh)


def meet_many(met: Mapping[str, datetime], *, session: Session) -> None:
    """``meet`` for many clocks at once (key -> when its duty was met), in one statement run per key.

    A clock already met keeps its first ``met_at``; clocks of these keys loaded in the session are
    expired, so that they are read again.
    """
    if not met:
        return
    # SQLModel sets ``__table__`` on table models without declaring it.
    table = Deadline.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(table.c.key == bindparam("met_key"), table.c.met_at.is_(None))
        .values(met_at=bindparam("met_value"))
    )
    session.connection().execute(
        statement, [{"met_key": key, "met_value": to_utc(at, "met_at")} for key, at in met.items()]
    )
    for loaded in [o for o in session.identity_map.values() if isinstance(o, Deadline) and o.key in met]:
        session.expire(loaded)


def deadlines_of(*, session: Session, incident_id: UUID, case_id: UUID | None = None) -> Sequence[Deadline]:
    query = select(Deadline).where(Deadline.incident_id == incident_id)
    if case_id is not None:
        query = query.where(Deadline.case_id == case_id)
    return session.exec(query.order_by(col(Deadline.due_at))).all()


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
    """``breach.events.plan`` fed from the database: the clocks of a case, the incident or a consultation, and
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


def apply_plan(
    plan: events.Plan, new: Sequence[Deadline], existing: Sequence[Deadline], *, session: Session
) -> Applied:
    """Write a recorded event's effect on the clocks (``breach.events.plan``): start ``new``, meet the clocks
    it meets, move those it recomputes (an Art. 36 extension or suspension) among ``existing``."""
    started = start_clocks(new, session=session)
    met = [meet(m.key, m.at, session=session, late_reasons=m.late_reasons) for m in plan.meets]
    by_key = {row.key: row for row in existing}
    moved: list[Deadline] = []
    for change in plan.recomputes:
        row = by_key[change.key]
        row.start_at = change.start
        row.due_at = change.due_at
        session.add(row)
        moved.append(row)
    return Applied(started, [d for d in met if d is not None], moved)
