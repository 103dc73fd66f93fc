"""What our directory knows of a customer's data on the affected services, for every draft (GDPR Art. 33(3)(a)).

The directory records, per customer and service, the kinds of data kept there, whose data they are and about
how many people (DPA clause 2(1); ``CustomerService``). A draft names them instead of leaving "categories of
data subjects" for the controller to complete, and widens the incident's data categories with those the
customer's own service records list (``breach.risk.data_kinds``): a draft for one customer must not omit data
it keeps on the breached service because the incident's facts were written for all customers.

Pure: built from loaded rows; ``notifications.packs.case_packs`` puts it into every pack's context.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from breach.db.models.directory import CustomerService, Service
from breach.risk.data_kinds import categories_of
from breach.vocabulary import SUBJECT_KINDS
from notifications.context.build import FactsView
from notifications.packs.dpia import ProcessingLine, processing_lines


class ServicesView(BaseModel):
    """The affected services as this customer uses them, and whose data they hold, in vocabulary order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lines: tuple[ProcessingLine, ...] = ()
    subject_kinds: tuple[str, ...] = ()


def services_view(uses: Sequence[tuple[CustomerService, Service]]) -> ServicesView:
    lines = processing_lines(uses)
    kinds = {kind for line in lines for kind in line.subject_kinds}
    return ServicesView(lines=lines, subject_kinds=tuple(k for k in SUBJECT_KINDS if k in kinds))


def with_service_categories(
    facts: FactsView | None, uses: Sequence[tuple[CustomerService, Service]]
) -> FactsView | None:
    """``facts`` with the data categories of the customer's own service records added (none before facts exist)."""
    if facts is None:
        return None
    kept = categories_of(kind for use, _ in uses for kind in use.data_kinds)
    categories = tuple(sorted(set(facts.data_categories) | kept))
    return facts if categories == facts.data_categories else facts.model_copy(update={"data_categories": categories})
