"""The set-up most delivery tests start from: a directory imported, an incident opened and described, then
confirmed (which queues a first notice to every affected customer).

One story by default (ransomware on the mail service, detected two hours before ``now``), so a test names
only what it is about: its customers and their contacts, and, where the text is what it checks, its own
draft or narrative. Fictional data only (``tests.factories``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final, NotRequired, TypedDict, Unpack

from sqlmodel import Session

from breach.db.models.incidents import Incident
from flows.usecases.directory_import import import_directory
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
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


class IncidentSetup(TypedDict):
    """What a test names of its incident: its customers (``tests.factories.customer``) and ``now``; its own
    draft (default ``ransomware``), narrative (default ``RANSOMWARE``) or facts where the text is what it checks."""

    customers: Iterable[dict[str, Any]]
    now: datetime
    draft: NotRequired[IncidentDraft | None]
    narrative: NotRequired[Mapping[str, Any]]
    facts: NotRequired[Mapping[str, Any] | None]


def described_incident(session: Session, **setup: Unpack[IncidentSetup]) -> Incident:
    """Import the customers and open an incident ready to confirm; no commit."""
    now = setup["now"]
    import_directory(directory(*setup["customers"]), session=session, actor="t", now=now, source="test")
    incident = open_incident(setup.get("draft") or ransomware(now), session=session, actor="sec", now=now)
    # JSON columns are not change-tracked: each incident gets dicts of its own, assigned whole.
    incident.narrative = dict(setup.get("narrative", RANSOMWARE))
    facts = setup.get("facts")
    if facts is not None:
        incident.facts = dict(facts)
    session.add(incident)
    return incident


def confirmed_incident(session: Session, **setup: Unpack[IncidentSetup]) -> Incident:
    """``described_incident`` confirmed by the DPO at ``now`` and committed: the first notices are queued."""
    incident = described_incident(session, **setup)
    confirm_incident(incident.reference, session=session, actor="dpo", now=setup["now"])
    session.commit()
    return incident
