"""The details an event of ``breach.deadlines.event_table`` can carry, as data: each one's type, meaning and bounds.

``breach.deadlines.event_details`` checks what a caller gives against these rows; an event's ``requires`` and
``accepts`` name them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Final

from breach.deadlines.rules import MAX_SUSPENDED_DAYS


@dataclass(frozen=True, slots=True)
class DetailSpec:
    """A detail an event can carry: its type and what it means; text is stripped and at most ``max_length``;
    a whole number with bounds lies within them."""

    name: str
    kind: type
    description: str
    max_length: int = 200
    bounds: tuple[int, int] | None = None


DETAILS: Final[Mapping[str, DetailSpec]] = MappingProxyType(
    {
        d.name: d
        for d in (
            DetailSpec("authority_reference", str, "the authority's reference for the notification (Art. 33(3))"),
            DetailSpec(
                "authority", str, "the authority's id (breach.directory.authorities), when not the lead authority"
            ),
            DetailSpec("delay_reasons", str, "why later than the deadline (GDPR Art. 33(1))", 4000),
            DetailSpec("reason", str, "the reasoning behind the decision, for the register (Art. 33(5))", 4000),
            DetailSpec("follow_up", bool, "more information follows in phases (Art. 33(4)): starts gdpr.33.4"),
            DetailSpec("hours", int, "the internal target, in hours, of the clock it starts"),
            DetailSpec("trust_service_provider", bool, "we notify as a trust service provider: 24 hours"),
            DetailSpec("aware_at", datetime, "when the financial entity became aware, if not at our notice"),
            DetailSpec("by", str, "who of ours reached the customer another way (a person's name, for the evidence)"),
            DetailSpec(
                "days",
                int,
                "the length of a suspension in whole days, when the authority stated it",
                bounds=(1, MAX_SUSPENDED_DAYS),
            ),
        )
    }
)
