"""Recorded events, in the incidents' store: the fan-out of a confirmed incident (``fan_out``, see
``breach.incidents.fanout``), and recording what a customer did about its case, or what we did about the incident
(our NIS2 duties).

One capability for every door: ``breach record`` today, the customers' ``POST /me/cases/{id}/reports``
later. ``record_event`` plans with the pure ``breach.deadlines.events.plan``, computing every clock before it
writes anything; then it writes the report, the clocks it starts, meets and moves, and one audit event
``report.<event>`` naming the actor, with ids only (the customer's text is in ``content``, so only its
hash is in the log). It flushes and never commits: a refusal leaves nothing for the caller to commit.

Case clocks count in the customer's time zone; the incident's own clocks in ``INCIDENT_TZ``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert
from sqlmodel import Session, col, select

from breach.db import repository, rows
from breach.db.models.directory import Customer
from breach.db.models.incidents import CaseReport, ControllerCase, Deadline, Incident
from breach.db.models.outbox import Notice
from breach.deadlines import store as deadline_store
from breach.deadlines import tracking
from breach.directory.resolution import Affected
from breach.errors import NotFound
from breach.incidents.fanout import Assessor, FanOut, first_notice_kind
from breach.incidents.reports import RecordResult, check_pair, subject_of
from breach.notices.store import outbox
from breach.records.store import audit
from breach.vocabulary import NoticeStatus


def record_event(
    *,
    session: Session,
    incident: Incident,
    case: ControllerCase | None,
    customer: Customer | None,
    event: str,
    at: datetime,
    details: Mapping[str, object],
    actor: str,
    now: datetime,
) -> RecordResult:
    """Record ``event`` at ``at`` for ``case`` of ``customer`` (both ``None``: the incident itself).

    Refusals (``InvalidInput`` and its kinds, see ``breach.deadlines.events.plan``) come before any write. An
    exact repeat (same event, time and details) writes nothing and returns the first report.
    """
    check_pair(incident, case, customer)
    _lock(incident, case, session=session)
    subject = subject_of(incident, case, customer)
    case_id = case.id if case is not None else None
    rows = deadlines_in_scope(session=session, incident_id=incident.id, case_id=case_id)
    history = reports_of(session=session, incident_id=incident.id, case_id=case_id)
    result = tracking.plan_on_rows(
        event, at, subject=subject, details=details, deadlines=rows, history=history, now=now
    )
    if result.repeat_of is not None:
        first = next(r for r in history if r.id == result.repeat_of.id)
        return RecordResult(first, result, subject.tz, repeated=True)
    clocks = [
        tracking.new_deadline(
            s.rule,
            s.start,
            incident_id=incident.id,
            case_id=case_id,
            tz=subject.tz,
            now=now,
            sequence=s.sequence,
            **s.options,
        )
        for s in result.starts
    ]

    # Everything is computed and checked; from here on we write.
    report = CaseReport(
        incident_id=incident.id,
        case_id=case_id,
        event=result.event.name,
        occurred_at=result.at,
        recorded_at=now,
        recorded_by=actor,
        details=dict(result.details),
    )
    session.add(report)
    session.flush()
    applied = deadline_store.apply_plan(result, clocks, rows, session=session)
    session.flush()
    audit.append(
        session=session,
        event_type=f"report.{result.event.name}",
        actor=actor,
        at=now,
        incident_id=incident.id,
        case_id=case_id,
        subject_id=report.id,
        data={
            "event": result.event.name,
            "customer_id": str(customer.id) if customer is not None else None,
            **applied.audit_data(result),
        },
        content=tracking.details_content(result),
    )
    return RecordResult(
        report,
        result,
        subject.tz,
        started=tuple(applied.started),
        met=tuple(applied.met),
        moved=tuple(applied.moved),
    )


def case_of(incident: Incident, customer: Customer, *, session: Session) -> ControllerCase:
    """The customer's case of this incident; ``NotFound`` when the incident did not reach it."""
    found = session.exec(
        select(ControllerCase)
        .where(ControllerCase.incident_id == incident.id)
        .where(ControllerCase.customer_id == customer.id)
    ).first()
    if found is None:
        raise NotFound("case", f"{incident.reference} / {customer.name}")
    return found


def deadlines_in_scope(*, session: Session, incident_id: UUID, case_id: UUID | None) -> Sequence[Deadline]:
    """A case's clocks, or (``case_id`` ``None``) the incident's own, by due time."""
    query = select(Deadline).where(Deadline.incident_id == incident_id)
    query = query.where(col(Deadline.case_id).is_(None) if case_id is None else Deadline.case_id == case_id)
    return session.exec(query.order_by(col(Deadline.due_at), col(Deadline.key))).all()


def reports_of(*, session: Session, incident_id: UUID, case_id: UUID | None) -> Sequence[CaseReport]:
    """A case's reports, or (``case_id`` ``None``) the incident's own, in the order they happened."""
    query = select(CaseReport).where(CaseReport.incident_id == incident_id)
    query = query.where(col(CaseReport.case_id).is_(None) if case_id is None else CaseReport.case_id == case_id)
    return session.exec(query.order_by(col(CaseReport.occurred_at), col(CaseReport.recorded_at))).all()


def _lock(incident: Incident, case: ControllerCase | None, *, session: Session) -> None:
    # Two reports of one case at once (a second suspension, say) must plan one after the other.
    if case is not None:
        session.exec(select(ControllerCase).where(ControllerCase.id == case.id).with_for_update()).one()
    else:
        session.exec(select(Incident).where(Incident.id == incident.id).with_for_update()).one()


_CASE_ROW = rows.maker(ControllerCase)
_NOTICE_ROW = rows.maker(Notice)


# PostgreSQL takes at most 65 535 parameters in one statement (psycopg): the customers' ids go into the
# IN lists of the reads below, so the fan-out works through them in slices well under that. The slices
# are written in the caller's one unit of work; what a slice read is let go before the next is read.
FAN_OUT_SLICE = 10_000


def fan_out(incident: Incident, *, session: Session, now: datetime, assessor: Assessor | None = None) -> FanOut:
    """Create the missing cases, ``dpa.8.1b`` clocks and first notices for ``incident``. Never commits.

    Thousands of customers are thousands of rows of each kind: they go in as one bulk insert per kind
    (``breach.db.rows``) and slice of customers, and the assessment of a number of data subjects is made
    once per fan-out.
    """
    if incident.aware_at is None:
        raise ValueError("fan-out needs the incident's awareness time (set at confirmation)")
    affected = repository.affected_by(incident.id, session=session)
    case_ids = {
        customer_id: case.id for customer_id, case in repository.cases_by_customer(incident.id, session=session).items()
    }
    assessments: dict[tuple[int, frozenset[str]], dict[str, Any] | None] = {}
    cases_created = notices_created = 0
    for start in range(0, len(affected), FAN_OUT_SLICE):
        cases, notices = _fan_out_slice(
            incident,
            incident.aware_at,
            affected[start : start + FAN_OUT_SLICE],
            case_ids,
            assessments,
            session=session,
            now=now,
            assessor=assessor,
        )
        cases_created += cases
        notices_created += notices
    return FanOut(affected=len(affected), cases_created=cases_created, notices_created=notices_created)


def _fan_out_slice(
    incident: Incident,
    aware_at: datetime,
    affected: Sequence[Affected],
    case_ids: dict[UUID, UUID],
    assessments: dict[tuple[int, frozenset[str]], dict[str, Any] | None],
    *,
    session: Session,
    now: datetime,
    assessor: Assessor | None,
) -> tuple[int, int]:
    """``fan_out`` for some of the affected customers; adds their new cases to ``case_ids``."""
    ids = [a.customer_id for a in affected]
    customers = repository.customers_by_id(ids, session=session)
    contacts = repository.contacts_by_customer(ids, session=session)
    new_cases: list[dict[str, Any]] = []
    kept = _data_kinds([a for a in affected if a.customer_id not in case_ids], session=session)
    for a in affected:
        if a.customer_id in case_ids:
            continue
        key = (a.data_subjects, kept.get(a.customer_id, frozenset()))
        if key not in assessments:
            facts = incident.facts
            assessments[key] = assessor(facts, *key) if assessor and facts else None
        case = _CASE_ROW(
            incident_id=incident.id,
            customer_id=a.customer_id,
            data_subjects=a.data_subjects,
            assessment=assessments[key],
            override=incident.risk_override,
            created_at=now,
        )
        case_ids[a.customer_id] = case["id"]
        new_cases.append(case)
    if new_cases:
        session.execute(insert(ControllerCase), new_cases)

    notices: list[dict[str, Any]] = []
    clocks: list[dict[str, Any]] = []
    for a in affected:
        customer, case_id = customers[a.customer_id], case_ids[a.customer_id]
        kind = first_notice_kind(customer.role)
        first_contact = contacts[a.customer_id][0] if contacts[a.customer_id] else None
        notices.append(
            _NOTICE_ROW(
                notice_key=outbox.notice_key(incident.reference, kind, 1, customer.id),
                incident_id=incident.id,
                case_id=case_id,
                customer_id=customer.id,
                kind=kind,
                phase=1,
                language=customer.language,
                status=NoticeStatus.PENDING,
                contact_id=first_contact.id if first_contact else None,
                created_at=now,
            )
        )
        # Our contractual clock runs from our own awareness (LAW.md dpa.8.1b), per customer's SLA.
        clocks.append(
            tracking.deadline_values(
                "dpa.8.1b",
                aware_at,
                incident_id=incident.id,
                case_id=case_id,
                tz=customer.timezone,
                now=now,
                sla_hours=customer.sla_hours,
            )
        )
    created = outbox.enqueue_rows(notices, session=session)
    deadline_store.start_clock_rows(clocks, session=session)
    return len(new_cases), created


def _data_kinds(affected: Sequence[Affected], *, session: Session) -> dict[UUID, frozenset[str]]:
    """What each customer keeps on the affected services it uses: its case is assessed with it."""
    service_ids = sorted({sid for a in affected for sid in a.service_ids})
    kept: dict[UUID, frozenset[str]] = {}
    for start in range(0, len(affected), FAN_OUT_SLICE):  # an IN list each: see FAN_OUT_SLICE
        ids = [a.customer_id for a in affected[start : start + FAN_OUT_SLICE]]
        uses = repository.service_uses_detail(ids, service_ids, session=session)
        kept.update({cid: frozenset(k for use, _ in found for k in use.data_kinds) for cid, found in uses.items()})
    return kept


def data_kinds_of_cases(incident: Incident, *, session: Session) -> dict[UUID, frozenset[str]]:
    """Each affected customer's data kinds on the incident's services, by customer id (for re-assessment)."""
    return _data_kinds(repository.affected_by(incident.id, session=session), session=session)


def unaffected_customer_ids(incident: Incident, *, session: Session) -> list[UUID]:
    """Customers not affected: for the report of who was *not* told, and why."""
    affected = repository.cases_by_customer(incident.id, session=session)
    return [c.id for c in repository.list_customers(session=session) if c.id not in affected]
