"""Writing a validated directory (``breach.directory.entries``) in bulk: thousands of customers in a few statements.

Writing customers one ORM object at a time made 10 000 customers a 37-second import (50 s again): each
customer, its contacts and its service uses were flushed separately. Here the rows already stored are read
once, compared with the file, and only what differs is written: new customers in one insert, changed ones
in one update by primary key, and a customer's contacts or service uses replaced only when the file
changes them. An unchanged contact keeps its row, so the notices that name it keep pointing at it.

Semantics are the import's: services and customers are matched by code and name; a customer in the file
gets exactly the file's contacts (in order) and service uses; customers not in the file are left alone.
Flushes, never commits: the caller's unit of work holds the whole file or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, TypeVar
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from breach.db import repository, rows
from breach.db.models.directory import Contact, Customer, CustomerService, Service
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.directory.entries import ContactInfo, CustomerSpec, ValidDirectory
from breach.directory.names import missing
from breach.notices.escalation import stored_chain
from breach.vocabulary import Language

# Well under SQLite's 32 766 and PostgreSQL's 65 535 bound parameters per statement.
CHUNK: Final = 5000
_CUSTOMER_ROW = rows.maker(Customer)
_CONTACT_ROW = rows.maker(Contact)
_USE_ROW = rows.maker(CustomerService)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ImportSummary:
    services_created: int
    services_updated: int
    customers_created: int
    customers_updated: int
    # Per service code, the languages of its customers it has no name in (``breach.directory.names``).
    untranslated: Mapping[str, tuple[Language, ...]] = field(default_factory=dict)


def _chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def customer_fields(spec: CustomerSpec) -> dict[str, Any]:
    """The customer columns as the file gives them, in the form the row stores."""
    return {
        "name": spec.name,
        "role": spec.role,
        "body": spec.body,
        "language": spec.language,
        "timezone": spec.timezone,
        "lead_authority": spec.lead_authority,
        "other_authorities": list(spec.other_authorities),
        "financial_entity": spec.financial_entity,
        "telecom_provider": spec.telecom_provider,
        "security_notices": spec.security_notices,
        "sla_hours": spec.sla_hours,
        "account_manager": spec.account_manager,
        "account_manager_contact": spec.account_manager_contact or None,
        "escalation": stored_chain(spec.escalation) if spec.escalation is not None else None,
        "included_support": [kind.value for kind in dict.fromkeys(spec.included_support)],
    }


def _contact_values(spec: CustomerSpec, infos: Sequence[ContactInfo]) -> list[tuple[Any, ...]]:
    """Each contact as compared and stored: URL, display, detail, label, tags (its position is its index)."""
    return [
        (c.url, info.display, c.detail or info.default_detail, c.label, list(c.tags))
        for c, info in zip(spec.contacts, infos, strict=True)
    ]


def _use_values(spec: CustomerSpec, services: Mapping[str, UUID]) -> list[tuple[Any, ...]]:
    return sorted(
        ((services[u.code], u.data_subjects, list(u.data), list(u.subjects)) for u in spec.services),
        key=lambda value: value[0],
    )


def _table(model: type[Any]) -> Any:
    return model.__table__


def stored_contact_urls(*, session: Session) -> dict[str, str]:
    """Every stored contact URL with its safe display: what ``breach.directory.entries.validate`` may reuse."""
    t = _table(Contact)
    return {url: display for url, display in session.execute(select(t.c.url, t.c.display))}


def _grouped(
    columns: Sequence[Any], ids: Sequence[UUID], *, session: Session, order: Sequence[Any] = ()
) -> dict[UUID, list[tuple[Any, ...]]]:
    """Rows of ``columns`` (the first the customer id) for customers ``ids``, grouped by customer, in order."""
    out: dict[UUID, list[tuple[Any, ...]]] = {}
    for chunk in _chunks(ids):
        query = select(*columns).where(columns[0].in_(list(chunk))).order_by(*order)
        for row in session.execute(query):
            out.setdefault(row[0], []).append(tuple(row[1:]))
    return out


def _services(directory: ValidDirectory, *, session: Session) -> tuple[dict[str, UUID], int, int]:
    services = repository.services_by_code(session=session)
    created = updated = 0
    for spec in directory.spec.services:
        service = services.get(spec.code)
        # A service in the file gets exactly the file's names and descriptions, as a customer its contacts:
        # a file with one English name clears stale translations, and the import names what is then missing.
        texts: dict[str, Any] = {
            "name": spec.name,
            "names": dict(spec.names),
            "description": spec.description,
            "descriptions": dict(spec.descriptions),
        }
        if service is None:
            service = Service(code=spec.code, **texts)
            created += 1
        else:
            for key, value in texts.items():
                setattr(service, key, value)
            updated += 1
        session.add(service)
        services[spec.code] = service
    session.flush()
    return {code: s.id for code, s in services.items()}, created, updated


def apply(directory: ValidDirectory, *, session: Session, now: datetime) -> ImportSummary:
    """Write a validated directory; only what differs from the stored rows is written. Flushes, never commits."""
    services, s_created, s_updated = _services(directory, session=session)
    names = [c.name for c in directory.spec.customers]
    customers, contacts_t, uses_t = _table(Customer), _table(Contact), _table(CustomerService)
    stored: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(names):
        for found in session.execute(select(customers).where(customers.c.name.in_(list(chunk)))).mappings():
            stored[found["name"]] = dict(found)
    ids = [stored[name]["id"] for name in names if name in stored]
    c = contacts_t.c
    old_contacts = _grouped(
        (c.customer_id, c.url, c.display, c.detail, c.label, c.tags), ids, session=session, order=(c.position,)
    )
    u = uses_t.c
    old_uses = _grouped(
        (u.customer_id, u.service_id, u.data_subjects, u.data_kinds, u.subject_kinds), ids, session=session
    )

    new_customers: list[dict[str, Any]] = []
    changed_customers: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    uses: list[dict[str, Any]] = []
    replace_contacts: list[UUID] = []
    replace_uses: list[UUID] = []
    for spec, infos in zip(directory.spec.customers, directory.contacts, strict=True):
        fields = customer_fields(spec)
        previous = stored.get(spec.name)
        if previous is None:
            row = _CUSTOMER_ROW(**fields, created_at=now)
            new_customers.append(row)
            customer_id = row["id"]
        else:
            customer_id = previous["id"]
            if any(previous[name] != value for name, value in fields.items()):
                changed_customers.append({"id": customer_id, **fields})
        wanted_contacts = _contact_values(spec, infos)
        if previous is None or old_contacts.get(customer_id, []) != wanted_contacts:
            if previous is not None:
                replace_contacts.append(customer_id)
            contacts.extend(
                _CONTACT_ROW(
                    customer_id=customer_id,
                    position=position,
                    url=url,
                    display=display,
                    detail=detail,
                    label=label,
                    tags=tags,
                )
                for position, (url, display, detail, label, tags) in enumerate(wanted_contacts, start=1)
            )
        wanted_uses = _use_values(spec, services)
        if previous is None or sorted(old_uses.get(customer_id, []), key=lambda v: v[0]) != wanted_uses:
            if previous is not None:
                replace_uses.append(customer_id)
            uses.extend(
                _USE_ROW(customer_id=customer_id, service_id=sid, data_subjects=n, data_kinds=data, subject_kinds=kinds)
                for sid, n, data, kinds in wanted_uses
            )

    _write(
        new_customers,
        changed_customers,
        replaced=(replace_contacts, replace_uses),
        children=(contacts, uses),
        session=session,
    )
    return ImportSummary(
        s_created, s_updated, len(new_customers), len(names) - len(new_customers), untranslated(session=session)
    )


def untranslated(*, session: Session) -> dict[str, tuple[Language, ...]]:
    """Per service code, the languages of the customers using it that the directory has no name in."""
    services_t, uses_t, customers_t = _table(Service), _table(CustomerService), _table(Customer)
    s, u, c = services_t.c, uses_t.c, customers_t.c
    query = (
        select(s.code, c.language)
        .distinct()
        .select_from(services_t)
        .join(uses_t, u.service_id == s.id)
        .join(customers_t, c.id == u.customer_id)
    )
    readers = session.execute(query).all()
    services = repository.services_by_code(session=session)
    return missing(services, [(code, str(language)) for code, language in readers])


def _write(
    new_customers: list[dict[str, Any]],
    changed_customers: list[dict[str, Any]],
    *,
    replaced: tuple[Sequence[UUID], Sequence[UUID]],
    children: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    session: Session,
) -> None:
    """The statements, parents before children and deletions before the rows that replace them. Inserts
    are Core statements on the tables: the rows are complete (``breach.db.rows``), and the ORM's bulk path
    costs half as much again for nothing here.

    ``replaced``: the customers whose contacts, and whose service uses, the file changes; ``children``: the
    contact and service-use rows to insert.
    """
    replace_contacts, replace_uses = replaced
    contacts, uses = children
    for chunk in _chunks(new_customers):
        session.execute(_table(Customer).insert(), list(chunk))
    if changed_customers:
        # ORM bulk UPDATE by primary key: one executemany, each row its own values.
        session.execute(update(Customer), changed_customers)
    for ids in _chunks(replace_contacts):
        gone = select(_table(Contact).c.id).where(_table(Contact).c.customer_id.in_(list(ids)))
        # A queued notice or a past attempt may name a contact the file replaces: the notice then takes the
        # customer's first contact when it is next sent (notifications.delivery.retries), and the attempt keeps the
        # contact's safe form in its own column, so the evidence of where it went stays.
        for referring in (_table(Notice), _table(DeliveryAttempt)):
            session.execute(referring.update().where(referring.c.contact_id.in_(gone)).values(contact_id=None))
        session.execute(delete(Contact).where(col(Contact.customer_id).in_(list(ids))))
    for ids in _chunks(replace_uses):
        session.execute(delete(CustomerService).where(col(CustomerService.customer_id).in_(list(ids))))
    for chunk in _chunks(contacts):
        session.execute(_table(Contact).insert(), list(chunk))
    for chunk in _chunks(uses):
        session.execute(_table(CustomerService).insert(), list(chunk))
    session.flush()
