"""The details given with an event, checked against its row of the event table and typed.

A detail is one of ``event_detail_table.DETAILS``, taken by the event (``requires`` or ``accepts``): text is
stripped, not empty and not longer than its limit; a whole number lies within its bounds; a date and time
carries its zone (ISO 8601 text will do); ``authority`` names a known authority. A detail that only feeds
an option of a clock started on a yes/no detail (``hours`` with ``follow_up``) is refused without it,
rather than ignored: the customer meant something we would not do. ``aware_at`` comes before the event
it is given with. Every refusal is an ``InvalidInput`` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final

from breach.clock import require_aware, to_utc
from breach.deadlines.event_detail_table import DETAILS, DetailSpec
from breach.deadlines.event_table import EventSpec
from breach.directory.authorities import authority as authority_by_id
from breach.errors import InvalidInput
from breach.inputs import check_range, control_problem

DetailValue = str | int | bool | datetime
# DetailSpec's default length: names and references, written on one line.
_ONE_LINE: Final = 200
StoredDetail = str | int | bool


def check_details(spec: EventSpec, details: Mapping[str, object], moment: datetime) -> dict[str, DetailValue]:
    """The details of ``spec`` recorded at ``moment``, typed; ``None`` values count as absent."""
    taken = (*spec.requires, *spec.accepts)
    values: dict[str, DetailValue] = {}
    for name, value in details.items():
        if value is None:
            continue
        if name not in taken:
            known = ", ".join(taken) or "none"
            raise InvalidInput(name, value, f"not a detail of {spec.name} (it takes: {known})")
        values[name] = _detail(DETAILS[name], value)
    for name in spec.requires:
        if name not in values:
            raise InvalidInput(name, None, f"required by {spec.name}: {DETAILS[name].description}")
    for start in spec.starts:
        if start.when is not None and values.get(start.when) is not True:
            for _, source in start.options:
                if source in values:
                    raise InvalidInput(source, values[source], f"only used together with {start.when}")
    aware = values.get("aware_at")
    if isinstance(aware, datetime) and to_utc(aware, "aware_at") > moment:
        problem = f"is after the event ({moment.isoformat()}): awareness comes before classification"
        raise InvalidInput("aware_at", aware.isoformat(), problem)
    return values


def stored(values: Mapping[str, DetailValue]) -> dict[str, StoredDetail]:
    """The details as a report keeps them (JSON): a date and time as UTC ISO 8601 text."""
    return {k: to_utc(v, k).isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


def _detail(spec: DetailSpec, value: object) -> DetailValue:
    if spec.kind is bool:
        if not isinstance(value, bool):
            raise InvalidInput(spec.name, value, "must be true or false")
        return value
    if spec.kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidInput(spec.name, value, "must be a whole number")
        if spec.bounds is not None and not spec.bounds[0] <= value <= spec.bounds[1]:
            raise InvalidInput(spec.name, value, f"must be from {spec.bounds[0]} to {spec.bounds[1]}")
        return value
    if spec.kind is datetime:
        return _instant(spec.name, value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(spec.name, value, "must be a non-empty text")
    text = value.strip()
    if len(text) > spec.max_length:
        raise InvalidInput(spec.name, f"{text[:40]}…", f"is longer than {spec.max_length} characters")
    # A name or reference (short) is one line; reasons (long) keep newlines and tabs (breach.inputs).
    problem = control_problem(text, multiline=spec.max_length > _ONE_LINE)
    if problem is not None:
        raise InvalidInput(spec.name, text, problem)
    if spec.name == "authority":
        authority_by_id(text)
    return text


def _instant(name: str, value: object) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInput(name, value, "not an ISO 8601 date and time") from None
    if not isinstance(value, datetime):
        raise InvalidInput(name, value, "must be a date and time with a time zone")
    # Range-checked before it is compared or converted: year 1 at +14:00 is no instant in UTC.
    return check_range(name, require_aware(value, name))
