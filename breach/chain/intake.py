"""Reading a breach notice one of our sub-processors sends us (GDPR Art. 33(2), Art. 28(4); DPA clause 6).

Two forms are read, both JSON objects:

- our own breach notice (``notifications/schemas/breach-notice-1.x.json``), as any engine of this kind
  sends it: recognised by ``schema_version``. Major version 1 is read whatever its minor: the schema
  promises that a minor version only adds fields. Another major is refused (we cannot know what it means).
- a minimal form for a sub-processor without such an engine: ``notice_key``, ``what_happened``,
  ``aware_at`` (when they became aware), ``services`` (theirs), and what they know of ``data_categories``
  and ``data_subjects``.

Their services are mapped to ours by the directory (``map_services``); a name we cannot map refuses the
whole notice, because the customers it affects would be unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from breach.errors import InvalidInput
from breach.inputs import OneLine, Prose, StrictInt, check_range

READ_MAJOR: Final = "1"
NOTICE_FORM: Final = "breach-notice"
MINIMAL_FORM: Final = "minimal"
MAX_KEY: Final = 200
MAX_TEXT: Final = 20_000
# The API's body limit (flows.web.limits), so a notice the CLI takes is one the API would take.
MAX_NOTICE_BYTES: Final = 1 << 20


class UnmappedServices(InvalidInput):
    """Services a notice names that our directory does not map to ours: refused, and a person is alerted."""

    def __init__(self, names: Sequence[str], known: Sequence[str]) -> None:
        self.names = tuple(names)
        # The refused notice's own key, set by whoever read it: the alert about it names it.
        self.notice_key = ""
        shown = ", ".join(known) or "none"
        super().__init__("services", list(names), f"not mapped to a service of ours (this sub-processor's: {shown})")


@dataclass(frozen=True, slots=True)
class IncomingNotice:
    notice_key: str
    form: str
    schema_version: str | None
    title: str
    description: str
    their_services: tuple[str, ...]
    their_aware_at: datetime | None
    occurred_at: datetime | None
    data_categories: tuple[str, ...]
    data_subjects: int | None
    # A 1.x notice only: the sender's incident reference (its later notices carry the same), the kind and
    # phase (an update's number in the Art. 33(4) series), and the facts and narrative as it sent them.
    reference: str | None = None
    kind: str | None = None
    phase: int | None = None
    language: str | None = None
    facts: Mapping[str, Any] | None = None
    narrative: Mapping[str, Any] | None = None
    not_yet_known: tuple[str, ...] = ()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class MinimalNotice(_Strict):
    notice_key: OneLine = Field(min_length=1, max_length=MAX_KEY)
    title: OneLine = Field(default="", max_length=200)
    what_happened: Prose = Field(min_length=1, max_length=MAX_TEXT)
    aware_at: AwareDatetime
    occurred_at: AwareDatetime | None = None
    services: tuple[Prose, ...] = Field(min_length=1)
    data_categories: tuple[OneLine, ...] = ()
    data_subjects: StrictInt | None = Field(default=None, ge=0, le=10_000_000_000)


class _Loose(BaseModel):
    # A 1.x notice may carry fields added after this engine was written: read what we know, keep the rest.
    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)


class _Service(_Loose):
    code: OneLine | None = Field(default=None, max_length=100)
    name: OneLine = Field(max_length=200)


class _Narrative(_Loose):
    nature: Prose | None = Field(default=None, max_length=MAX_TEXT)
    likely_consequences: Prose | None = Field(default=None, max_length=MAX_TEXT)
    measures_taken: Prose | None = Field(default=None, max_length=MAX_TEXT)


class _Facts(_Loose):
    data_categories: tuple[OneLine, ...] = ()
    data_subjects: StrictInt | None = None


class _TimesUtc(_Loose):
    occurred: AwareDatetime | None = None
    processor_aware: AwareDatetime | None = None


class NoticeV1(_Loose):
    schema_version: str = Field(pattern=r"^1\.[0-9]+$")
    notice_key: OneLine = Field(min_length=1, max_length=MAX_KEY)
    kind: OneLine
    reference: OneLine = Field(max_length=64)
    title: OneLine = Field(max_length=300)
    services: tuple[_Service, ...] = Field(min_length=1)
    narrative: _Narrative
    facts: _Facts | None = None
    phase: StrictInt | None = Field(default=None, ge=1, le=10_000)
    language: OneLine | None = Field(default=None, max_length=16)
    not_yet_known: tuple[OneLine, ...] = ()
    # From 1.3; before it only display times, which a program must not parse (the schema says so).
    times_utc: _TimesUtc | None = None


def _loc(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc) or "body"


def _validated(model: type[BaseModel], data: Mapping[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInput(_loc(first["loc"]), first.get("input"), first["msg"]) from None


def read_notice(data: Any) -> IncomingNotice:
    """A notice, read; ``InvalidInput`` naming the first bad field (an unknown schema version included)."""
    if not isinstance(data, Mapping):
        raise InvalidInput("body", type(data).__name__, "expected a JSON object (a breach notice)")
    if "schema_version" in data or "schema" in data:
        return _from_notice(data)
    return _from_minimal(data)


def _from_notice(data: Mapping[str, Any]) -> IncomingNotice:
    version = data.get("schema_version")
    if not isinstance(version, str) or re.fullmatch(rf"{READ_MAJOR}\.[0-9]+", version) is None:
        raise InvalidInput("schema_version", version, f"unknown version: this engine reads {READ_MAJOR}.x")
    notice: NoticeV1 = _validated(NoticeV1, data)
    times = notice.times_utc
    narrative = notice.narrative
    parts = [narrative.nature, narrative.likely_consequences, narrative.measures_taken]
    facts = notice.facts
    return IncomingNotice(
        notice_key=notice.notice_key,
        form=NOTICE_FORM,
        schema_version=notice.schema_version,
        title=notice.title,
        description="\n\n".join(p for p in parts if p) or notice.title,
        their_services=tuple(dict.fromkeys(s.code or s.name for s in notice.services)),
        their_aware_at=_in_range("times_utc.processor_aware", times.processor_aware if times else None),
        occurred_at=_in_range("times_utc.occurred", times.occurred if times else None),
        data_categories=facts.data_categories if facts else (),
        data_subjects=facts.data_subjects if facts else None,
        reference=notice.reference,
        kind=notice.kind,
        phase=notice.phase,
        language=notice.language,
        facts=data.get("facts") if isinstance(data.get("facts"), Mapping) else None,
        narrative=data.get("narrative") if isinstance(data.get("narrative"), Mapping) else None,
        not_yet_known=notice.not_yet_known,
    )


def _from_minimal(data: Mapping[str, Any]) -> IncomingNotice:
    notice: MinimalNotice = _validated(MinimalNotice, data)
    first_line = notice.what_happened.strip().splitlines()[0][:200]
    return IncomingNotice(
        notice_key=notice.notice_key,
        form=MINIMAL_FORM,
        schema_version=None,
        title=notice.title or first_line,
        description=notice.what_happened.strip(),
        their_services=tuple(dict.fromkeys(s.strip() for s in notice.services)),
        their_aware_at=_in_range("aware_at", notice.aware_at),
        occurred_at=_in_range("occurred_at", notice.occurred_at),
        data_categories=notice.data_categories,
        data_subjects=notice.data_subjects,
    )


def _in_range(field: str, value: datetime | None) -> datetime | None:
    return None if value is None else check_range(field, value)


def map_services(theirs: Sequence[str], mapping: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Our service codes behind their services; ``UnmappedServices`` when any one is not in the directory."""
    unmapped = [name for name in theirs if name not in mapping]
    if unmapped:
        raise UnmappedServices(unmapped, sorted(mapping))
    return tuple(dict.fromkeys(code for name in theirs for code in mapping[name]))
