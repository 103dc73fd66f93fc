"""The deadlines' store: clocks start when their start event is recorded, stop when their duty is met, and move
when a recorded event recomputes them (an Art. 36 extension or suspension).

A clock's key is unique (``breach.deadlines.tracking.deadline_key``), so starting the same clock twice
leaves one row. Functions flush at most, never commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, col, select

from breach.clock import to_utc
from breach.db.models.incidents import Deadline
from breach.deadlines import events
from breach.deadlines.tracking import Applied


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
    """``start_clocks`` for rows made by ``tracking.deadline_values``, in one bulk insert; returns how many started."""
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


def apply_plan(
    plan: events.Plan, new: Sequence[Deadline], existing: Sequence[Deadline], *, session: Session
) -> Applied:
    """Write a recorded event's effect on the clocks (``breach.deadlines.events.plan``): start ``new``, meet the clocks
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
