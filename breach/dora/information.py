"""What we know, per criterion of Delegated Regulation (EU) 2024/1772, for one financial-entity customer.

``information(DoraFacts(...))`` is pure: one ``DoraItem`` per row of ``criteria.CRITERIA``, in that order,
each with its facts; a fact whose value is ``None`` is not known yet, and the notice says so. Nothing here
compares a figure with a threshold of Art. 8-9: the classification is the financial entity's own (DORA
Art. 18(1)), and our notice gives our information for it, never an answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final, Literal

from breach.clock import require_aware
from breach.dora.criteria import CRITERIA, CriterionId
from breach.errors import InvalidInput
from breach.nis2 import LossItem, direct_financial_loss

# How a template shows a value: a whole number, minutes, euros, a local time, labelled codes, names.
FactKind = Literal["number", "minutes", "eur", "moment", "codes", "names", "yesno"]
Minutes = int | float

# The breach types of GDPR Art. 4(12) are the properties of data Art. 5 of 2024/1772 asks about
# (availability, authenticity, integrity, confidentiality); authenticity has no breach type of its own.
DATA_PROPERTIES: Final = ("confidentiality", "integrity", "availability")


@dataclass(frozen=True, slots=True)
class DoraFact:
    """One thing we know (``value``), or do not know yet (``None``), under a catalogue key."""

    key: str
    kind: FactKind
    value: object


@dataclass(frozen=True, slots=True)
class DoraItem:
    """One criterion with its article and the facts we give for it."""

    criterion: CriterionId
    article: str
    dora: str
    facts: tuple[DoraFact, ...]

    @property
    def known(self) -> bool:
        """Whether we know anything for this criterion yet."""
        return any(f.value is not None for f in self.facts)


@dataclass(frozen=True, slots=True)
class DoraFacts:
    """What we know of the incident as far as this customer is concerned.

    ``data_subjects`` and ``records``: this customer's, on the affected services; ``services``: the names
    of our affected services it uses; ``countries``: the countries (ISO 3166 codes) of the lead
    authorities of all customers affected; ``breach_types``: None while the incident's facts are not
    recorded; the minutes and the loss come from our NIS2 facts (``nis2_figures``).
    """

    detected_at: datetime
    occurred_at: datetime | None = None
    ongoing: bool | None = None
    data_subjects: int | None = None
    records: int | None = None
    services: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    breach_types: tuple[str, ...] | None = None
    complete_unavailability_minutes: Minutes | None = None
    limited_availability_minutes: Minutes | None = None
    direct_loss_eur: Decimal | None = None

    def __post_init__(self) -> None:
        require_aware(self.detected_at, "detected_at")
        if self.occurred_at is not None:
            require_aware(self.occurred_at, "occurred_at")
        for name in ("data_subjects", "records"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise InvalidInput(name, value, "a whole number of zero or more is required")
        for name in ("complete_unavailability_minutes", "limited_availability_minutes"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
                raise InvalidInput(name, value, "a number of minutes of zero or more is required")
        if self.direct_loss_eur is not None and self.direct_loss_eur < 0:
            raise InvalidInput("direct_loss_eur", self.direct_loss_eur, "cannot be negative")
        for code in self.countries:
            if not (isinstance(code, str) and len(code) == 2 and code.isalpha() and code.isupper()):
                raise InvalidInput("countries", code, "an ISO 3166 country code such as BE is required")
        for kind in self.breach_types or ():
            if kind not in DATA_PROPERTIES:
                raise InvalidInput("breach_types", kind, f"not a breach type (known: {', '.join(DATA_PROPERTIES)})")


@dataclass(frozen=True, slots=True)
class DoraRecord:
    """What the database holds for the incident beyond its row (``breach.dora.store``): the NIS2 facts
    section last recorded, if any, and the countries of the lead authorities of the customers affected."""

    nis2_section: Mapping[str, Any] | None = None
    countries: tuple[str, ...] = ()


def _clients(facts: DoraFacts) -> tuple[DoraFact, ...]:
    # Art. 1(1) counts every client unable to use, or adversely impacted by, the entity's service: our
    # figures are the data subjects and records of this customer on our affected services, its starting point.
    return (
        DoraFact("data_subjects", "number", facts.data_subjects),
        DoraFact("records", "number", facts.records),
    )


def _duration(facts: DoraFacts) -> tuple[DoraFact, ...]:
    # Art. 3(1): from occurrence; Art. 3(2): from detection where the occurrence is not known.
    start = (
        DoraFact("occurred", "moment", facts.occurred_at)
        if facts.occurred_at is not None
        else DoraFact("detected", "moment", facts.detected_at)
    )
    return (
        start,
        DoraFact("ongoing", "yesno", facts.ongoing),
        # Art. 3(4): downtime counts full and partial unavailability alike.
        DoraFact("downtime_full", "minutes", facts.complete_unavailability_minutes),
        DoraFact("downtime_partial", "minutes", facts.limited_availability_minutes),
    )


def _geography(facts: DoraFacts) -> tuple[DoraFact, ...]:
    countries = tuple(sorted(set(facts.countries)))
    return (
        DoraFact("countries", "names", countries or None),
        DoraFact("member_states", "number", len(countries) if countries else None),
    )


def _data_losses(facts: DoraFacts) -> tuple[DoraFact, ...]:
    kinds = None if facts.breach_types is None else tuple(k for k in DATA_PROPERTIES if k in facts.breach_types)
    return (DoraFact("data_affected", "codes", kinds),)


def _critical_services(facts: DoraFacts) -> tuple[DoraFact, ...]:
    # Art. 6(a) asks whether the ICT services supporting the entity's critical or important functions are
    # affected: we name ours; whether they support such a function is in the entity's own register.
    return (DoraFact("services", "names", tuple(facts.services) or None),)


def _economic(facts: DoraFacts) -> tuple[DoraFact, ...]:
    # Art. 7: the entity's own direct and indirect costs; ours (NIS2's direct financial loss) are given
    # only as what we know, not as its figure.
    return (DoraFact("our_direct_loss", "eur", facts.direct_loss_eur),)


_FACTS: Final = {
    "clients": _clients,
    "duration": _duration,
    "geography": _geography,
    "data_losses": _data_losses,
    "critical_services": _critical_services,
    "economic": _economic,
}


def information(facts: DoraFacts) -> tuple[DoraItem, ...]:
    """Per criterion of 2024/1772 (``CRITERIA``' order), what we know; never a classification."""
    if not isinstance(facts, DoraFacts):
        raise InvalidInput("facts", facts, "DoraFacts are required")
    return tuple(DoraItem(c.id, c.article, c.dora, _FACTS[c.id](facts)) for c in CRITERIA)


def nis2_figures(section: Mapping[str, Any] | None) -> dict[str, Any]:
    """The DoraFacts fields a recorded NIS2 facts section gives (``nis2.facts_recorded``): the minutes of
    unavailability and the direct financial loss (its counted items summed, as the NIS2 test sums them)."""
    if not section:
        return {}
    found: dict[str, Any] = {}
    for name in ("complete_unavailability_minutes", "limited_availability_minutes"):
        if section.get(name) is not None:
            found[name] = section[name]
    items = section.get("direct_financial_loss")
    if items is not None:
        if not isinstance(items, Sequence) or isinstance(items, str):
            raise InvalidInput("nis2.direct_financial_loss", items, "a list of items {category, amount_eur}")
        found["direct_loss_eur"] = direct_financial_loss(
            LossItem(category=i["category"], amount_eur=_amount(i["amount_eur"])) for i in items
        )
    return found


def _amount(value: object) -> int | float | Decimal:
    # The section keeps a Decimal as its string (flows.usecases.nis2.section._json_value).
    if isinstance(value, str):
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInput("nis2.direct_financial_loss.amount_eur", value, "a number of euros is required")
    return value
