"""The directory of our sub-processors (DPA clause 6): the schema of its file and its validation, whole.

A file is ``{"subprocessors": [...]}``; each entry names the sub-processor, its country, the date of our
agreement with it (clause 6(2)), the contacts for a breach, the services of ours it supports with the names
of its own services behind each (a breach notice names those: ``breach.chain.intake`` maps them to ours),
and, outside the EU/EEA, its ground under GDPR Chapter V (clause 6(4)). The first problem is a
``DirectoryFileError`` whose field is a path such as ``subprocessors[2].transfer_mechanism``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from breach.chain.transfers import NEEDS_REFERENCE, TransferMechanism, inside_eea
from breach.errors import DirectoryFileError
from breach.inputs import OneLine, Prose, check_day

# A service name as the sub-processor spells it in its notices: compared exactly, so no spaces or capitals.
THEIR_SERVICE: Final = r"^[a-z0-9][a-z0-9._-]*$"
EMAIL: Final = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SubContactSpec(_Strict):
    label: OneLine = Field(default="", max_length=200)
    email: str = Field(min_length=3, max_length=320, pattern=EMAIL)


class SupportedServiceSpec(_Strict):
    # Our service's code (breach.directory: it must exist already).
    ours: str = Field(min_length=1, max_length=64)
    theirs: tuple[Annotated[str, Field(min_length=1, max_length=100, pattern=THEIR_SERVICE)], ...] = Field(min_length=1)


class SubprocessorSpec(_Strict):
    name: OneLine = Field(min_length=1, max_length=200)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    agreement_date: date
    transfer_mechanism: TransferMechanism | None = None
    transfer_reference: Prose = Field(default="", max_length=2000)
    contacts: tuple[SubContactSpec, ...] = Field(min_length=1)
    services: tuple[SupportedServiceSpec, ...] = Field(min_length=1)


class SubprocessorFile(_Strict):
    subprocessors: tuple[SubprocessorSpec, ...] = Field(min_length=1)


def _path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate(data: Any, *, known_services: Collection[str], today: date) -> SubprocessorFile:
    """The whole file, valid; or ``DirectoryFileError`` naming the first bad field and its value."""
    if not isinstance(data, Mapping):
        raise DirectoryFileError("file", type(data).__name__, "expected a 'subprocessors' section")
    try:
        spec = SubprocessorFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise DirectoryFileError(_path(first["loc"]), first.get("input"), first["msg"]) from None
    seen: set[str] = set()
    for i, entry in enumerate(spec.subprocessors):
        where = f"subprocessors[{i}]"
        if entry.name in seen:
            raise DirectoryFileError(f"{where}.name", entry.name, "duplicate name")
        seen.add(entry.name)
        check_day(f"{where}.agreement_date", entry.agreement_date)
        if entry.agreement_date > today:
            raise DirectoryFileError(
                f"{where}.agreement_date", entry.agreement_date.isoformat(), f"is in the future (today is {today})"
            )
        _check_transfer(entry, where)
        ours: set[str] = set()
        for j, use in enumerate(entry.services):
            if use.ours not in known_services:
                known = ", ".join(sorted(known_services)) or "none"
                raise DirectoryFileError(f"{where}.services[{j}].ours", use.ours, f"unknown service (known: {known})")
            if use.ours in ours:
                raise DirectoryFileError(f"{where}.services[{j}].ours", use.ours, "duplicate service")
            ours.add(use.ours)
    return spec


def _check_transfer(entry: SubprocessorSpec, where: str) -> None:
    """DPA clause 6(4), GDPR Art. 44: outside the EEA only on a Chapter V ground, and one we can check."""
    mechanism = entry.transfer_mechanism
    if inside_eea(entry.country):
        if mechanism is not None:
            raise DirectoryFileError(
                f"{where}.transfer_mechanism", mechanism.value, f"{entry.country} is in the EU/EEA: no transfer"
            )
        return
    if mechanism is None:
        choices = ", ".join(m.value for m in TransferMechanism)
        raise DirectoryFileError(
            f"{where}.transfer_mechanism",
            None,
            f"{entry.country} is outside the EU/EEA: name the transfer's ground (GDPR Chapter V: {choices})",
        )
    if mechanism in NEEDS_REFERENCE and not entry.transfer_reference.strip():
        raise DirectoryFileError(
            f"{where}.transfer_reference", "", f"name the {mechanism.value} this transfer rests on"
        )
