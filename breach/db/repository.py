"""Repository functions: keyword-only, they may flush, they never commit (DESIGN.md habit 4).

The caller's unit of work commits a transition, its audit event and its deadlines together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, func, select

from breach.db.models.directory import Contact, Customer, CustomerService, Service
from breach.db.models.incidents import ControllerCase, Incident, IncidentService
from breach.db.models.outbox import Notice
from breach.directory.resolution import Affected, ServiceUse, affected_customers
from breach.errors import InvalidInput, NotFound
from breach.notices.kinds import FIRST_NOTICES
from breach.vocabulary import IncidentStatus

# PostgreSQL takes at most 65 535 parameters in one statement (psycopg), SQLite 32 766: a read by a list of
# ids goes in slices of ``IN_SLICE``, so an incident with 100 000 affected customers reads them all.
IN_SLICE = 10_000

T = TypeVar("T")


def in_slices(values: Sequence[T], size: int = IN_SLICE) -> list[list[T]]:
    """``values`` in consecutive slices of at most ``size``, for one IN list each (none when empty)."""
    listed = list(values)
    return [listed[start : start + size] for start in range(0, len(listed), size)]


# --- services ------------------------------------------------------------------------------------


def services_by_code(*, session: Session) -> dict[str, Service]:
    return {s.code: s for s in session.exec(select(Service)).all()}


# --- customers -----------------------------------------------------------------------------------


def customer_by_name(name: str, *, session: Session) -> Customer:
    found = session.exec(select(Customer).where(Customer.name == name)).first()
    if found is None:
        raise NotFound("customer", name)
    return found


def customers_by_name(*, session: Session) -> dict[str, Customer]:
    return {c.name: c for c in session.exec(select(Customer)).all()}


def list_customers(*, session: Session) -> Sequence[Customer]:
    return session.exec(select(Customer).order_by(col(Customer.name))).all()


def contacts_of(customer_id: UUID, *, session: Session) -> Sequence[Contact]:
    return session.exec(select(Contact).where(Contact.customer_id == customer_id).order_by(col(Contact.position))).all()


def services_of(customer_id: UUID, *, session: Session) -> Sequence[tuple[CustomerService, Service]]:
    rows = session.exec(
        select(CustomerService, Service)
        .join(Service, col(Service.id) == col(CustomerService.service_id))
        .where(CustomerService.customer_id == customer_id)
        .order_by(col(Service.code))
    ).all()
    return [(use, service) for use, service in rows]


def replace_contacts(customer_id: UUID, contacts: Sequence[Contact], *, session: Session) -> None:
    """Replace a customer's ordered contacts; positions are rewritten in the order given."""
    for old in contacts_of(customer_id, session=session):
        session.delete(old)
    session.flush()
    for position, contact in enumerate(contacts, start=1):
        contact.customer_id = customer_id
        contact.position = position
        session.add(contact)
    session.flush()


def replace_service_uses(customer_id: UUID, uses: Sequence[CustomerService], *, session: Session) -> None:
    for old in session.exec(select(CustomerService).where(CustomerService.customer_id == customer_id)).all():
        session.delete(old)
    session.flush()
    for use in uses:
        use.customer_id = customer_id
        session.add(use)
    session.flush()


def service_uses(*, session: Session, service_ids: Sequence[UUID] | None = None) -> list[ServiceUse]:
    query = select(CustomerService)
    if service_ids is not None:
        query = query.where(col(CustomerService.service_id).in_(list(service_ids)))
    return [
        ServiceUse(customer_id=u.customer_id, service_id=u.service_id, data_subjects=u.data_subjects)
        for u in session.exec(query).all()
    ]


# --- incidents -----------------------------------------------------------------------------------


def next_number(column: Any, prefix: str, *, session: Session) -> str:
    """The next ``<prefix>NNNN`` after the highest number taken in ``column``. Longest first: as text,
    ``…-10000`` sorts before ``…-9999``, so a plain maximum would stop counting at 9999."""
    query = select(column).where(col(column).startswith(prefix))
    last = session.exec(query.order_by(func.length(column).desc(), col(column).desc()).limit(1)).first()
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


def next_reference(year: int, *, session: Session) -> str:
    """The next free ``BR-YYYY-NNNN``; the unique constraint settles a race (``insert_numbered``)."""
    return next_number(Incident.reference, f"BR-{year}-", session=session)


RowT = TypeVar("RowT", bound=SQLModel)


def insert_numbered(make: Callable[[str], RowT], next_free: Callable[[], str], *, session: Session) -> RowT:
    """Insert the row ``make(reference)`` with the next free reference; a concurrent writer that took the
    same number loses to the unique constraint, and we take the next (in a savepoint, so nothing else is
    undone). Any other integrity error is the caller's to see, not a reason to count on."""
    reference = ""
    for _attempt in range(5):
        reference = next_free()
        row = make(reference)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError as exc:
            if "reference" not in str(exc.orig).lower():
                raise
            continue
        return row
    raise InvalidInput("reference", reference, "could not allocate a free reference")


def incident_by_reference(reference: str, *, session: Session, for_update: bool = False) -> Incident:
    query = select(Incident).where(Incident.reference == reference)
    if for_update:
        query = query.with_for_update()
    found = session.exec(query).first()
    if found is None:
        raise NotFound("incident", reference)
    return found


def list_incidents(*, session: Session, status: IncidentStatus | None = None) -> Sequence[Incident]:
    query = select(Incident).order_by(col(Incident.reported_at).desc())
    if status is not None:
        query = query.where(Incident.status == status)
    return session.exec(query).all()


def incident_services(incident_id: UUID, *, session: Session) -> Sequence[Service]:
    return session.exec(
        select(Service)
        .join(IncidentService, col(IncidentService.service_id) == col(Service.id))
        .where(IncidentService.incident_id == incident_id)
        .order_by(col(Service.code))
    ).all()


def affected_by(incident_id: UUID, *, session: Session) -> list[Affected]:
    """The customers the incident's services affect, by the rule of ``breach.directory.resolution``."""
    service_ids = [s.id for s in incident_services(incident_id, session=session)]
    return affected_customers(service_uses(session=session, service_ids=service_ids), service_ids)


def cases_of(incident_id: UUID, *, session: Session) -> Sequence[tuple[ControllerCase, Customer]]:
    rows = session.exec(
        select(ControllerCase, Customer)
        .join(Customer, col(Customer.id) == col(ControllerCase.customer_id))
        .where(ControllerCase.incident_id == incident_id)
        .order_by(col(Customer.name))
    ).all()
    return [(case, customer) for case, customer in rows]


def customers_by_id(ids: Sequence[UUID], *, session: Session) -> dict[UUID, Customer]:
    if not ids:
        return {}
    return {
        c.id: c for part in in_slices(ids) for c in session.exec(select(Customer).where(col(Customer.id).in_(part)))
    }


def contacts_by_customer(ids: Sequence[UUID], *, session: Session) -> dict[UUID, list[Contact]]:
    """Each customer's contacts in their order."""
    out: dict[UUID, list[Contact]] = {i: [] for i in ids}
    if not ids:
        return out
    for part in in_slices(ids):
        rows = session.exec(select(Contact).where(col(Contact.customer_id).in_(part)).order_by(col(Contact.position)))
        for contact in rows:
            out[contact.customer_id].append(contact)
    return out


def cases_by_customer(incident_id: UUID, *, session: Session) -> dict[UUID, ControllerCase]:
    rows = session.exec(select(ControllerCase).where(ControllerCase.incident_id == incident_id)).all()
    return {case.customer_id: case for case in rows}


def service_uses_detail(
    customer_ids: Sequence[UUID], service_ids: Sequence[UUID], *, session: Session
) -> dict[UUID, list[tuple[CustomerService, Service]]]:
    """Each customer's uses of the given services, with the service, in service-code order."""
    out: dict[UUID, list[tuple[CustomerService, Service]]] = {i: [] for i in customer_ids}
    if not customer_ids or not service_ids:
        return out
    for part in in_slices(customer_ids):
        rows = session.exec(
            select(CustomerService, Service)
            .join(Service, col(Service.id) == col(CustomerService.service_id))
            .where(col(CustomerService.customer_id).in_(part))
            .where(col(CustomerService.service_id).in_(list(service_ids)))
            .order_by(col(Service.code))
        )
        for use, service in rows:
            out[use.customer_id].append((use, service))
    return out


def cases_by_id(ids: Sequence[UUID], *, session: Session) -> dict[UUID, ControllerCase]:
    if not ids:
        return {}
    return {
        c.id: c
        for part in in_slices(ids)
        for c in session.exec(select(ControllerCase).where(col(ControllerCase.id).in_(part)))
    }


def incidents_by_id(ids: Sequence[UUID], *, session: Session) -> dict[UUID, Incident]:
    if not ids:
        return {}
    return {
        i.id: i for part in in_slices(ids) for i in session.exec(select(Incident).where(col(Incident.id).in_(part)))
    }


def contacts_by_id(ids: Sequence[UUID], *, session: Session) -> dict[UUID, Contact]:
    if not ids:
        return {}
    return {c.id: c for part in in_slices(ids) for c in session.exec(select(Contact).where(col(Contact.id).in_(part)))}


def first_notices(incident_id: UUID, *, session: Session) -> Sequence[Notice]:
    """The first notice (the one whose delivery starts the controller's clock) of each case of the incident."""
    return session.exec(
        select(Notice)
        .where(Notice.incident_id == incident_id)
        .where(col(Notice.kind).in_([kind.value for kind in FIRST_NOTICES]))
        .where(Notice.phase == 1)
    ).all()
