"""The controller directory: the schema of a directory file and its validation (writing it: ``directory_store``).

A file is validated whole before anything is written; the first problem is reported as a
``DirectoryFileError`` whose field is a path such as ``customers[3].language``. Reading YAML or CSV
into Python data happens in ``flows`` (the composition root); Apprise URL checks are injected (this
package does not import Apprise).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from breach.directory.authorities import AUTHORITIES, Body, misfit, unknown_reason
from breach.errors import DirectoryFileError
from breach.inputs import OneLine, Prose, StrictBool, StrictInt
from breach.notices.escalation import ChainSpec
from breach.vocabulary import DATA_KINDS, SUBJECT_KINDS, CustomerRole, DetailLevel, Language, SupportTaskKind


@dataclass(frozen=True, slots=True)
class ContactInfo:
    """What a channel adapter says about a contact URL: its safe display form and its default detail."""

    display: str
    default_detail: DetailLevel


# Raises ValueError with a reason when the URL is not a usable channel.
ContactCheck = Callable[[str], ContactInfo]


MAX_SUBJECTS_PER_SERVICE: Final = 1_000_000_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ServiceSpec(_Strict):
    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: OneLine = Field(min_length=1, max_length=200)
    description: Prose = Field(default="", max_length=5000)


class ContactSpec(_Strict):
    url: OneLine = Field(min_length=1, max_length=4000)
    detail: DetailLevel | None = None
    label: OneLine = Field(default="", max_length=200)
    tags: tuple[Annotated[OneLine, Field(max_length=64)], ...] = ()


class ServiceUseSpec(_Strict):
    code: str = Field(min_length=1, max_length=64)
    # Strict: YAML's ``true`` or a quoted "20000" is a mistake to report, not a number to guess. Bounded:
    # the column is a 32-bit integer, and more than a billion people on one service is a typo.
    data_subjects: StrictInt = Field(default=0, ge=0, le=MAX_SUBJECTS_PER_SERVICE)
    data: tuple[Literal[DATA_KINDS], ...] = ()  # type: ignore[valid-type]
    subjects: tuple[Literal[SUBJECT_KINDS], ...] = ()  # type: ignore[valid-type]


class CustomerSpec(_Strict):
    name: OneLine = Field(min_length=1, max_length=200)
    role: CustomerRole = CustomerRole.CONTROLLER
    # Which authorities may supervise it (breach.directory.authorities.fit); most customers are companies.
    body: Body = Body.PRIVATE
    language: Language
    timezone: str = Field(max_length=64)
    lead_authority: str = Field(max_length=16)
    other_authorities: tuple[str, ...] = ()
    financial_entity: StrictBool = False
    telecom_provider: StrictBool = False
    security_notices: StrictBool = False
    sla_hours: StrictInt = Field(default=24, ge=1, le=24 * 30)
    account_manager: OneLine = Field(default="", max_length=200)
    # An Apprise URL like a contact's: the account manager is alerted when this customer cannot be reached.
    account_manager_contact: OneLine = Field(default="", max_length=4000)
    # Its own escalation chain for unacknowledged notices (breach.notices.escalation); absent: the default chain.
    escalation: ChainSpec | None = None
    # DPA 8(2): the support its service description includes (never billed; breach.support.rules).
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
        raise ValueError(unknown_reason())
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


def _redacted(value: Any, depth: int = 0) -> Any:
    """An echoed input without the secrets its contact URLs may hold (a customer's whole entry is echoed
    when a field of its own is missing); only as deep as an error message shows (``breach.echo``)."""
    if isinstance(value, str):
        return _redact_url(value) if "://" in value else value
    if depth >= 3:
        return "…"
    if isinstance(value, Mapping):
        return {key: _redacted(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(item, depth + 1) for item in value]
    return value


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
        raise DirectoryFileError(locate(path), _redacted(first.get("input")), first["msg"]) from None

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
        _refuse_misfits(customer, f"customers[{i}]", locate)
        if customer.account_manager_contact:
            try:
                check_contact(customer.account_manager_contact)
            except ValueError as exc:
                raise DirectoryFileError(
                    locate(f"customers[{i}].account_manager_contact"),
                    _redact_url(customer.account_manager_contact),
                    str(exc),
                ) from None
    return ValidDirectory(spec, tuple(infos))


def _refuse_misfits(customer: CustomerSpec, where: str, locate: Callable[[str], str]) -> None:
    """An authority that does not supervise this kind of body is a mistake in the file, lead or concerned
    alike: a DPO would file with the wrong authority (a German company with the federal commissioner)."""
    named = [("lead_authority", customer.lead_authority)]
    named += [(f"other_authorities[{j}]", a) for j, a in enumerate(customer.other_authorities)]
    for field, authority_id in named:
        reason = misfit(AUTHORITIES[authority_id], body=customer.body, telecom_provider=customer.telecom_provider)
        if reason is not None:
            raise DirectoryFileError(locate(f"{where}.{field}"), authority_id, reason)


def _refuse_duplicates(values: list[str], where: str, key: str, locate: Callable[[str], str]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise DirectoryFileError(locate(f"{where}[{index}].{key}"), value, f"duplicate {key}")
        seen.add(value)
