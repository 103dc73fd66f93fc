"""Which customers a breach affects: pure, so the rule can be read and tested on its own.

A customer is affected when it uses at least one affected service (DPA clause 8(1)(b): every controller
whose data may be involved is told). The number of its data subjects is the sum of its approximate
counts over the affected services it uses: a person can be counted twice across services, so the sum is
an upper estimate, which is the safe side for a notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True)
class ServiceUse:
    customer_id: UUID
    service_id: UUID
    data_subjects: int


@dataclass(frozen=True, slots=True)
class Affected:
    customer_id: UUID
    service_ids: tuple[UUID, ...]
    data_subjects: int


def affected_customers(uses: Iterable[ServiceUse], affected_services: Iterable[UUID]) -> list[Affected]:
    """The customers using any of ``affected_services``, in a stable order (by customer id)."""
    wanted = frozenset(affected_services)
    services: dict[UUID, list[UUID]] = {}
    subjects: dict[UUID, int] = {}
    for use in uses:
        if use.service_id in wanted:
            services.setdefault(use.customer_id, []).append(use.service_id)
            subjects[use.customer_id] = subjects.get(use.customer_id, 0) + use.data_subjects
    return [
        Affected(customer_id, tuple(sorted(services[customer_id])), subjects[customer_id])
        for customer_id in sorted(services)
    ]


def unaffected_customers(all_customers: Iterable[UUID], affected: Iterable[Affected]) -> list[UUID]:
    """The customers not affected, so a report can say who was *not* told and why."""
    hit = {a.customer_id for a in affected}
    return sorted(c for c in all_customers if c not in hit)


def subjects_by_customer(affected: Iterable[Affected]) -> Mapping[UUID, int]:
    return {a.customer_id: a.data_subjects for a in affected}
