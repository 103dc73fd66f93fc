"""The ``nis2`` section of a facts document: checked, kept as JSON, and read back as ``Nis2Facts``.

Every key is a field of ``breach.nis2.Nis2Facts`` except the direct financial loss, which is recorded as
its items (``direct_financial_loss``: a list of ``{category, amount_eur}``, categories of
``breach.nis2.losses``) so the sum can be checked item by item (LAW.md section 5); the core sums them. A key
left out is not known yet; an empty list of items is a loss of zero. Times are ISO 8601 with an offset or
"YYYY-MM-DD HH:MM Zone". A refusal names the field as ``nis2.<field>`` and its value.

Two figures may come from our own settings when the section does not give them: the preceding year's
turnover (``BREACH_NIS2_ANNUAL_TURNOVER_EUR``) and the service's users in the Union
(``BREACH_NIS2_USERS_IN_UNION``, per service code). An incident on several services takes the smallest of
their counts: the 5 % threshold is then the lowest, the safer side of a reporting duty (Art. 7(b), 7(d),
10(b) and 10(d) count per service; the section's own ``users_in_union`` overrides the choice). The
incident's ``occurred_at`` stands in for the section's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from breach.errors import InvalidInput
from breach.nis2 import EarlierIncident, LossItem, Nis2Facts, direct_financial_loss
from flows.timeparse import parse_instant

SECTION: Final = "nis2"
LOSSES: Final = "direct_financial_loss"
_DIRECT: Final = frozenset(f.name for f in fields(Nis2Facts)) - {"direct_financial_loss_eur", "earlier"}
KEYS: Final = frozenset({*_DIRECT, LOSSES, "earlier"})
_EARLIER_KEYS: Final = frozenset({"occurred_at", "root_cause", "direct_financial_loss_eur"})
_TIMES: Final = frozenset({"occurred_at"})


def _prefixed(exc: InvalidInput, prefix: str) -> InvalidInput:
    return InvalidInput(f"{prefix}.{exc.field}", exc.value, exc.problem)


def _instant(value: object, field: str) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return parse_instant(value, field)
    raise InvalidInput(field, value, "a date and time with an offset is required, such as 2026-03-14T16:30+01:00")


def _mapping(value: object, field: str, keys: frozenset[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(field, value, "a mapping of NIS2 facts is required")
    unknown = sorted(str(k) for k in value if k not in keys)
    if unknown:
        raise InvalidInput(
            f"{field}.{unknown[0]}", value[unknown[0]], f"not a NIS2 fact (known: {', '.join(sorted(keys))})"
        )
    return value


def _items(value: object) -> list[LossItem]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise InvalidInput(f"{SECTION}.{LOSSES}", value, "a list of items {category, amount_eur} is required")
    items: list[LossItem] = []
    for i, item in enumerate(value):
        where = f"{SECTION}.{LOSSES}[{i}]"
        entry = _mapping(item, where, frozenset({"category", "amount_eur"}))
        if "category" not in entry or "amount_eur" not in entry:
            raise InvalidInput(where, item, "an item needs its category and amount_eur")
        try:
            items.append(LossItem(category=entry["category"], amount_eur=entry["amount_eur"]))
        except InvalidInput as exc:
            raise _prefixed(exc, where) from None
    return items


def _earlier(value: object) -> tuple[EarlierIncident, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise InvalidInput(f"{SECTION}.earlier", value, "a list of earlier incidents is required")
    found: list[EarlierIncident] = []
    for i, item in enumerate(value):
        where = f"{SECTION}.earlier[{i}]"
        entry = dict(_mapping(item, where, _EARLIER_KEYS))
        if "occurred_at" not in entry or "root_cause" not in entry:
            raise InvalidInput(where, item, "an earlier incident needs its occurred_at and root_cause")
        entry["occurred_at"] = _instant(entry["occurred_at"], f"{where}.occurred_at")
        try:
            found.append(EarlierIncident(**entry))
        except InvalidInput as exc:
            raise _prefixed(exc, where) from None
    return tuple(found)


def nis2_facts(
    section: Mapping[str, Any],
    *,
    occurred_at: datetime | None = None,
    users_in_union: int | None = None,
    annual_turnover_eur: int | None = None,
) -> Nis2Facts:
    """The facts of a section, with our settings' figures and the incident's time where it has none."""
    data = _mapping(section, SECTION, KEYS)
    values: dict[str, Any] = {k: v for k, v in data.items() if k in _DIRECT}
    for name in _TIMES & set(values):
        values[name] = _instant(values[name], f"{SECTION}.{name}")
    if LOSSES in data:
        values["direct_financial_loss_eur"] = direct_financial_loss(_items(data[LOSSES]))
    if "earlier" in data:
        values["earlier"] = _earlier(data["earlier"])
    defaults = {
        "occurred_at": occurred_at,
        "users_in_union": users_in_union,
        "annual_turnover_eur": annual_turnover_eur,
    }
    for name, default in defaults.items():
        if values.get(name) is None and default is not None:
            values[name] = default
    try:
        return Nis2Facts(**values)
    except InvalidInput as exc:
        raise _prefixed(exc, SECTION) from None
    except TypeError as exc:  # pragma: no cover - the keys were checked against the fields above
        raise InvalidInput(SECTION, section, str(exc)) from None


def checked(section: object) -> dict[str, Any]:
    """The section as JSON to keep: refused unless its facts hold on their own; times as ISO 8601."""
    data = _mapping(section, SECTION, KEYS)
    nis2_facts(data)
    kept: dict[str, Any] = {}
    for name, value in data.items():
        if name in _TIMES:
            kept[name] = _instant(value, f"{SECTION}.{name}").isoformat()
        elif name == "earlier":
            kept[name] = [
                {
                    **dict(item),
                    "occurred_at": _instant(item["occurred_at"], f"{SECTION}.earlier[{i}].occurred_at").isoformat(),
                }
                for i, item in enumerate(value)
            ]
        else:
            kept[name] = _json_value(value)
    return kept


def _json_value(value: object) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def loss_total(section: Mapping[str, Any]) -> Decimal | None:
    """The direct financial loss the items add up to (only the categories that count); None: not known."""
    if LOSSES not in section:
        return None
    return direct_financial_loss(_items(section[LOSSES]))
