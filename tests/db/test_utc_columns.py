"""Instants survive SQLite and PostgreSQL alike, and the same overdue query answers the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import StatementError
from sqlmodel import Session, col, select

from breach.db.models.incidents import Deadline, Incident
from breach.errors import NaiveDatetime
from breach.vocabulary import IncidentStatus

BRUSSELS = ZoneInfo("Europe/Brussels")
NEW_YORK = ZoneInfo("America/New_York")


def _incident(at: datetime) -> Incident:
    return Incident(
        reference=f"BR-2026-{uuid4().hex[:4]}",
        title="t",
        description="d",
        status=IncidentStatus.CONFIRMED,
        detected_at=at,
        reported_at=at,
        reported_by="test",
        updated_at=at,
    )


def _deadline(incident: Incident, due: datetime, key: str) -> Deadline:
    return Deadline(
        key=key,
        rule="gdpr.33.1",
        incident_id=incident.id,
        start_at=due - timedelta(hours=72),
        due_at=due,
        created_at=due,
    )


def test_round_trip_returns_the_same_instant_in_utc(session: Session) -> None:
    """A Brussels summer time is read back as the same instant, tz-aware, in UTC."""
    written = datetime(2026, 7, 1, 16, 30, 15, 123456, tzinfo=BRUSSELS)
    incident = _incident(written)
    session.add(incident)
    session.commit()
    session.expire_all()
    read = session.get(Incident, incident.id)
    assert read is not None
    assert read.detected_at == written
    assert read.detected_at.utcoffset() == timedelta(0)
    assert read.detected_at.tzinfo is UTC


def test_naive_datetime_is_refused_on_write(session: Session) -> None:
    """A naive datetime never reaches the database, where it would be read as UTC by guess."""
    session.add(_incident(datetime(2026, 7, 1, 16, 30)))  # noqa: DTZ001  (the refusal under test)
    with pytest.raises(StatementError) as info:
        session.flush()
    assert isinstance(info.value.orig, NaiveDatetime)
    session.rollback()


def test_overdue_query_is_the_same_on_every_backend(session: Session, engine: Engine) -> None:
    """Deadlines written in three zones: the overdue query finds exactly the one past due.

    On SQLite with a plain DateTime(timezone=True) this query returned 0 rows (DESIGN.md section 4).
    """
    now = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # the night Brussels moves to summer time
    incident = _incident(now - timedelta(days=1))
    session.add(incident)
    session.flush()
    session.add_all(
        [
            # 01:20 Brussels winter time = 00:20 UTC: overdue.
            _deadline(incident, datetime(2026, 3, 29, 1, 20, tzinfo=BRUSSELS), "past"),
            # 21:40 New York (EDT, -04:00) on 28 March = 01:40 UTC on 29 March: not yet due.
            _deadline(incident, datetime(2026, 3, 28, 21, 40, tzinfo=NEW_YORK), "future-ny"),
            # 03:35 Brussels summer time = 01:35 UTC: not yet due.
            _deadline(incident, datetime(2026, 3, 29, 3, 35, tzinfo=BRUSSELS), "future-be"),
        ]
    )
    session.commit()
    overdue = session.exec(select(Deadline.key).where(col(Deadline.met_at).is_(None), col(Deadline.due_at) < now)).all()
    assert list(overdue) == ["past"], engine.dialect.name


def test_ordering_by_instant_ignores_the_written_zone(session: Session) -> None:
    """Sorting by due time follows the UTC line, not the wall clocks the times were written in."""
    base = datetime(2026, 10, 25, 0, 0, tzinfo=UTC)  # Brussels leaves summer time at 01:00 UTC
    incident = _incident(base)
    session.add(incident)
    session.flush()
    session.add_all(
        [
            _deadline(incident, datetime(2026, 10, 25, 2, 30, tzinfo=BRUSSELS, fold=1), "b-0130utc"),
            _deadline(incident, datetime(2026, 10, 25, 2, 30, tzinfo=BRUSSELS, fold=0), "a-0030utc"),
            _deadline(incident, datetime(2026, 10, 24, 20, 45, tzinfo=NEW_YORK), "c-0045utc"),
        ]
    )
    session.commit()
    keys = session.exec(select(Deadline.key).order_by(col(Deadline.due_at))).all()
    assert list(keys) == ["a-0030utc", "c-0045utc", "b-0130utc"]
