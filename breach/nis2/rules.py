"""The thresholds of Implementing Regulation (EU) 2024/2690 as dated, versioned data (LAW.md section 5).

Counsel reviews this one screen. A change in the law (the Commission's 2025 "Digital Omnibus" proposal is
*not* law) or a new reading is one edited value here and a new ``RULESET_VERSION``, so a stored result
says which rules produced it. The criteria that compare against these numbers are the table of
``breach.nis2.criteria``; nothing here decides anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Final, Literal, get_args

# Bump with any change of a threshold, a row of the criteria table or the meaning of an outcome.
RULESET_VERSION: Final = "2026-12-04.1"
# Art. 16 of the Regulation: in force on the twentieth day after its publication (OJ L, 18.10.2024).
RULESET_EFFECTIVE_FROM: Final = "2024-11-07"
REGULATION: Final = "Implementing Regulation (EU) 2024/2690"

EntityType = Literal["cloud", "data_centre", "msp", "mssp"]
ENTITY_TYPES: Final[tuple[EntityType, ...]] = get_args(EntityType)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The figures the criteria compare against; every comparison is "more than", strict."""

    # Art. 3(1)(a): "exceeds EUR 500 000 or 5 % of the relevant entity's total annual turnover in the
    # preceding financial year, whichever is lower".
    loss_eur: int = 500_000
    loss_turnover_share: Fraction = Fraction(5, 100)
    # Art. 7(b), 7(d), 10(b), 10(d): "more than 5 % of [the service's] users in the Union, or ... more than
    # 1 million of [its] users in the Union, whichever number is smaller".
    users: int = 1_000_000
    users_share: Fraction = Fraction(5, 100)
    # Art. 7(a), 10(a): "completely unavailable for more than 30 minutes". Art. 8(a) (data centres) has no
    # duration: any complete unavailability counts, that is more than 0 minutes.
    complete_unavailability_minutes: int = 30
    data_centre_complete_unavailability_minutes: int = 0
    # Art. 7(b), 8(b), 10(b): limited "for a duration of more than one hour".
    limited_availability_minutes: int = 60
    # Art. 4(a): "occurred at least twice within 6 months" (the window: breach.nis2.recurrence).
    recurrence_months: int = 6
    recurrence_count: int = 2


T: Final = Thresholds()
