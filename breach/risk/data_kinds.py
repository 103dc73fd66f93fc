"""The DPA's words for what a customer keeps on a service (``breach.vocabulary.DATA_KINDS``, clause 2(1)) as the
data categories of the risk facts (``breach.risk.facts.DataCategory``).

The directory says, per customer and service, which kinds of data it keeps there; the facts say which
categories an incident touched, for the incident as a whole. A draft for one customer must name every
category its own service records list (GDPR Art. 33(3)(a): "the categories ... of personal data records
concerned"), so a customer that keeps bank account details on a breached service sees financial data named
even when the incident's facts, written for all customers, do not list them. A kind that adds no category
(public information; system configuration, which is not personal data as such) maps to none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

from breach.risk.facts import DataCategory

CATEGORIES_OF_KIND: Final[Mapping[str, tuple[DataCategory, ...]]] = MappingProxyType(
    {
        "name": ("identity",),
        "address": ("contact",),
        "contact_details": ("contact",),
        "bank_account": ("financial",),
        "master_data": ("identity",),
        "contract_data": ("identity",),
        "customer_history": ("behavioural",),
        "billing_payment": ("financial",),
        "public_information": (),
        "system_configuration": (),
    }
)


def categories_of(kinds: Iterable[str]) -> frozenset[DataCategory]:
    """The data categories the given data kinds hold; an unknown kind is a ``ValueError`` naming the known ones."""
    found: set[DataCategory] = set()
    for kind in kinds:
        if kind not in CATEGORIES_OF_KIND:
            raise ValueError(f"unknown data kind {kind!r}: expected one of {', '.join(CATEGORIES_OF_KIND)}")
        found.update(CATEGORIES_OF_KIND[kind])
    return frozenset(found)
