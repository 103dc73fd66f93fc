"""The set-up most delivery tests start from: a directory imported, an incident opened and described, then
confirmed (which queues a first notice to every affected customer).

One story by default (ransomware on the mail service, detected two hours before ``now``), so a test names
only what it is about: its customers and their contacts, and, where the text is what it checks, its own
draft or narrative. Fictional data only (``tests.factories``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from sqlmodel import Session

from breach.models import Incident
from flows.operations import IncidentDraft, confirm_incident, import_directory, open_incident
from tests.factories import directory

# Complete enough to confirm: every part written, or marked not yet known (the completeness gate).
RANSOMWARE: Final[Mapping[str, Any]] = {
    "nature": "Mail storage encrypted by ransomware.",
    "likely_consequences": "Phishing using real correspondence.",
    "measures_taken": "Cluster isolated.",
    "not_yet_known": ["categories_and_numbers"],
}


def ransomware(now: datetime) -> IncidentDraft:
    """The default draft: the mail service's storage encrypted, detected two hours before ``now``."""
    return IncidentDraft("Ransomware", "Mail storage encrypted.", ["mail-hosting"], now - timedelta(hours=2))


def described_incident(
    session: Session,
    *,
    customers: Iterable[dict[str, Any]],
    now: datetime,
    draft: IncidentDraft | None = None,
    narrative: Mapping[str, Any] = RANSOMWARE,
    facts: Mapping[str, Any] | None = None,
) -> Incident:
    """Import ``customers`` (``tests.factories.customer``) and open an incident ready to confirm; no commit."""
    import_directory(directory(*customers), session=session, actor="t", now=now, source="test")
    incident = open_incident(draft or ransomware(now), session=session, actor="sec", now=now)
    # JSON columns are not change-tracked: each incident gets dicts of its own, assigned whole.
    incident.narrative = dict(narrative)
    if facts is not None:
        incident.facts = dict(facts)
    session.add(incident)
    return incident


def confirmed_incident(
    session: Session,
    *,
    customers: Iterable[dict[str, Any]],
    now: datetime,
    draft: IncidentDraft | None = None,
    narrative: Mapping[str, Any] = RANSOMWARE,
    facts: Mapping[str, Any] | None = None,
) -> Incident:
    """``described_incident`` confirmed by the DPO at ``now`` and committed: the first notices are queued."""
    incident = described_incident(session, customers=customers, now=now, draft=draft, narrative=narrative, facts=facts)
    confirm_incident(incident.reference, session=session, actor="dpo", now=now)
    session.commit()
    return incident
