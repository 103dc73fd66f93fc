"""Read models of the HTTP API and the portal: incidents as our staff see them, cases as their customer does.

A customer's case is always looked up together with the customer it belongs to, so a customer asking for
another customer's case finds nothing (``NotFound``, answered 404 as for a case that does not exist).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import CaseReport, ControllerCase, Deadline, Incident
from breach.db.models.outbox import Notice
from breach.deadlines import store as tracking
from breach.deadlines.status import status as deadline_status
from breach.errors import NotFound
from breach.incidents.languages import Reading, reading
from breach.incidents.narrative import Narrative
from breach.vocabulary import Language, NoticeKind
from flows.web.api.models import (
    CaseOut,
    DeadlineOut,
    IncidentDetail,
    IncidentSummary,
    MyCase,
    MyCaseSummary,
    NoticeOut,
    ReportOut,
)


def deadline_out(row: Deadline, now: datetime) -> DeadlineOut:
    return DeadlineOut(
        rule=row.rule,
        start_at=row.start_at,
        due_at=row.due_at,
        met_at=row.met_at,
        status=deadline_status(row, now),
        late_reasons=row.late_reasons,
    )


def _risk(case: ControllerCase) -> Any:
    return (case.override or case.assessment or {}).get("risk")


def incident_summary(incident: Incident, *, session: Session) -> IncidentSummary:
    services = repository.incident_services(incident.id, session=session)
    return IncidentSummary(
        reference=incident.reference,
        title=incident.title,
        status=incident.status,
        detected_at=incident.detected_at,
        occurred_at=incident.occurred_at,
        aware_at=incident.aware_at,
        reported_at=incident.reported_at,
        reported_by=incident.reported_by,
        services=[s.code for s in services],
    )


def incident_detail(incident: Incident, *, session: Session, now: datetime) -> IncidentDetail:
    clocks: dict[UUID | None, list[Deadline]] = {}
    for row in tracking.deadlines_of(session=session, incident_id=incident.id):
        clocks.setdefault(row.case_id, []).append(row)
    cases = [
        CaseOut(
            id=case.id,
            customer=customer.name,
            customer_role=customer.role.value,
            language=customer.language.value,
            timezone=customer.timezone,
            aware_at=case.aware_at,
            acknowledged_at=case.acknowledged_at,
            acknowledged_by=case.acknowledged_by,
            data_subjects=case.data_subjects,
            risk=_risk(case),
            overridden=case.override is not None,
            deadlines=[deadline_out(d, now) for d in clocks.get(case.id, [])],
        )
        for case, customer in repository.cases_of(incident.id, session=session)
    ]
    return IncidentDetail(
        **incident_summary(incident, session=session).model_dump(),
        description=incident.description,
        dismissal_reason=incident.dismissal_reason,
        facts=incident.facts,
        narrative=incident.narrative,
        risk_override=incident.risk_override,
        cases=cases,
    )


def list_incidents(*, session: Session, status: Any = None) -> list[IncidentSummary]:
    return [incident_summary(i, session=session) for i in repository.list_incidents(session=session, status=status)]


# --- a customer's own cases -----------------------------------------------------------------------


def own_case(customer_id: UUID, case_id: UUID, *, session: Session) -> tuple[ControllerCase, Incident, Customer]:
    """The case if it is this customer's; ``NotFound`` otherwise, whether it exists or not."""
    row = session.exec(
        select(ControllerCase, Incident, Customer)
        .join(Incident, col(Incident.id) == col(ControllerCase.incident_id))
        .join(Customer, col(Customer.id) == col(ControllerCase.customer_id))
        .where(ControllerCase.id == case_id, ControllerCase.customer_id == customer_id)
    ).first()
    if row is None:
        raise NotFound("case", str(case_id))
    case, incident, customer = row
    return case, incident, customer


def _case_deadlines(case: ControllerCase, *, session: Session) -> Sequence[Deadline]:
    return session.exec(
        select(Deadline).where(Deadline.case_id == case.id).order_by(col(Deadline.due_at), col(Deadline.key))
    ).all()


def _next_due(rows: Sequence[Deadline], now: datetime) -> DeadlineOut | None:
    running = [d for d in rows if d.met_at is None]
    return deadline_out(min(running, key=lambda d: d.due_at), now) if running else None


def _read(incident: Incident, language: Language) -> Reading:
    """The incident's narrative as the customer reads it (its notices' title and nature, in its language)."""
    return reading(Narrative.stored(incident.narrative), language, title=incident.title)


def _summary(
    case: ControllerCase, incident: Incident, rows: Sequence[Deadline], now: datetime, language: Language
) -> MyCaseSummary:
    return MyCaseSummary(
        id=case.id,
        reference=incident.reference,
        # The title its notices carry, in its language (issue 17): the incident's own is our working title.
        title=_read(incident, language)["title"] or incident.title,
        incident_status=incident.status,
        aware_at=case.aware_at,
        acknowledged_at=case.acknowledged_at,
        risk=_risk(case),
        next_due=_next_due(rows, now),
    )


def my_cases(customer_id: UUID, *, session: Session, now: datetime) -> list[MyCaseSummary]:
    """The customer's cases, newest incident first."""
    rows = session.exec(
        select(ControllerCase, Incident)
        .join(Incident, col(Incident.id) == col(ControllerCase.incident_id))
        .where(ControllerCase.customer_id == customer_id)
        .order_by(col(Incident.reported_at).desc())
    ).all()
    customer = session.get(Customer, customer_id)
    language = customer.language if customer is not None else Language.EN
    return [_summary(case, incident, _case_deadlines(case, session=session), now, language) for case, incident in rows]


def case_notices(case: ControllerCase, *, session: Session) -> Sequence[Notice]:
    """The notices of the case that its customer can see and acknowledge (never internal alerts)."""
    return session.exec(
        select(Notice)
        .where(Notice.case_id == case.id, Notice.customer_id == case.customer_id)
        .where(col(Notice.kind) != NoticeKind.INTERNAL_ALERT.value)
        .order_by(col(Notice.created_at), col(Notice.phase))
    ).all()


def my_case(customer_id: UUID, case_id: UUID, *, session: Session, now: datetime) -> MyCase:
    case, incident, customer = own_case(customer_id, case_id, session=session)
    rows = _case_deadlines(case, session=session)
    reports = session.exec(
        select(CaseReport).where(CaseReport.case_id == case.id).order_by(col(CaseReport.occurred_at))
    ).all()
    if case.override is not None:  # a DPO override changes our recommendation (LAW.md section 4)
        risk = case.override.get("risk")
        authority, subjects = risk != "unlikely", risk == "high"
    else:
        authority = (case.assessment or {}).get("notify_authority")
        subjects = (case.assessment or {}).get("notify_data_subjects")
    return MyCase(
        **_summary(case, incident, rows, now, customer.language).model_dump(),
        # What happened as its notices say it (the narrative's nature in its language); our intake's description
        # until there is one.
        description=_read(incident, customer.language)["nature"] or incident.description,
        timezone=customer.timezone,
        language=customer.language.value,
        notify_authority=authority,
        notify_data_subjects=subjects,
        deadlines=[deadline_out(d, now) for d in rows],
        notices=[
            NoticeOut(
                id=n.id,
                kind=n.kind,
                phase=n.phase,
                status=n.status,
                delivered_at=n.delivered_at,
                acknowledged_at=n.acknowledged_at,
                acknowledged_by=n.acknowledged_by,
            )
            for n in case_notices(case, session=session)
        ],
        reports=[
            ReportOut(
                id=r.id,
                event=r.event,
                occurred_at=r.occurred_at,
                recorded_at=r.recorded_at,
                recorded_by=r.recorded_by,
                details=r.details,
            )
            for r in reports
        ],
    )
