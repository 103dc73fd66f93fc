"""Writing and reading the sub-processor directory (DPA clause 6). Flushes, never commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlmodel import Session, col, select

from breach.chain.directory import SubprocessorFile
from breach.db.models.chain import Subprocessor, SubprocessorService
from breach.db.models.directory import CustomerService, Service
from breach.errors import NotFound


@dataclass(frozen=True, slots=True)
class ImportSummary:
    created: int
    updated: int


@dataclass(frozen=True, slots=True)
class Supported:
    """One of our services a sub-processor supports, and its own services behind it."""

    service: Service
    theirs: tuple[str, ...]


def apply(
    valid: SubprocessorFile, services: Mapping[str, Service], *, session: Session, now: datetime
) -> ImportSummary:
    """Create or update each sub-processor of a validated file, by name; its services are replaced whole."""
    existing = {s.name: s for s in session.exec(select(Subprocessor)).all()}
    created = updated = 0
    for spec in valid.subprocessors:
        row = existing.get(spec.name)
        if row is None:
            row = Subprocessor(
                name=spec.name, country=spec.country, agreement_date=spec.agreement_date, created_at=now, updated_at=now
            )
            created += 1
        else:
            updated += 1
        row.country = spec.country
        row.agreement_date = spec.agreement_date
        row.transfer_mechanism = spec.transfer_mechanism
        row.transfer_reference = spec.transfer_reference.strip()
        row.contacts = [{"label": c.label, "email": c.email} for c in spec.contacts]
        row.updated_at = now
        session.add(row)
        session.flush()
        for old in session.exec(select(SubprocessorService).where(SubprocessorService.subprocessor_id == row.id)):
            session.delete(old)
        session.flush()
        for use in spec.services:
            session.add(
                SubprocessorService(
                    subprocessor_id=row.id, service_id=services[use.ours].id, their_services=list(use.theirs)
                )
            )
        session.flush()
    return ImportSummary(created, updated)


def listed(*, session: Session) -> list[tuple[Subprocessor, list[Supported]]]:
    """Every sub-processor, by name, with the services of ours it supports (by code)."""
    rows = session.exec(select(Subprocessor).order_by(col(Subprocessor.name))).all()
    return [(row, supported(row.id, session=session)) for row in rows]


def supported(subprocessor_id: UUID, *, session: Session) -> list[Supported]:
    rows = session.exec(
        select(SubprocessorService, Service)
        .join(Service, col(Service.id) == col(SubprocessorService.service_id))
        .where(SubprocessorService.subprocessor_id == subprocessor_id)
        .order_by(col(Service.code))
    ).all()
    return [Supported(service, tuple(link.their_services)) for link, service in rows]


def by_name(name: str, *, session: Session) -> Subprocessor:
    row = session.exec(select(Subprocessor).where(Subprocessor.name == name)).first()
    if row is None:
        raise NotFound("subprocessor", name)
    return row


def behind_customer(customer_id: UUID, *, session: Session) -> list[tuple[Subprocessor, list[Service]]]:
    """The sub-processors behind the services a customer uses (DPA clause 6(2)), each with those services."""
    rows = session.exec(
        select(Subprocessor, Service)
        .join(SubprocessorService, col(SubprocessorService.subprocessor_id) == col(Subprocessor.id))
        .join(Service, col(Service.id) == col(SubprocessorService.service_id))
        .join(CustomerService, col(CustomerService.service_id) == col(Service.id))
        .where(CustomerService.customer_id == customer_id)
        .order_by(col(Subprocessor.name), col(Service.code))
    ).all()
    grouped: dict[UUID, tuple[Subprocessor, list[Service]]] = {}
    for sub, service in rows:
        grouped.setdefault(sub.id, (sub, []))[1].append(service)
    return list(grouped.values())


def their_map(subprocessor_id: UUID, *, session: Session) -> dict[str, Sequence[str]]:
    """Each of the sub-processor's own service names, with the codes of our services behind it."""
    mapping: dict[str, list[str]] = {}
    for use in supported(subprocessor_id, session=session):
        for name in use.theirs:
            mapping.setdefault(name, []).append(use.service.code)
    return {name: tuple(codes) for name, codes in mapping.items()}
