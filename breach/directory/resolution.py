"""Which customers a breach affects: pure, so the rule can be read and tested on its own.

A customer is affected when it uses at least one affected service (DPA clause 8(1)(b): every controller
whose data may be involved is told). The number of its data subjects is the sum of its approximate
counts over the affected services it uses: a person can be counted twice across services, so the sum is
an upper estimate, which is the safe side for a notice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final
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


# A case's number of data subjects is a 32-bit column; beyond two billion people every rule reads the same.
MAX_SUBJECTS: Final = 2**31 - 1


def affected_customers(uses: Iterable[ServiceUse], affected_services: Iterable[UUID]) -> list[Affected]:
    """The customers using any of ``affected_services``, in a stable order (by customer id); each one's
    number of data subjects is the sum over those services, at most ``MAX_SUBJECTS``."""
    wanted = frozenset(affected_services)
    services: dict[UUID, list[UUID]] = {}
    subjects: dict[UUID, int] = {}
    for use in uses:
        if use.service_id in wanted:
            services.setdefault(use.customer_id, []).append(use.service_id)
            subjects[use.customer_id] = subjects.get(use.customer_id, 0) + use.data_subjects
    return [
        Affected(customer_id, tuple(sorted(services[customer_id])), min(subjects[customer_id], MAX_SUBJECTS))
        for customer_id in sorted(services)
    ]


def unaffected_customers(all_customers: Iterable[UUID], affected: Iterable[Affected]) -> list[UUID]:
    """The customers not affected, so a report can say who was *not* told and why."""
    hit = {a.customer_id for a in affected}
    return sorted(c for c in all_customers if c not in hit)
