"""What counts as direct financial loss for Art. 3(1)(a) and Art. 4(c), as a table (LAW.md section 5).

``breach facts`` records the loss as items, each with a category of this table; the core sums the items
whose category counts, so the sum can be checked item by item. The Regulation's recitals list what the
entity should take into account (the cost of the incident to the entity) and exclude administrative fines
and the costs of day-to-day operation; the categories and their wording follow the same list as
Delegated Regulation (EU) 2024/1772 Art. 7(1) and 7(2) for DORA, which the 2024/2690 recital mirrors.
The recital's number is not cited here: this session could not check it against the Official Journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Final, Literal, get_args

from breach.errors import InvalidInput, UnknownValue
from breach.nis2.facts import Amount, check_amount, exact

LossCategory = Literal[
    "replacement_of_systems",
    "staff",
    "contractual_penalties",
    "customer_redress",
    "forgone_revenue",
    "communication",
    "advisory",
    "administrative_fines",
    "day_to_day_operation",
    "enhancement_after_incident",
    "insurance_premiums",
]
LOSS_CATEGORY_IDS: Final[tuple[LossCategory, ...]] = get_args(LossCategory)

_RECITALS: Final = "Implementing Regulation (EU) 2024/2690, recitals (direct financial loss)"
_COUNTS: Final = f"{_RECITALS}; cf. Delegated Regulation (EU) 2024/1772 Art. 7(1)"
_EXCLUDED: Final = f"{_RECITALS}; cf. Delegated Regulation (EU) 2024/1772 Art. 7(2)"


@dataclass(frozen=True, slots=True)
class LossCategorySpec:
    """Whether a category of cost counts as direct financial loss, and the source that says so."""

    counts: bool
    source: str


LOSS_CATEGORIES: Final[Mapping[str, LossCategorySpec]] = MappingProxyType(
    {
        # Counted: what the incident cost the entity.
        "replacement_of_systems": LossCategorySpec(True, _COUNTS),  # software, hardware, infrastructure
        "staff": LossCategorySpec(True, _COUNTS),  # replacement, relocation, extra staff, overtime, lost skills
        "contractual_penalties": LossCategorySpec(True, _COUNTS),  # fees for not meeting contractual obligations
        "customer_redress": LossCategorySpec(True, _COUNTS),  # redress and compensation to customers
        "forgone_revenue": LossCategorySpec(True, _COUNTS),
        "communication": LossCategorySpec(True, _COUNTS),  # internal and external
        "advisory": LossCategorySpec(True, _COUNTS),  # legal counsel, forensic and remediation services
        # Not counted (LAW.md section 5: fines and day-to-day running costs).
        "administrative_fines": LossCategorySpec(False, _EXCLUDED),
        "day_to_day_operation": LossCategorySpec(False, _EXCLUDED),  # general maintenance, keeping skills up to date
        "enhancement_after_incident": LossCategorySpec(False, _EXCLUDED),  # upgrades, improvements, risk assessments
        "insurance_premiums": LossCategorySpec(False, _EXCLUDED),
    }
)

if tuple(LOSS_CATEGORIES) != LOSS_CATEGORY_IDS:  # pragma: no cover - a table edit that forgot LossCategory
    raise ImportError("LOSS_CATEGORIES and LossCategory disagree")


@dataclass(frozen=True, slots=True, kw_only=True)
class LossItem:
    """One item of cost the incident caused, in EUR, with its category."""

    category: LossCategory
    amount_eur: Amount

    def __post_init__(self) -> None:
        if not isinstance(self.category, str) or self.category not in LOSS_CATEGORIES:
            raise UnknownValue(
                "category", self.category, f"not a loss category (known: {', '.join(LOSS_CATEGORY_IDS)})"
            )
        check_amount("amount_eur", self.amount_eur)


def direct_financial_loss(items: Iterable[LossItem]) -> Decimal:
    """The sum of the items whose category counts, exactly (a float item counts at its shortest decimal)."""
    total = Fraction(0)
    for i, item in enumerate(items):
        if not isinstance(item, LossItem):
            raise InvalidInput(f"items[{i}]", item, "a LossItem is required")
        if LOSS_CATEGORIES[item.category].counts:
            amount = item.amount_eur
            total += exact(Decimal(repr(amount)) if isinstance(amount, float) else amount)
    return Decimal(total.numerator) / Decimal(total.denominator)
