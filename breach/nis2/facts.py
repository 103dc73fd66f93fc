"""What is known about one incident for the NIS2 significance test (LAW.md section 5; issue 20).

``None`` means "not known yet" (the criterion that reads it stays open), except ``planned`` (default
False) and ``earlier`` (the entity's earlier incidents, for Art. 4). Facts are refused at construction,
with an ``InvalidInput`` naming the field and the value: a negative amount, a bool where a number is
asked, a naive datetime, an earlier incident that is not earlier, more users affected than the service
has in the Union. Nothing else is second-guessed.

Amounts are EUR as ``int``, ``float`` or ``Decimal``; the criteria compare them exactly (as fractions),
so a figure exactly at a threshold is never "more than" it through rounding.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Final

from breach.clock import require_aware
from breach.errors import Contradiction, InvalidInput
from breach.inputs import check_one_line, check_range

Amount = int | float | Decimal
# What the criteria compare: an amount, a count or minutes, or a sum already made exact.
Number = int | float | Decimal | Fraction


def check_amount(name: str, value: object) -> None:
    """Refuse anything but a finite, non-negative number (a bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInput(name, value, "a number of euros is required (not a flag or text)")
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        raise InvalidInput(name, value, "a finite number is required")
    if value < 0:
        raise InvalidInput(name, value, "cannot be negative")


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(name, value, "a whole number is required (not a flag, a fraction or text)")
    if value < 0:
        raise InvalidInput(name, value, "cannot be negative")


def _check_minutes(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(name, value, "a number of minutes is required (not a flag or text)")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(name, value, "a finite number is required")
    if value < 0:
        raise InvalidInput(name, value, "cannot be negative")


def _check_flag(name: str, value: object, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, bool):
        raise InvalidInput(name, value, "true or false is required" + (" (or unknown)" if optional else ""))


def _check_instant(name: str, value: object) -> None:
    if not isinstance(value, datetime):
        raise InvalidInput(name, value, "a date and time with a time zone is required")
    check_range(name, require_aware(value, name))


def _check_root_cause(name: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(name, value, "a root cause is a non-empty label such as 'misconfiguration'")
    check_one_line(name, value)


def exact(value: Number) -> Fraction:
    """The exact value of a checked number (a float's binary value, a Decimal's digits)."""
    return Fraction(value)


def same_root_cause(a: str, b: str) -> bool:
    """Art. 4(b) "the same apparent root cause": labels compared without case or surrounding spaces."""
    return a.strip().casefold() == b.strip().casefold()


# The yes/no facts, each None while not known.
FLAGS: Final[tuple[str, ...]] = (
    "trade_secrets_exfiltrated",
    "death",
    "considerable_health_damage",
    "malicious_unauthorised_access",
    "severe_operational_disruption_possible",
    "data_compromised",
    "suspected_malicious",
    "physical_access_compromised",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class EarlierIncident:
    """An earlier incident of the same entity that was not significant on its own (Art. 4, first words)."""

    occurred_at: datetime
    root_cause: str
    direct_financial_loss_eur: Amount | None = None

    def __post_init__(self) -> None:
        _check_instant("occurred_at", self.occurred_at)
        _check_root_cause("root_cause", self.root_cause)
        if self.direct_financial_loss_eur is not None:
            check_amount("direct_financial_loss_eur", self.direct_financial_loss_eur)


@dataclass(frozen=True, slots=True, kw_only=True)
class Nis2Facts:
    """The facts the criteria of Implementing Regulation (EU) 2024/2690 Art. 3, 4, 7, 8 and 10 read."""

    # Art. 3(1)(a); what counts as direct financial loss: breach.nis2.losses.
    direct_financial_loss_eur: Amount | None = None
    annual_turnover_eur: Amount | None = None  # the preceding financial year's, Art. 3(1)(a)
    trade_secrets_exfiltrated: bool | None = None  # caused or capable of causing, Art. 3(1)(b)
    death: bool | None = None  # Art. 3(1)(c)
    considerable_health_damage: bool | None = None  # Art. 3(1)(d)
    malicious_unauthorised_access: bool | None = None  # successful, suspectedly malicious, Art. 3(1)(e)
    severe_operational_disruption_possible: bool | None = None  # Art. 3(1)(e)
    complete_unavailability_minutes: int | float | None = None
    limited_availability_minutes: int | float | None = None
    users_limited: int | None = None  # users in the Union whose use was limited (Art. 3(3) counts them)
    users_in_union: int | None = None  # the service's users in the Union
    # Integrity, confidentiality or authenticity of stored, transmitted or processed data related to the
    # service compromised (Art. 7(c)-(d), 8(c), 10(c)-(d)).
    data_compromised: bool | None = None
    suspected_malicious: bool | None = None
    users_data_compromised: int | None = None
    physical_access_compromised: bool | None = None  # Art. 8(d)
    planned: bool = False  # Art. 3(2): a planned interruption or planned effect of scheduled maintenance
    root_cause: str | None = None
    occurred_at: datetime | None = None
    earlier: tuple[EarlierIncident, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("direct_financial_loss_eur", "annual_turnover_eur"):
            value = getattr(self, name)
            if value is not None:
                check_amount(name, value)
        for name in ("complete_unavailability_minutes", "limited_availability_minutes"):
            value = getattr(self, name)
            if value is not None:
                _check_minutes(name, value)
        for name in ("users_limited", "users_in_union", "users_data_compromised"):
            value = getattr(self, name)
            if value is not None:
                _check_count(name, value)
        for name in FLAGS:
            _check_flag(name, getattr(self, name))
        _check_flag("planned", self.planned, optional=False)
        if self.root_cause is not None:
            _check_root_cause("root_cause", self.root_cause)
        if self.occurred_at is not None:
            _check_instant("occurred_at", self.occurred_at)
        self._check_earlier()
        self._check_users()

    def _check_earlier(self) -> None:
        if not isinstance(self.earlier, Sequence) or isinstance(self.earlier, str):
            raise InvalidInput("earlier", self.earlier, "a list of earlier incidents is required")
        for i, incident in enumerate(self.earlier):
            if not isinstance(incident, EarlierIncident):
                raise InvalidInput(f"earlier[{i}]", incident, "an EarlierIncident is required")
            if self.occurred_at is not None and incident.occurred_at > self.occurred_at:
                raise Contradiction(
                    f"earlier[{i}].occurred_at",
                    incident.occurred_at.isoformat(),
                    f"an earlier incident cannot follow this one (occurred_at={self.occurred_at.isoformat()})",
                )
        object.__setattr__(self, "earlier", tuple(self.earlier))

    def _check_users(self) -> None:
        if self.users_in_union is None:
            return
        for name in ("users_limited", "users_data_compromised"):
            value = getattr(self, name)
            if value is not None and value > self.users_in_union:
                problem = (
                    f"more users affected than the service has in the Union (users_in_union={self.users_in_union})"
                )
                raise Contradiction(name, value, problem)
