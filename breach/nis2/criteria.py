"""The criteria of a significant incident as a table: one row per criterion, with its article.

Implementing Regulation (EU) 2024/2690 for cloud computing (Art. 7), data centre (Art. 8) and managed
(security) service providers (Art. 10), on top of the general criteria of Art. 3(1)(a)-(e). Art. 3(1)(f)
brings in recurring incidents (Art. 4, ``cir.4``: ``breach.nis2.recurrence``); Art. 3(1)(g) the
entity-type rows. Each row's predicate reads the facts and answers met, not met or open (with the facts
that leave it open); the thresholds are ``breach.nis2.rules.T``. Code asks the table, never the entity type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal, get_args

from breach.errors import UnknownValue
from breach.nis2.checks import Check, all_of, flag, more_than, more_than_lower_of
from breach.nis2.facts import Nis2Facts
from breach.nis2.recurrence import recurring
from breach.nis2.rules import ENTITY_TYPES, REGULATION, EntityType, T

CriterionId = Literal[
    "cir.3.1.a",
    "cir.3.1.b",
    "cir.3.1.c",
    "cir.3.1.d",
    "cir.3.1.e",
    "cir.4",
    "cir.7.a",
    "cir.7.b",
    "cir.7.c",
    "cir.7.d",
    "cir.8.a",
    "cir.8.b",
    "cir.8.c",
    "cir.8.d",
    "cir.10.a",
    "cir.10.b",
    "cir.10.c",
    "cir.10.d",
]
CRITERION_IDS: Final[tuple[CriterionId, ...]] = get_args(CriterionId)
Predicate = Callable[[Nis2Facts], Check]

_ALL: Final[frozenset[EntityType]] = frozenset(ENTITY_TYPES)
_CLOUD: Final[frozenset[EntityType]] = frozenset({"cloud"})
_DATA_CENTRE: Final[frozenset[EntityType]] = frozenset({"data_centre"})
_MANAGED: Final[frozenset[EntityType]] = frozenset({"msp", "mssp"})


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion: its id, where the Regulation states it, whom it applies to, and its test."""

    id: CriterionId
    article: str
    entity_types: frozenset[EntityType]
    test: Predicate


def _fact(name: str) -> Predicate:
    def test(f: Nis2Facts) -> Check:
        value: bool | None = getattr(f, name)
        return flag(name, value)

    return test


def _loss(f: Nis2Facts) -> Check:
    return more_than_lower_of(
        "direct_financial_loss_eur",
        f.direct_financial_loss_eur,
        fixed=T.loss_eur,
        share=T.loss_turnover_share,
        base_name="annual_turnover_eur",
        base=f.annual_turnover_eur,
    )


def _unauthorised_access(f: Nis2Facts) -> Check:
    return all_of(
        flag("malicious_unauthorised_access", f.malicious_unauthorised_access),
        flag("severe_operational_disruption_possible", f.severe_operational_disruption_possible),
    )


def _unavailable(minutes: int) -> Predicate:
    def test(f: Nis2Facts) -> Check:
        return more_than("complete_unavailability_minutes", f.complete_unavailability_minutes, minutes)

    return test


def _limited_long(f: Nis2Facts) -> Check:
    return more_than("limited_availability_minutes", f.limited_availability_minutes, T.limited_availability_minutes)


def _users_over_threshold(name: str, value: int | None, f: Nis2Facts) -> Check:
    return more_than_lower_of(
        name, value, fixed=T.users, share=T.users_share, base_name="users_in_union", base=f.users_in_union
    )


def _limited_many(f: Nis2Facts) -> Check:
    return all_of(_limited_long(f), _users_over_threshold("users_limited", f.users_limited, f))


def _compromised_maliciously(f: Nis2Facts) -> Check:
    return all_of(flag("data_compromised", f.data_compromised), flag("suspected_malicious", f.suspected_malicious))


def _compromised_many(f: Nis2Facts) -> Check:
    return all_of(
        flag("data_compromised", f.data_compromised),
        _users_over_threshold("users_data_compromised", f.users_data_compromised, f),
    )


def _row(id: CriterionId, article: str, types: frozenset[EntityType], test: Predicate) -> tuple[str, Criterion]:
    return id, Criterion(id, f"{REGULATION} {article}", types, test)


CRITERIA: Final[Mapping[str, Criterion]] = MappingProxyType(
    dict(
        [
            # Direct financial loss over EUR 500 000 or 5 % of the preceding year's turnover, whichever is lower.
            _row("cir.3.1.a", "Art. 3(1)(a)", _ALL, _loss),
            # Exfiltration of trade secrets (Directive (EU) 2016/943 Art. 2(1)), caused or possible.
            _row("cir.3.1.b", "Art. 3(1)(b)", _ALL, _fact("trade_secrets_exfiltrated")),
            _row("cir.3.1.c", "Art. 3(1)(c)", _ALL, _fact("death")),
            _row("cir.3.1.d", "Art. 3(1)(d)", _ALL, _fact("considerable_health_damage")),
            # Successful, suspectedly malicious, unauthorised access capable of severe operational disruption.
            _row("cir.3.1.e", "Art. 3(1)(e)", _ALL, _unauthorised_access),
            # Art. 3(1)(f): only for an incident that is not significant on its own (breach.nis2.significance).
            _row("cir.4", "Art. 3(1)(f) and Art. 4", _ALL, recurring),
            # Cloud computing services.
            _row("cir.7.a", "Art. 7(a)", _CLOUD, _unavailable(T.complete_unavailability_minutes)),
            _row("cir.7.b", "Art. 7(b)", _CLOUD, _limited_many),
            _row("cir.7.c", "Art. 7(c)", _CLOUD, _compromised_maliciously),
            _row("cir.7.d", "Art. 7(d)", _CLOUD, _compromised_many),
            # Data centre services: any complete unavailability; limited over an hour, whatever the users.
            _row("cir.8.a", "Art. 8(a)", _DATA_CENTRE, _unavailable(T.data_centre_complete_unavailability_minutes)),
            _row("cir.8.b", "Art. 8(b)", _DATA_CENTRE, _limited_long),
            _row("cir.8.c", "Art. 8(c)", _DATA_CENTRE, _compromised_maliciously),
            _row("cir.8.d", "Art. 8(d)", _DATA_CENTRE, _fact("physical_access_compromised")),
            # Managed services and managed security services: as cloud.
            _row("cir.10.a", "Art. 10(a)", _MANAGED, _unavailable(T.complete_unavailability_minutes)),
            _row("cir.10.b", "Art. 10(b)", _MANAGED, _limited_many),
            _row("cir.10.c", "Art. 10(c)", _MANAGED, _compromised_maliciously),
            _row("cir.10.d", "Art. 10(d)", _MANAGED, _compromised_many),
        ]
    )
)

RECURRING: Final = "cir.4"
# Art. 3(2): planned interruptions and the planned effects of scheduled maintenance are no significant incident.
PLANNED: Final = "cir.3.2"
PLANNED_ARTICLE: Final = f"{REGULATION} Art. 3(2)"

if tuple(CRITERIA) != CRITERION_IDS:  # pragma: no cover - a table edit that forgot CriterionId, or the reverse
    raise ImportError(f"CRITERIA and CriterionId disagree: {sorted(set(CRITERIA) ^ set(CRITERION_IDS))}")


def parse_entity_type(value: object) -> EntityType:
    """``value`` as an entity type; anything else is an ``UnknownValue`` naming the field and the value."""
    for known in ENTITY_TYPES:
        if value == known and isinstance(value, str):
            return known
    known_types = ", ".join(ENTITY_TYPES)
    raise UnknownValue("entity_type", value, f"not an entity type of {REGULATION} here (known: {known_types})")


def criteria_for(kind: EntityType) -> tuple[Criterion, ...]:
    """The rows that apply to ``kind``, in table order."""
    return tuple(row for row in CRITERIA.values() if kind in row.entity_types)
