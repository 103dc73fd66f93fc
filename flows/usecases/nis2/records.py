"""Where our NIS2 record lives: in the audit chain, with no table of its own (issue 20: no migration).

Three event types, each naming the incident and who acted, newest wins:

- ``nis2.facts_recorded``: the ``nis2`` section of a facts document as checked JSON (``section.checked``).
  NIS2 facts are figures, yes/no answers and a root-cause label about our own service, never about a person;
  a section left out of a later facts document keeps the one recorded before.
- ``nis2.assessed``: the answer of ``breach.nis2.significance`` with its reasons as values (words are the
  reader's, ``notifications.nis2.words``) and the rule set that gave it.
- ``nis2.overridden``: a DPO's decision that the incident is, or is not, significant, with the reason.

The clock itself starts as every clock of ours does: by the incident event ``nis2-significant``
(``breach.deadlines.event_table``), which also keeps when and by whom (``flows.usecases.nis2.assess``).
Being chained, each record shows on what facts and by which rules a decision was taken, and that it was
not edited afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import Incident
from breach.records.store import audit

FACTS: Final = "nis2.facts_recorded"
ASSESSED: Final = "nis2.assessed"
OVERRIDDEN: Final = "nis2.overridden"


def _latest(incident_id: UUID, event_type: str, *, session: Session) -> AuditEvent | None:
    return session.exec(
        select(AuditEvent)
        .where(AuditEvent.incident_id == incident_id, AuditEvent.event_type == event_type)
        .order_by(col(AuditEvent.seq).desc())
        .limit(1)
    ).first()


def record_section(
    incident: Incident, section: Mapping[str, Any], *, session: Session, actor: str, now: datetime
) -> None:
    """Keep the checked ``nis2`` section of the incident's facts."""
    audit.append(
        session=session,
        event_type=FACTS,
        actor=actor,
        at=now,
        incident_id=incident.id,
        data={"reference": incident.reference, "nis2": dict(section)},
    )


def stored_section(incident_id: UUID, *, session: Session) -> dict[str, Any] | None:
    """The ``nis2`` section last recorded for the incident; None when none was."""
    event = _latest(incident_id, FACTS, session=session)
    return dict(event.data["nis2"]) if event is not None else None


def record_assessment(
    incident: Incident, values: Mapping[str, Any], *, session: Session, actor: str, now: datetime
) -> None:
    """Keep an answer of the significance test (``assess.result_values``)."""
    audit.append(
        session=session,
        event_type=ASSESSED,
        actor=actor,
        at=now,
        incident_id=incident.id,
        data={"reference": incident.reference, **values},
    )


def record_override(
    incident: Incident, significant: bool, reason: str, *, session: Session, actor: str, now: datetime
) -> None:
    """Keep a DPO's decision on significance; the reason is about our service, for the record."""
    audit.append(
        session=session,
        event_type=OVERRIDDEN,
        actor=actor,
        at=now,
        incident_id=incident.id,
        data={"reference": incident.reference, "significant": significant, "reason": reason},
        content=reason,
    )


def latest_assessment(incident_id: UUID, *, session: Session) -> tuple[dict[str, Any], datetime, str] | None:
    """The last answer with when and by whom it was asked; None when the test never ran."""
    event = _latest(incident_id, ASSESSED, session=session)
    return (dict(event.data), event.at, event.actor) if event is not None else None


def latest_override(incident_id: UUID, *, session: Session) -> tuple[dict[str, Any], datetime, str] | None:
    """The DPO's last decision with when and by whom; None when the test's answer stands."""
    event = _latest(incident_id, OVERRIDDEN, session=session)
    return (dict(event.data), event.at, event.actor) if event is not None else None
