"""The controller directory: the schema of a directory file, its validation, and applying it.

A file is validated whole before anything is written; the first problem is reported as a
``DirectoryFileError`` whose field is a path such as ``customers[3].language``. Reading YAML or CSV
into Python data happens in ``flows`` (the composition root); Apprise URL checks are injected (this
package does not import Apprise).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlmodel import Session

from breach import repository
from breach.authorities import AUTHORITIES
from breach.errors import DirectoryFileError
from breach.escalation import ChainSpec, stored_chain
from breach.models import Contact, Customer, CustomerService, Service
from breach.vocabulary import DATA_KINDS, SUBJECT_KINDS, CustomerRole, DetailLevel, Language, SupportTaskKind


@dataclass(frozen=True, slots=True)
class ContactInfo:
    """What a channel adapter says about a contact URL: its safe display form and its default detail."""

    display: str
    default_detail: DetailLevel


# Raises ValueError with a reason when the URL is not a usable channel.
ContactCheck = Callable[[str], ContactInfo]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ServiceSpec(_Strict):
    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str = Field(min_length=1, max_length=200)
    description: str = ""


class ContactSpec(_Strict):
    url: str = Field(min_length=1)
    detail: DetailLevel | None = None
    label: str = ""
    tags: tuple[str, ...] = ()


class ServiceUseSpec(_Strict):
    code: str = Field(min_length=1)
    data_subjects: int = Field(default=0, ge=0)
    data: tuple[Literal[DATA_KINDS], ...] = ()  # type: ignore[valid-type]
    subjects: tuple[Literal[SUBJECT_KINDS], ...] = ()  # type: ignore[valid-type]


class CustomerSpec(_Strict):
    name: str = Field(min_length=1, max_length=200)
    role: CustomerRole = CustomerRole.CONTROLLER
    language: Language
    timezone: str
    lead_authority: str
    other_authorities: tuple[str, ...] = ()
    financial_entity: bool = False
    telecom_provider: bool = False
    security_notices: bool = False
    sla_hours: int = Field(default=24, ge=1, le=24 * 30)
    account_manager: str = ""
    # Its own escalation chain for unacknowledged notices (breach.escalation); absent: the default chain.
    escalation: ChainSpec | None = None
    # DPA 8(2): the support its service description includes (never billed; breach.support_rules).
    included_support: tuple[SupportTaskKind, ...] = ()
    contacts: tuple[ContactSpec, ...] = Field(min_length=1)
    services: tuple[ServiceUseSpec, ...] = ()

    @field_validator("contacts", mode="before")
    @classmethod
    def _plain_urls(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [{"url": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError("unknown time zone (use an IANA name such as Europe/Brussels)") from None
        return value

    @field_validator("lead_authority")
    @classmethod
    def _known_lead(cls, value: str) -> str:
        return _known_authority(value)

    @field_validator("other_authorities")
    @classmethod
    def _known_others(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_known_authority(v) for v in value)


def _known_authority(value: str) -> str:
    if value not in AUTHORITIES:
        raise ValueError(f"unknown supervisory authority (known: {', '.join(sorted(AUTHORITIES))})")
    return value


class DirectorySpec(_Strict):
    services: tuple[ServiceSpec, ...] = ()
    customers: tuple[CustomerSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class ValidDirectory:
    spec: DirectorySpec
    # Per customer index, per contact index: what the channel adapter made of the URL.
    contacts: tuple[tuple[ContactInfo, ...], ...]


def _path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _redact_url(url: str) -> str:
    scheme, sep, _ = url.partition("://")
    return f"{scheme}://…" if sep else "…"


def validate(
    data: Any,
    *,
    check_contact: ContactCheck,
    known_services: Collection[str],
    locate: Callable[[str], str] = lambda path: path,
) -> ValidDirectory:
    """Validate a whole directory; raise ``DirectoryFileError`` naming the first bad field and value.

    ``known_services`` are the service codes already in the database; ``locate`` turns a field path
    into the user's terms (a CSV line number, say).
    """
    if not isinstance(data, Mapping):
        raise DirectoryFileError("file", type(data).__name__, "expected 'services' and 'customers' sections")
    try:
        spec = DirectorySpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = _path(first["loc"])
        value = first.get("input")
        if path.endswith(".url") and isinstance(value, str):
            value = _redact_url(value)
        raise DirectoryFileError(locate(path), value, first["msg"]) from None

    _refuse_duplicates([s.code for s in spec.services], "services", "code", locate)
    _refuse_duplicates([c.name for c in spec.customers], "customers", "name", locate)
    declared = {s.code for s in spec.services} | set(known_services)
    infos: list[tuple[ContactInfo, ...]] = []
    for i, customer in enumerate(spec.customers):
        _refuse_duplicates([u.code for u in customer.services], f"customers[{i}].services", "code", locate)
        for j, use in enumerate(customer.services):
            if use.code not in declared:
                raise DirectoryFileError(locate(f"customers[{i}].services[{j}].code"), use.code, "unknown service")
        row: list[ContactInfo] = []
        for j, contact in enumerate(customer.contacts):
            try:
                row.append(check_contact(contact.url))
            except ValueError as exc:
                raise DirectoryFileError(
                    locate(f"customers[{i}].contacts[{j}].url"), _redact_url(contact.url), str(exc)
                ) from None
        infos.append(tuple(row))
    return ValidDirectory(spec, tuple(infos))


def _refuse_duplicates(values: list[str], where: str, key: str, locate: Callable[[str], str]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise DirectoryFileError(locate(f"{where}[{index}].{key}"), value, f"duplicate {key}")
        seen.add(value)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    services_created: int
    services_updated: int
    customers_created: int
    customers_updated: int


def apply(directory: ValidDirectory, *, session: Session, now: datetime) -> ImportSummary:
    """Write a validated directory: services and customers are matched by code and name and updated.

    Contacts and service uses of a customer in the file are replaced by those in the file; customers
    not in the file are left alone. Flushes, never commits.
    """
    services = repository.services_by_code(session=session)
    s_created = s_updated = 0
    for spec in directory.spec.services:
        service = services.get(spec.code)
        if service is None:
            service = Service(code=spec.code, name=spec.name, description=spec.description)
            s_created += 1
        else:
            service.name, service.description = spec.name, spec.description
            s_updated += 1
        session.add(service)
        services[spec.code] = service
    session.flush()

    customers = repository.customers_by_name(session=session)
    c_created = c_updated = 0
    for cspec, infos in zip(directory.spec.customers, directory.contacts, strict=True):
        fields = cspec.model_dump(exclude={"contacts", "services", "escalation"})
        fields["other_authorities"] = list(cspec.other_authorities)
        fields["included_support"] = [kind.value for kind in dict.fromkeys(cspec.included_support)]
        fields["escalation"] = stored_chain(cspec.escalation) if cspec.escalation is not None else None
        customer = customers.get(cspec.name)
        if customer is None:
            customer = Customer.model_validate({**fields, "created_at": now})
            c_created += 1
        else:
            for name, value in fields.items():
                setattr(customer, name, value)
            c_updated += 1
        session.add(customer)
        session.flush()
        contacts = [
            Contact(
                customer_id=customer.id,
                position=0,
                url=c.url,
                display=info.display,
                detail=c.detail or info.default_detail,
                label=c.label,
                tags=list(c.tags),
            )
            for c, info in zip(cspec.contacts, infos, strict=True)
        ]
        repository.replace_contacts(customer.id, contacts, session=session)
        uses = [
            CustomerService(
                customer_id=customer.id,
                service_id=services[u.code].id,
                data_subjects=u.data_subjects,
                data_kinds=list(u.data),
                subject_kinds=list(u.subjects),
            )
            for u in cspec.services
        ]
        repository.replace_service_uses(customer.id, uses, session=session)
    return ImportSummary(s_created, s_updated, c_created, c_updated)
