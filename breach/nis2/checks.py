"""Three-valued checks: a criterion is met, not met, or open while a fact it reads is not known.

Every comparison is "more than", strict (LAW.md section 5): a figure exactly at its threshold does not
meet it. A "whichever is lower" threshold whose relative part is not known still decides whenever it can:
the threshold lies between 0 and the fixed figure, so a value above the fixed figure meets it and a value
of 0 does not, whatever the unknown base turns out to be.

A check's params are the figures compared, each named after its fact: ``<fact>`` the value,
``<fact>_threshold`` the line it must exceed, and for a "whichever is lower" threshold ``<fact>_fixed`` and
``<fact>_share_percent`` with the base it is a share of. A later step renders them through the catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Final, Literal

from breach.nis2.facts import Number, exact

Outcome = Literal["met", "not_met", "open"]
ParamValue = str | int | float | bool

MET: Final = "met"
NOT_MET: Final = "not_met"
OPEN: Final = "open"


@dataclass(frozen=True, slots=True)
class Check:
    """A criterion's outcome, the facts that leave it open, and the figures compared (for the reason)."""

    outcome: Outcome
    unknown: tuple[str, ...] = ()
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


def figure(value: Fraction) -> int | float:
    """A figure for a reason's params: whole numbers stay whole, others to the cent."""
    if value.denominator == 1:
        return value.numerator
    return round(float(value), 2)


def flag(name: str, value: bool | None) -> Check:
    """A yes/no fact: met when true, not met when false, open when not known."""
    if value is None:
        return Check(OPEN, (name,))
    return Check(MET if value else NOT_MET, params={name: value})


def more_than(name: str, value: Number | None, threshold: Fraction | int) -> Check:
    """``value`` strictly above a fixed ``threshold``."""
    params: dict[str, ParamValue] = {f"{name}_threshold": figure(Fraction(threshold))}
    if value is None:
        return Check(OPEN, (name,), params)
    number = exact(value)
    params[name] = figure(number)
    return Check(MET if number > threshold else NOT_MET, params=params)


def more_than_lower_of(
    name: str,
    value: Number | None,
    *,
    fixed: int,
    share: Fraction,
    base_name: str,
    base: Number | None,
) -> Check:
    """``value`` strictly above ``fixed`` or ``share`` of ``base``, whichever is lower."""
    params: dict[str, ParamValue] = {f"{name}_fixed": fixed, f"{name}_share_percent": figure(share * 100)}
    unknown: list[str] = []
    if value is None:
        unknown.append(name)
    else:
        params[name] = figure(exact(value))
    if base is None:
        unknown.append(base_name)
    else:
        params[base_name] = figure(exact(base))
        threshold = min(Fraction(fixed), share * exact(base))
        params[f"{name}_threshold"] = figure(threshold)
    if value is not None:
        number = exact(value)
        if base is not None:
            return Check(MET if number > threshold else NOT_MET, params=params)
        if number > fixed:
            return Check(MET, params=params)
        if number == 0:
            return Check(NOT_MET, params=params)
    return Check(OPEN, tuple(unknown), params)


def all_of(*checks: Check) -> Check:
    """Every part must hold: one part not met rules it out; otherwise any open part leaves it open."""
    params: dict[str, ParamValue] = {}
    for check in checks:
        params.update(check.params)
    if any(check.outcome == NOT_MET for check in checks):
        return Check(NOT_MET, params=params)
    unknown = tuple(dict.fromkeys(name for check in checks for name in check.unknown))
    if unknown:
        return Check(OPEN, unknown, params)
    return Check(MET, params=params)
