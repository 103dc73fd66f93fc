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

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from breach.directory.authorities import AUTHORITIES, Body, misfit, unknown_reason
from breach.errors import DirectoryFileError
from breach.inputs import OneLine, StrictBool, StrictInt, control_problem
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


def _checked(*, multiline: bool) -> AfterValidator:
    """``OneLine``'s or ``Prose``'s check, after the length (as ``name: OneLine = Field(...)`` checks it, so a
    long text reads "String should have at most 200 characters")."""

    def check(value: str) -> str:
        problem = control_problem(value, multiline=multiline)
        if problem is not None:
            raise ValueError(problem)
        return value

    return AfterValidator(check)


ServiceName = Annotated[str, Field(min_length=1, max_length=200), _checked(multiline=False)]
ServiceDescription = Annotated[str, Field(max_length=5000), _checked(multiline=True)]
# The languages a file may name a service in besides English (``name`` and ``description``).
Translation = Literal["nl", "fr", "de"]


class ServiceSpec(_Strict):
    """A service as the file gives it: ``name`` (and ``description``) is one English text, as always, or a
    text per language, ``{en: ..., nl: ..., fr: ..., de: ...}``, whose ``en`` is required (our own views
    and English readers use it). ``names``/``descriptions`` are filled from that mapping, never written in
    a file (``_spread_languages``); ``breach.directory.names`` picks a reader's."""

    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: ServiceName
    names: dict[Translation, ServiceName] = Field(default_factory=dict)
    description: ServiceDescription = ""
    descriptions: dict[Translation, ServiceDescription] = Field(default_factory=dict)


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
        spec = DirectorySpec.model_validate(_spread_languages(data, locate))
    except ValidationError as exc:
        first = exc.errors()[0]
        path = _path(_as_written(first["loc"]))
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
            if _engine_contact(contact.url) and customer.role is not CustomerRole.PROCESSOR:
                # Another engine's intake takes a notice to pass on (issue 21): a controller reads its own.
                raise DirectoryFileError(
                    locate(f"customers[{i}].contacts[{j}].url"),
                    _redact_url(contact.url),
                    "an engine contact is for a customer of role processor (a reseller), which passes notices on",
                )
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


_PER_LANGUAGE: Final = {"name": "names", "description": "descriptions"}


def _spread_languages(data: Mapping[str, Any], locate: Callable[[str], str]) -> Mapping[str, Any]:
    """The file's services with a ``name``/``description`` written per language split into the English
    text and the others' (``ServiceSpec.names``/``descriptions``); the input is not changed."""
    services = data.get("services")
    if not isinstance(services, list):
        return data
    spread: list[Any] = []
    for i, service in enumerate(services):
        if not isinstance(service, Mapping):
            spread.append(service)
            continue
        entry = dict(service)
        for single, plural in _PER_LANGUAGE.items():
            if plural in entry:
                reason = f"unknown field: write the {single} per language as {single}: {{en: ..., nl: ...}}"
                raise DirectoryFileError(locate(f"services[{i}].{plural}"), _redacted(entry[plural]), reason)
            texts = entry.get(single)
            if isinstance(texts, Mapping):
                if "en" not in texts:
                    reason = "missing: the English text (our own views and English readers use it)"
                    raise DirectoryFileError(locate(f"services[{i}].{single}.en"), _redacted(dict(texts)), reason)
                entry[single] = texts["en"]
                entry[plural] = {key: text for key, text in texts.items() if key != "en"}
        spread.append(entry)
    return {**data, "services": spread}


def _as_written(loc: Sequence[int | str]) -> list[int | str]:
    """A validation error's location in the file's terms: ``services[0].names.nl`` was written as
    ``services[0].name.nl``; a bad language is the key itself, not its ``[key]``."""
    parts = [part for part in loc if part != "[key]"]
    if len(parts) >= 3 and parts[0] == "services" and parts[2] in ("names", "descriptions"):
        parts[2] = "name" if parts[2] == "names" else "description"
    return parts


def _engine_contact(url: str) -> bool:
    """Another breach engine's intake (``breach://``/``breachs://``, ``notifications.channels.engine``)."""
    return url.split("://", 1)[0].lower() in {"breach", "breachs"}


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
