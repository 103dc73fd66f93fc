"""Assess our incident's significance under NIS2 and act on the answer (issue 20; LAW.md section 5).

``assess_incident`` reads the recorded ``nis2`` facts (``records``), our settings' entity type and figures
(``section``), asks ``breach.nis2.significance`` and keeps the answer. The decision is the DPO's override
where there is one, else the test's answer; then, in the caller's unit of work:

- **significant**: the incident event ``nis2-significant`` is recorded at this moment, our awareness of
  significance, naming who decided and why: it starts ``nis2.23.4.a`` (early warning, 24 hours) and
  ``nis2.23.4.b`` (notification, 72 hours) as ``breach record`` would (NIS2 Art. 23(3), (4)). Our DPO and
  security lead get the internal alert ``nis2_significant`` with the criteria met and the early warning's
  due time. Once only: a later assessment finds the event and starts nothing again.
- **not yet known**: the alert ``nis2_open`` names the facts that decide it (the 24-hour clock may already
  be running if significance is later found to date from now); again only when that set of facts changes.
- **not significant**: nothing is sent. A clock already started stays on the record with its start: a
  DPO's later "no" is itself on the record (``records.OVERRIDDEN``) and shown beside it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlmodel import Session

from breach.db import repository
from breach.db.models.incidents import Deadline, Incident
from breach.errors import InvalidInput
from breach.incidents.store.recorded import record_event, reports_of
from breach.inputs import check_prose
from breach.nis2 import Nis2Facts, Significance, significance
from breach.nis2.criteria import parse_entity_type
from breach.notices.store import queue as notices
from breach.vocabulary import Language
from flows.settings import get_settings
from flows.usecases.nis2 import records
from flows.usecases.nis2.section import nis2_facts
from notifications.nis2 import words

EVENT: Final = "nis2-significant"
EARLY_WARNING: Final = "nis2.23.4.a"


@dataclass(frozen=True, slots=True)
class Nis2Decision:
    """The test's answer, the decision that holds (an override wins), and what this assessment did."""

    result: Significance
    decided: bool | None
    overridden: bool
    clocks_started: tuple[Deadline, ...] = ()
    alerts: int = 0


def result_values(result: Significance) -> dict[str, Any]:
    """The answer as JSON values: what ``records.ASSESSED`` keeps and the API shows."""
    return {
        "significant": result.significant,
        "criteria": list(result.criteria),
        "unknown": list(result.unknown),
        "entity_type": result.entity_type,
        "ruleset_version": result.ruleset_version,
        "reasons": [words.reason_values(r) for r in result.reasons],
    }


def _users_in_union(incident: Incident, *, session: Session) -> int | None:
    counts = get_settings().nis2_users_in_union
    known = [counts[s.code] for s in repository.incident_services(incident.id, session=session) if s.code in counts]
    return min(known) if known else None


def _entity_type(given: str | None) -> str:
    chosen = given if given is not None else get_settings().nis2_entity_type
    if chosen is None:
        raise InvalidInput("entity_type", None, "not set: pass --entity-type or set BREACH_NIS2_ENTITY_TYPE")
    return parse_entity_type(chosen)


def facts_of(incident: Incident, *, session: Session) -> Nis2Facts:
    """The incident's recorded ``nis2`` facts with our settings' figures where they give none."""
    section = records.stored_section(incident.id, session=session) or {}
    return nis2_facts(
        section,
        occurred_at=incident.occurred_at,
        users_in_union=_users_in_union(incident, session=session),
        annual_turnover_eur=get_settings().nis2_annual_turnover_eur,
    )


def evaluate(incident: Incident, *, session: Session, entity_type: str | None = None) -> Significance:
    """The significance test on the incident's recorded ``nis2`` facts and our settings; writes nothing."""
    kind = _entity_type(entity_type)
    return significance(facts_of(incident, session=session), entity_type=kind)


def _significance_recorded(incident: Incident, *, session: Session) -> bool:
    return any(r.event == EVENT for r in reports_of(session=session, incident_id=incident.id, case_id=None))


def _language() -> Language:
    return Language(get_settings().dpo_language)


def _start_clocks(
    incident: Incident, reason: str, *, session: Session, actor: str, now: datetime
) -> tuple[Deadline, ...]:
    recorded = record_event(
        session=session,
        incident=incident,
        case=None,
        customer=None,
        event=EVENT,
        at=now,
        details={"reason": reason},
        actor=actor,
        now=now,
    )
    return recorded.started


def _alert(
    incident: Incident, alert: str, cause: str, reason: str, *, session: Session, now: datetime, due: Deadline | None
) -> int:
    details: dict[str, Any] = {"reason": reason}
    if due is not None:
        details |= {"rule": due.rule, "due_at": due.due_at.isoformat()}
    queued = notices.queue_internal(
        session=session, now=now, alert=alert, cause=cause, language=_language(), incident=incident, details=details
    )
    return len(queued)


def _met_sentences(result: Significance) -> str:
    language = _language()
    return " ".join(words.reason_sentence(r, language) for r in result.reasons if r.criterion in result.criteria)


def act_on(
    incident: Incident,
    result: Significance,
    *,
    session: Session,
    actor: str,
    now: datetime,
    override: tuple[bool, str] | None = None,
) -> Nis2Decision:
    """Start the clocks and alert as the decision requires (module docstring); never commits."""
    decided = override[0] if override is not None else result.significant
    if decided is True and not _significance_recorded(incident, session=session):
        reason = f"DPO: {override[1]}" if override is not None else _met_sentences(result)
        started = _start_clocks(incident, reason[:2000], session=session, actor=actor, now=now)
        due = next((d for d in started if d.rule == EARLY_WARNING), None)
        sent = _alert(incident, "nis2_significant", "significant", reason, session=session, now=now, due=due)
        return Nis2Decision(result, decided, override is not None, started, sent)
    if decided is None:
        names: Sequence[str] = result.unknown
        cause = "open." + hashlib.sha256("\n".join(sorted(names)).encode()).hexdigest()[:16]
        text = words.unknown_facts(names, _language())
        sent = _alert(incident, "nis2_open", cause, text, session=session, now=now, due=None)
        return Nis2Decision(result, decided, False, (), sent)
    return Nis2Decision(result, decided, override is not None)


def _override_of(incident: Incident, *, session: Session) -> tuple[bool, str] | None:
    found = records.latest_override(incident.id, session=session)
    return (bool(found[0]["significant"]), str(found[0]["reason"])) if found is not None else None


def assess_incident(
    reference: str, *, session: Session, actor: str, now: datetime, entity_type: str | None = None
) -> Nis2Decision:
    """Test, keep the answer, and act on the decision that holds. Never commits."""
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    return _assess(incident, session=session, actor=actor, now=now, entity_type=entity_type)


def _assess(
    incident: Incident, *, session: Session, actor: str, now: datetime, entity_type: str | None
) -> Nis2Decision:
    result = evaluate(incident, session=session, entity_type=entity_type)
    records.record_assessment(incident, result_values(result), session=session, actor=actor, now=now)
    override = _override_of(incident, session=session)
    return act_on(incident, result, session=session, actor=actor, now=now, override=override)


def record_and_assess(
    incident: Incident, section: Mapping[str, Any], *, session: Session, actor: str, now: datetime
) -> Nis2Decision | None:
    """Keep a checked ``nis2`` section (``breach facts``) and, when our entity type is set, assess at once so
    a significant incident alerts without waiting for someone to ask. Never commits."""
    records.record_section(incident, section, session=session, actor=actor, now=now)
    if get_settings().nis2_entity_type is None:
        return None
    return _assess(incident, session=session, actor=actor, now=now, entity_type=None)


def override_significance(
    reference: str,
    significant: bool,
    reason: str,
    *,
    session: Session,
    actor: str,
    now: datetime,
    entity_type: str | None = None,
) -> Nis2Decision:
    """A DPO decides, with a written reason, that the incident is (or is not) significant. Never commits."""
    if not check_prose("reason", reason).strip():
        raise InvalidInput("reason", reason, "an override needs a written reason")
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    result = evaluate(incident, session=session, entity_type=entity_type)
    records.record_override(incident, significant, reason.strip(), session=session, actor=actor, now=now)
    return act_on(incident, result, session=session, actor=actor, now=now, override=(significant, reason.strip()))
