"""The technical and organisational measures of the DPA's appendix, as a table: the root-cause taxonomy.

GDPR Art. 32(1) asks the processor for measures ensuring (b) the confidentiality, integrity, availability
and resilience of processing systems, (c) the ability to restore availability in a timely manner and (d)
a process for regularly testing, assessing and evaluating them. The DPA's appendix names the measures it
promises under each heading; an incident records which of them failed (``breach.incidents.narrative.Narrative``
``failed_measures``), so the DPIA support pack (Art. 35(7)(d); DPA clause 8(1)(d)) can tell the controller
which of the measures it relied on did not hold. Ids are stable codes; their words, per language, are the
``measure`` and ``measure_group`` label groups of the catalogues (``notifications/i18n/locale``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

MeasureGroup = Literal["confidentiality", "integrity", "availability", "resilience", "testing"]

# The appendix's headings, in its order.
GROUPS: Final[tuple[MeasureGroup, ...]] = ("confidentiality", "integrity", "availability", "resilience", "testing")


@dataclass(frozen=True, slots=True)
class Measure:
    id: str
    group: MeasureGroup
    citation: str


# The appendix, heading by heading ("Appendix - Technical and Organisational Measures", points 1-4), with
# the article each point cites.
MEASURES: Final[tuple[Measure, ...]] = (
    # 1. Confidentiality (Art. 32(1)(b)).
    Measure("physical_access", "confidentiality", "GDPR Art. 32(1)(b)"),
    Measure("electronic_access", "confidentiality", "GDPR Art. 32(1)(b)"),
    Measure("internal_access", "confidentiality", "GDPR Art. 32(1)(b)"),
    Measure("isolation", "confidentiality", "GDPR Art. 32(1)(b)"),
    Measure("pseudonymisation", "confidentiality", "GDPR Art. 32(1)(a); Art. 25(1)"),
    # 2. Integrity (Art. 32(1)(b)).
    Measure("transfer_control", "integrity", "GDPR Art. 32(1)(b)"),
    Measure("entry_control", "integrity", "GDPR Art. 32(1)(b)"),
    # 3. Availability and resilience (Art. 32(1)(b), (c)).
    Measure("availability_control", "availability", "GDPR Art. 32(1)(b)"),
    Measure("rapid_recovery", "resilience", "GDPR Art. 32(1)(c)"),
    # 4. Regular testing, assessment and evaluation (Art. 32(1)(d); Art. 25(1)).
    Measure("data_protection_management", "testing", "GDPR Art. 32(1)(d); Art. 25(1)"),
    Measure("incident_response", "testing", "GDPR Art. 32(1)(d); Art. 25(1)"),
    Measure("privacy_by_design", "testing", "GDPR Art. 25(2)"),
    Measure("order_control", "testing", "GDPR Art. 28; Art. 32(1)(d)"),
)

BY_ID: Final[Mapping[str, Measure]] = {m.id: m for m in MEASURES}


def known_measure(value: str) -> str:
    """``value`` if it is a measure of the catalogue; else ``ValueError`` naming the ones there are."""
    if value not in BY_ID:
        raise ValueError(f"unknown measure {value!r}: expected one of {', '.join(BY_ID)}")
    return value


def in_catalogue_order(ids: object) -> tuple[str, ...]:
    """The given measure ids, each once, in the appendix's order (unknown ids are dropped)."""
    chosen = set(ids) if isinstance(ids, list | tuple | set | frozenset) else set()
    return tuple(m.id for m in MEASURES if m.id in chosen)
