"""Is the incident significant? ``significance(facts, entity_type=...)`` (issue 20; LAW.md section 5).

The answer is three-valued. ``True`` as soon as one criterion is met, whatever else is still unknown;
``False`` when every criterion is ruled out (or the interruption was planned, Art. 3(2)); ``None`` only
while an open criterion could still make the incident significant, and then ``unknown`` names the facts
that decide it: the 24-hour early warning clock of NIS2 Art. 23(4)(a) may already be running.

Art. 4 (``cir.4``) counts only for an incident that is not significant on its own: when another criterion
is met it is ruled out with ``significant_on_its_own``. When it is met, the answer is True even while other
criteria are open: significant on its own or as a recurrence, the incident is significant either way.

Reasons carry no words: each is a criterion id, its article, its outcome and the figures compared
(params), for the catalogues to render in a later step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from breach.nis2.checks import MET, NOT_MET, OPEN, Check, Outcome, ParamValue
from breach.nis2.criteria import PLANNED, PLANNED_ARTICLE, RECURRING, Criterion, criteria_for, parse_entity_type
from breach.nis2.facts import Nis2Facts
from breach.nis2.rules import RULESET_VERSION, EntityType


@dataclass(frozen=True, slots=True)
class Reason:
    """Why one criterion was met, ruled out or left open: values only, no words."""

    criterion: str
    article: str
    outcome: Outcome
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


@dataclass(frozen=True, slots=True)
class Significance:
    """The answer, the criteria met (ids, table order), the facts that leave it open, and the reasons."""

    significant: bool | None
    criteria: tuple[str, ...]
    unknown: tuple[str, ...]
    reasons: tuple[Reason, ...]
    entity_type: EntityType
    ruleset_version: str = RULESET_VERSION


def _reason(row: Criterion, check: Check) -> Reason:
    return Reason(row.id, row.article, check.outcome, check.params, check.unknown)


def significance(facts: Nis2Facts, *, entity_type: object) -> Significance:
    """Whether ``facts`` make a significant incident for an entity of ``entity_type``."""
    kind = parse_entity_type(entity_type)
    if facts.planned:
        planned = Reason(PLANNED, PLANNED_ARTICLE, MET, {"planned": True})
        return Significance(False, (), (), (planned,), kind)
    rows = criteria_for(kind)
    own = [(row, row.test(facts)) for row in rows if row.id != RECURRING]
    on_its_own = any(check.outcome == MET for _, check in own)
    recurrence = next(row for row in rows if row.id == RECURRING)
    # Art. 4 speaks of incidents "that individually are not considered a significant incident".
    inapplicable = Check(NOT_MET, params={"significant_on_its_own": True})
    recurring = inapplicable if on_its_own else recurrence.test(facts)
    checks = [*own, (recurrence, recurring)]
    order = {row.id: i for i, row in enumerate(rows)}
    checks.sort(key=lambda pair: order[pair[0].id])
    reasons = tuple(_reason(row, check) for row, check in checks)
    met = tuple(row.id for row, check in checks if check.outcome == MET)
    if met:
        return Significance(True, met, (), reasons, kind)
    open_facts = tuple(dict.fromkeys(name for _, check in checks if check.outcome == OPEN for name in check.unknown))
    if open_facts:
        return Significance(None, (), open_facts, reasons, kind)
    return Significance(False, (), (), reasons, kind)
