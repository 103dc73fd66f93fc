"""``breach register``: load the cases a filter selects and write them as a register export (Art. 33(5)).

Filters: one customer (its cases only: the export it adopts into its own register), a period on the
incident's detection (``since`` inclusive, ``until`` exclusive, as dates in Brussels time), and the
incident's status. Without a customer, incidents that reached no customer appear as rows of our own
incident record. Reads only; writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import CaseReport, ControllerCase, Deadline, Incident
from breach.deadlines.rules import DEFAULT_TZ
from breach.errors import InvalidInput
from breach.records.register import RegisterRow, register_row
from breach.vocabulary import IncidentStatus
from flows.settings import get_settings
from flows.usecases.unreached import unreached


@dataclass(frozen=True, slots=True)
class RegisterFilter:
    customer: str | None = None
    since: date | None = None
    until: date | None = None
    status: IncidentStatus | None = None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(DEFAULT_TZ))


def parse_status(value: str | None) -> IncidentStatus | None:
    if value is None:
        return None
    try:
        return IncidentStatus(value)
    except ValueError:
        known = ", ".join(s.value for s in IncidentStatus)
        raise InvalidInput("status", value, f"unknown incident status (known: {known})") from None


def load_rows(
    selection: RegisterFilter, *, session: Session, now: datetime, unreached_after: timedelta | None = None
) -> list[RegisterRow]:
    """The register rows the filter selects, by detection time then customer name; customers our notice has
    still not reached first (``flows.usecases.unreached``), so they are not lost among hundreds of rows."""
    if selection.since and selection.until and selection.until <= selection.since:
        raise InvalidInput("until", selection.until.isoformat(), f"is not after since ({selection.since.isoformat()})")
    only: Customer | None = None
    if selection.customer is not None:
        only = repository.customer_by_name(selection.customer, session=session)
    incidents = _incidents(selection, session=session)
    if not incidents:
        return []
    ids = [i.id for i in incidents]
    case_query = (
        select(ControllerCase, Customer)
        .join(Customer, col(Customer.id) == col(ControllerCase.customer_id))
        .where(col(ControllerCase.incident_id).in_(ids))
    )
    if only is not None:
        case_query = case_query.where(ControllerCase.customer_id == only.id)
    cases: dict[UUID, list[tuple[ControllerCase, Customer]]] = defaultdict(list)
    for case, customer in session.exec(case_query.order_by(col(Customer.name))).all():
        cases[case.incident_id].append((case, customer))
    clocks: dict[UUID | None, list[Deadline]] = defaultdict(list)
    for deadline in session.exec(
        select(Deadline)
        .where(col(Deadline.incident_id).in_(ids))
        .where(col(Deadline.case_id).is_not(None))
        .order_by(col(Deadline.due_at), col(Deadline.key))
    ).all():
        clocks[deadline.case_id].append(deadline)
    reports: dict[UUID | None, list[CaseReport]] = defaultdict(list)
    for report in session.exec(
        select(CaseReport)
        .where(col(CaseReport.incident_id).in_(ids))
        .where(col(CaseReport.case_id).is_not(None))
        .order_by(col(CaseReport.occurred_at), col(CaseReport.recorded_at))
    ).all():
        reports[report.case_id].append(report)
    after = unreached_after or timedelta(minutes=get_settings().unreached_after_minutes)
    waiting: dict[tuple[UUID, UUID], datetime] = {}
    for item in unreached(session=session, now=now, after=after):
        key = (item.incident_id, item.customer_id)
        since = item.first_try or now
        waiting[key] = min(waiting.get(key, since), since)
    rows: list[RegisterRow] = []
    for incident in incidents:
        if not cases[incident.id]:
            if only is None:
                rows.append(register_row(incident, None, None, deadlines=(), reports=(), now=now))
            continue
        for case, customer in cases[incident.id]:
            rows.append(
                register_row(
                    incident,
                    case,
                    customer,
                    deadlines=clocks[case.id],
                    reports=reports[case.id],
                    now=now,
                    unreached_since=waiting.get((incident.id, customer.id)),
                )
            )
    # A stable sort: the unreached first, each group in the order above.
    return sorted(rows, key=lambda row: row.unreached_since is None)


def _incidents(selection: RegisterFilter, *, session: Session) -> Sequence[Incident]:
    query = select(Incident)
    if selection.since is not None:
        query = query.where(col(Incident.detected_at) >= _start_of(selection.since))
    if selection.until is not None:
        query = query.where(col(Incident.detected_at) < _start_of(selection.until))
    if selection.status is not None:
        query = query.where(Incident.status == selection.status)
    return session.exec(query.order_by(col(Incident.detected_at), col(Incident.reference))).all()
