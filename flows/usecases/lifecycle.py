"""The incident's life after intake, each step with the notices it owes the customers.

- an early warning while a suspected breach is investigated (tell early, then confirm);
- an all-clear when it turns out not to be a personal data breach, to everyone who was warned or told;
- containment, and closing with a closing notice that lists what the customer may adopt into its
  register (GDPR Art. 33(5));
- a notice of a security incident without personal data, for customers that want them (NIS2 Art. 23(1),
  DORA Art. 30(2)(f)).
Each records an audit event naming who decided; none commits.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlmodel import Session

from breach.clock import to_utc
from breach.db import repository
from breach.db.models.incidents import Incident
from breach.errors import InvalidInput
from breach.incidents.states import transition
from breach.incidents.store.recorded import reports_of
from breach.notices.store import queue as notices
from breach.records.store import audit
from breach.vocabulary import IncidentStatus, NoticeKind


def _affected_ids(incident: Incident, *, session: Session) -> list[UUID]:
    return [a.customer_id for a in repository.affected_by(incident.id, session=session)]


def _decided(incident: Incident, event: str, *, session: Session, actor: str, now: datetime, **data: object) -> None:
    audit.append(
        session=session,
        event_type=f"incident.{event}",
        actor=actor,
        at=now,
        incident_id=incident.id,
        data={"reference": incident.reference, **data},
    )


def early_warning(reference: str, *, session: Session, actor: str, now: datetime, note: str | None = None) -> int:
    """Tell the customers of the affected services that a breach is suspected; returns notices queued."""
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    if incident.status is IncidentStatus.REPORTED:
        incident.status = transition(incident.status, IncidentStatus.INVESTIGATING)
    elif incident.status is not IncidentStatus.INVESTIGATING:
        raise InvalidInput("status", incident.status.value, "an early warning precedes confirmation")
    incident.updated_at = now
    session.add(incident)
    queued = notices.queue_for_customers(
        incident,
        NoticeKind.EARLY_WARNING,
        _affected_ids(incident, session=session),
        session=session,
        now=now,
        details={"note": note.strip() if note and note.strip() else None},
    )
    _decided(incident, "early_warning", session=session, actor=actor, now=now, notices=len(queued))
    return len(queued)


def all_clear(incident: Incident, reason: str, *, session: Session, now: datetime, mode: str) -> int:
    """An all-clear to every customer that was warned or told about the incident."""
    told = set(notices.recipients_of(incident.id, NoticeKind.EARLY_WARNING, session=session))
    told |= {case.customer_id for case, _ in repository.cases_of(incident.id, session=session)}
    queued = notices.queue_for_customers(
        incident,
        NoticeKind.ALL_CLEAR,
        sorted(told),
        session=session,
        now=now,
        details={"reason": reason, "retracts": None, "mode": mode},
    )
    return len(queued)


def withdraw(reference: str, reason: str, *, session: Session, actor: str, now: datetime) -> int:
    """A notified breach turned out not to be one: withdrawn, and every customer told so."""
    if not reason.strip():
        raise InvalidInput("reason", reason, "a withdrawal needs a reason")
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    incident.status = transition(incident.status, IncidentStatus.WITHDRAWN)
    incident.updated_at = now
    session.add(incident)
    count = all_clear(incident, reason.strip(), session=session, now=now, mode="no_breach")
    _decided(incident, "withdrawn", session=session, actor=actor, now=now, notices=count)
    return count


def contain(reference: str, *, session: Session, actor: str, now: datetime, at: datetime | None = None) -> None:
    """The breach is under control since ``at`` (default ``now``): the authority drafts' timeline shows when."""
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    contained_at = to_utc(now if at is None else at, "at")
    if contained_at > now:
        raise InvalidInput("at", contained_at.isoformat(), f"is in the future (now is {now.isoformat()})")
    if incident.occurred_at is not None and contained_at < to_utc(incident.occurred_at, "occurred_at"):
        raise InvalidInput(
            "at", contained_at.isoformat(), f"is before the breach occurred ({incident.occurred_at.isoformat()})"
        )
    incident.status = transition(incident.status, IncidentStatus.CONTAINED)
    incident.updated_at = now
    session.add(incident)
    narrative = dict(incident.narrative or {})
    narrative["ongoing"] = False
    narrative["contained_at"] = contained_at.isoformat()
    incident.narrative = narrative
    _decided(incident, "contained", session=session, actor=actor, now=now, contained_at=contained_at.isoformat())


def close(reference: str, *, session: Session, actor: str, now: datetime) -> int:
    """Close the incident; each case gets a closing notice with what it reported to us."""
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    incident.status = transition(incident.status, IncidentStatus.CLOSED)
    incident.updated_at = now
    session.add(incident)
    per_case = {}
    for case, _customer in repository.cases_of(incident.id, session=session):
        reports = reports_of(session=session, incident_id=incident.id, case_id=case.id)
        per_case[case.id] = {
            "closed_at": now.isoformat(),
            "reports": [
                {"event": r.event, "occurred_at": r.occurred_at.isoformat(), "summary": _summary(r.details)}
                for r in reports
            ],
        }
    queued = notices.queue_for_cases(incident, NoticeKind.CLOSING, session=session, now=now, per_case=per_case)
    _decided(incident, "closed", session=session, actor=actor, now=now, notices=len(queued))
    return len(queued)


def _summary(details: dict[str, object]) -> str:
    shown = {k: v for k, v in details.items() if k in {"authority_reference", "authority", "reason", "delay_reasons"}}
    return "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in shown.items())


def security_notice(
    reference: str, *, session: Session, actor: str, now: datetime, significant: bool, service_impact: str | None
) -> int:
    """A security incident without personal data, to the affected customers that asked for such notices."""
    incident = repository.incident_by_reference(reference, session=session)
    customers = repository.customers_by_id(_affected_ids(incident, session=session), session=session)
    wanted = [c.id for c in customers.values() if c.security_notices]
    queued = notices.queue_for_customers(
        incident,
        NoticeKind.SECURITY_INCIDENT,
        wanted,
        session=session,
        now=now,
        details={"significant": significant, "service_impact": service_impact},
    )
    _decided(incident, "security_notice", session=session, actor=actor, now=now, notices=len(queued))
    return len(queued)
