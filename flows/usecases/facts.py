"""Recording what is known about a breach: the structured facts and the narrative, re-assessing each case.

A facts file is YAML or JSON: either a ``breach.risk.assessment.BreachFacts`` document, or sections ``facts`` and
``narrative``. A section left out keeps what was recorded before. A narrative text is one string, in the
language the section names as ``written_in`` (else our own language, ``BREACH_DPO_LANGUAGE``), or a mapping
per language (``breach.incidents.languages``). Re-assessment uses each customer's own number of data subjects and
the data kinds it keeps on the affected services; a worse outcome is flagged for the DPO (LAW.md section 4:
re-assess whenever facts change).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from breach import refusals
from breach.db import repository
from breach.db.models.incidents import Incident
from breach.errors import InvalidInput
from breach.incidents.diffing import changes
from breach.incidents.languages import narrative_from_input
from breach.incidents.narrative import Narrative
from breach.incidents.states import is_final
from breach.incidents.store.recorded import data_kinds_of_cases
from breach.inputs import check_prose
from breach.notices.store import queue as notices
from breach.records.store import audit
from breach.risk.assessment import BreachFacts
from breach.risk.failed_measures import FailedMeasuresWanted, failed_measures_wanted
from breach.vocabulary import IncidentStatus, Language, NoticeKind
from flows.input_files import parse, read_text
from flows.risk_wiring import assess_for_customer
from flows.usecases.nis2 import assess as nis2_assess
from flows.usecases.nis2 import section as nis2_section
from flows.usecases.nis2.assess import Nis2Decision

M = TypeVar("M", bound=BaseModel)
RISK_ORDER = {"unlikely": 0, "risk": 1, "high": 2}


def read_facts_file(path: Path) -> Any:
    """A facts file's data: size-bounded, a byte-order mark accepted, YAML aliases refused (flows.input_files)."""
    return parse(read_text(path), "JSON" if path.suffix.lower() == ".json" else "YAML", path)


def _validated(model: type[M], data: Any, section: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise refusals.refusal(exc.errors(), section, model) from None


@dataclass(frozen=True, slots=True)
class Reassessment:
    case_id: UUID
    customer: str
    before: str | None
    after: str


@dataclass(frozen=True, slots=True)
class FactsUpdate:
    incident: Incident
    reassessed: Sequence[Reassessment]
    # Notices this change queued (updates, recommendations, our DPO's alert): none, and no delivery need start.
    queued: int = 0
    # Our own NIS2 decision when the document had a ``nis2`` section and our entity type is set.
    nis2: Nis2Decision | None = None

    @property
    def worsened(self) -> list[Reassessment]:
        return [r for r in self.reassessed if r.before is not None and RISK_ORDER[r.after] > RISK_ORDER[r.before]]

    @property
    def wanted(self) -> FailedMeasuresWanted | None:
        """What the facts now show is wanted though not required: the appendix measures that failed
        (``breach.risk.failed_measures``; never a refusal, the completeness gate follows Art. 33(3) only)."""
        facts = BreachFacts.model_validate(self.incident.facts) if self.incident.facts is not None else None
        return failed_measures_wanted(facts, Narrative.stored(self.incident.narrative).failed_measures)


# The sections of a facts document; ``nis2``: our own NIS2 facts (flows.usecases.nis2.section, issue 20).
SECTIONS = frozenset({"facts", "narrative", "nis2"})


def split_sections(data: Any) -> tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]:
    if not isinstance(data, Mapping) or not data:
        raise InvalidInput("file", type(data).__name__, "expected a facts document or 'facts' / 'narrative' sections")
    if set(data) <= SECTIONS:
        return data.get("facts"), data.get("narrative")
    return data, None


def record_facts(
    reference: str,
    data: Any,
    *,
    session: Session,
    actor: str,
    now: datetime,
    internal_language: Language = Language.EN,
) -> FactsUpdate:
    """Validate and store facts and narrative, then re-assess every case. Never commits."""
    facts_data, narrative_data = split_sections(data)
    nis2 = nis2_section.checked(data["nis2"]) if set(data) <= SECTIONS and data.get("nis2") is not None else None
    facts = _validated(BreachFacts, facts_data, "facts") if facts_data is not None else None
    narrative = narrative_from_input(narrative_data, declared=internal_language) if narrative_data is not None else None
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    if is_final(incident.status):
        raise InvalidInput("reference", reference, f"the incident is {incident.status.value}; its facts are final")
    before_facts, before_narrative = incident.facts, incident.narrative
    if facts is not None:
        incident.facts = facts.model_dump(mode="json")
    if narrative is not None:
        # The fallback chosen on confirming holds until the operator's texts make it unneeded.
        previous = (before_narrative or {}).get("fallback_language")
        incident.narrative = {**narrative.model_dump(mode="json"), "fallback_language": previous}
        if narrative.ongoing is None and narrative.contained_at is None:
            # A facts file that says nothing of containment keeps what `breach contain` recorded.
            for key in ("ongoing", "contained_at"):
                incident.narrative[key] = (before_narrative or {}).get(key)
    incident.updated_at = now
    session.add(incident)
    reassessed: list[Reassessment] = []
    if incident.facts is not None:
        kept = data_kinds_of_cases(incident, session=session)
        for case, customer in repository.cases_of(incident.id, session=session):
            before = (case.assessment or {}).get("risk")
            kinds = kept.get(customer.id, frozenset())
            case.assessment = assess_for_customer(incident.facts, case.data_subjects, kinds)
            session.add(case)
            reassessed.append(Reassessment(case.id, customer.name, before, str(case.assessment["risk"])))
    session.flush()
    queued = 0
    if incident.status in TOLD:
        queued = _tell_customers(
            incident, before_facts, before_narrative, reassessed, session=session, now=now, language=internal_language
        )
    decided = nis2_assess.record_and_assess(incident, nis2, session=session, actor=actor, now=now) if nis2 else None
    update = FactsUpdate(incident, reassessed, queued, decided)
    audit.append(
        session=session,
        event_type="incident.facts_recorded",
        actor=actor,
        at=now,
        incident_id=incident.id,
        data={
            "reference": reference,
            "sections": [s for s, v in (("facts", facts), ("narrative", narrative), ("nis2", nis2)) if v is not None],
            "reassessed": len(reassessed),
            "worsened": len(update.worsened),
        },
        content=json.dumps({"facts": incident.facts, "narrative": incident.narrative}, sort_keys=True),
    )
    return update


# Once customers have been told, every change is told to them too (Art. 33(4); DPA 8(1)(c)).
TOLD = (IncidentStatus.NOTIFYING, IncidentStatus.NOTIFIED, IncidentStatus.CONTAINED)


def _tell_customers(
    incident: Incident,
    before_facts: dict[str, Any] | None,
    before_narrative: dict[str, Any] | None,
    reassessed: Sequence[Reassessment],
    *,
    session: Session,
    now: datetime,
    language: Language,
) -> int:
    """An update notice with what changed; a new recommendation where the risk moved; an alert if it rose.
    Returns the number of notices queued."""
    queued = 0
    changed = changes(before_facts, incident.facts, before_narrative, incident.narrative)
    if changed:
        queued += len(
            notices.queue_for_cases(
                incident, NoticeKind.UPDATE, session=session, now=now, shared={"changes": changed}, phased=True
            )
        )
    moved: dict[UUID, dict[str, Any]] = {r.case_id: {} for r in reassessed if r.before != r.after}
    if moved:
        queued += len(
            notices.queue_for_cases(
                incident, NoticeKind.RISK_RECOMMENDATION, session=session, now=now, per_case=moved, phased=True
            )
        )
    for worse in (r for r in reassessed if r.before is not None and RISK_ORDER[r.after] > RISK_ORDER[r.before]):
        queued += len(
            notices.queue_internal(
                session=session,
                now=now,
                alert="facts_worsened",
                cause=f"{worse.case_id.hex}.{worse.after}",
                language=language,
                incident=incident,
                details={"customer": worse.customer, "before": worse.before, "after": worse.after},
            )
        )
    return queued


def override_risk(
    reference: str,
    risk: str,
    reason: str,
    *,
    session: Session,
    actor: str,
    now: datetime,
    customer: str | None = None,
) -> int:
    """A DPO overrides our recommendation, with a written reason (LAW.md section 4); returns cases changed.

    It changes our recommendation only, never the controller's decision. Without ``customer`` it holds
    for the whole incident, including cases created later.
    """
    if risk not in RISK_ORDER:
        raise InvalidInput("risk", risk, f"expected one of {', '.join(RISK_ORDER)}")
    if not check_prose("reason", reason).strip():
        raise InvalidInput("reason", reason, "an override needs a written reason")
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    override = {"risk": risk, "reason": reason.strip(), "by": actor, "at": now.isoformat()}
    cases = repository.cases_of(incident.id, session=session)
    if customer is not None:
        cases = [(case, c) for case, c in cases if c.name == customer]
        if not cases:
            raise InvalidInput("customer", customer, f"has no case in {reference}")
    else:
        incident.risk_override = override
        session.add(incident)
    for case, _customer in cases:
        case.override = override
        session.add(case)
    session.flush()
    audit.append(
        session=session,
        event_type="assessment.overridden",
        actor=actor,
        at=now,
        incident_id=incident.id,
        data={"reference": reference, "risk": risk, "cases": len(cases), "scope": "case" if customer else "incident"},
        content=reason.strip(),
    )
    return len(cases)
