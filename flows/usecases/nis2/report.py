"""The data of our own NIS2 reports to the CSIRT, loaded for ``notifications.nis2.drafts`` (issue 20).

From the incident (title, services, times), the recorded ``nis2`` facts with our settings' figures, the
last assessment's criteria met (in the report's language), the ``nis2-significant`` event (our awareness
and who decided) and the incident's NIS2 clocks. "Could have a cross-border impact" (Art. 23(4)(a)) is
read from the customers affected: possible as soon as one of them answers to an authority outside
``OUR_COUNTRY``; not known before the incident is confirmed and fanned out. The later reports' description
and mitigation are the incident's own narrative (the texts our notices to customers carry), in the report's
language where it was translated, else as written: the draft is ours to check before filing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlmodel import Session

from breach.db import repository
from breach.deadlines.status import format_local
from breach.directory.authorities.lookup import AUTHORITIES
from breach.incidents.narrative import Narrative
from breach.vocabulary import IncidentStatus, Language
from flows.settings import get_settings
from flows.usecases.nis2.assess import facts_of
from flows.usecases.nis2.view import nis2_block
from notifications.nis2.drafts import DraftReason, Nis2Draft, Report

# Where we are established as a NIS2 entity, and its CSIRT (Belgian law of 26 April 2024).
OUR_COUNTRY: Final = "BE"
CSIRT: Final = "CCB"
_NOT_ONGOING: Final = frozenset({IncidentStatus.CONTAINED, IncidentStatus.CLOSED, IncidentStatus.DISMISSED})


def _either(*values: bool | None) -> bool | None:
    if any(v is True for v in values):
        return True
    return False if all(v is False for v in values) else None


def _text(narrative: Narrative, item: str, language: str) -> str | None:
    return narrative.in_language(item, Language(language)) or narrative.in_language(item, narrative.written_in)


def build_draft(reference: str, report: Report, language: str, *, session: Session, now: datetime) -> Nis2Draft:
    """The report's content as the record stands at ``now``; reads only."""
    settings = get_settings()
    tz = settings.dpo_timezone
    incident = repository.incident_by_reference(reference, session=session)
    block = nis2_block(incident, session=session, language=language) or {}
    facts = facts_of(incident, session=session)
    assessment = block.get("assessment")
    clocks = {c["rule"]: c for c in block.get("clocks", [])}
    recorded = block.get("significance_recorded")
    cases = repository.cases_of(incident.id, session=session)
    countries = sorted({AUTHORITIES[c.lead_authority].country for _, c in cases if c.lead_authority in AUTHORITIES})
    loss = block.get("direct_financial_loss_eur")
    narrative = Narrative.stored(incident.narrative)

    def local(value: str | datetime | None) -> str | None:
        if value is None:
            return None
        return format_local(datetime.fromisoformat(value) if isinstance(value, str) else value, tz)

    met = assessment["criteria"] if assessment else []
    reasons = assessment["reasons"] if assessment else []
    criteria = tuple(DraftReason(criterion=r["criterion"], text=r["text"]) for r in reasons if r["criterion"] in met)
    return Nis2Draft(
        report=report,
        language=language,
        reference=incident.reference,
        title=incident.title,
        entity=settings.processor_name,
        entity_type=assessment["entity_type"] if assessment else settings.nis2_entity_type,
        csirt=CSIRT,
        generated_at=format_local(now, tz),
        occurred_at=local(incident.occurred_at),
        detected_at=format_local(incident.detected_at, tz),
        aware_of_significance_at=local(recorded["at"]) if recorded else None,
        decided_by=recorded["by"] if recorded else None,
        early_warning_due=local(clocks["nis2.23.4.a"]["due_at"]) if "nis2.23.4.a" in clocks else None,
        notification_due=local(clocks["nis2.23.4.b"]["due_at"]) if "nis2.23.4.b" in clocks else None,
        services=tuple(s.code for s in repository.incident_services(incident.id, session=session)),
        significant=block.get("decided"),
        criteria=criteria,
        suspected_malicious=_either(facts.suspected_malicious, facts.malicious_unauthorised_access),
        cross_border_possible=any(c != OUR_COUNTRY for c in countries) if countries else None,
        countries=tuple(countries),
        complete_unavailability_minutes=facts.complete_unavailability_minutes,
        limited_availability_minutes=facts.limited_availability_minutes,
        users_limited=facts.users_limited,
        users_data_compromised=facts.users_data_compromised,
        users_in_union=facts.users_in_union,
        data_compromised=facts.data_compromised,
        direct_financial_loss_eur=float(loss) if loss is not None else None,
        root_cause=facts.root_cause,
        ongoing=incident.status not in _NOT_ONGOING,
        description=incident.description,
        nature=_text(narrative, "nature", language),
        likely_consequences=_text(narrative, "likely_consequences", language),
        measures_taken=_text(narrative, "measures_taken", language),
        measures_proposed=_text(narrative, "measures_proposed", language),
        contained_at=local(narrative.contained_at),
        final_report_due=local(clocks["nis2.23.4.d"]["due_at"]) if "nis2.23.4.d" in clocks else None,
    )
