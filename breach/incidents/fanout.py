"""Confirmation fans one incident out into a case, a clock and a pending notice per affected customer; the
writing is ``breach.incidents.store.recorded.fan_out``, this module holds what it returns and which notice comes first.

DPA clause 8(1)(b): every affected controller is told immediately, so everything a sender needs is
committed together with the confirmation; delivery follows from the outbox. Fan-out is idempotent: a
second run creates only what is missing (a customer added to the directory since, say).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from breach.vocabulary import CustomerRole, NoticeKind

# (facts as stored, this customer's number of data subjects, the data kinds it keeps on the affected services)
# -> the assessment to store with the case.
Assessor = Callable[[Mapping[str, Any], int, frozenset[str]], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class FanOut:
    affected: int
    cases_created: int
    notices_created: int


def first_notice_kind(role: CustomerRole) -> NoticeKind:
    # A customer that is itself a processor has no 72-hour clock; it passes our notice on (Art. 33(2)).
    return NoticeKind.INITIAL if role is CustomerRole.CONTROLLER else NoticeKind.PASS_ON
