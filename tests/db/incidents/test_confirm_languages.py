"""Confirming owes every text in each affected customer's language, or a fallback with a task (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, func, select

from breach.db import repository
from breach.db.models.outbox import Notice
from breach.db.models.support import SupportTask
from breach.errors import InvalidInput
from breach.vocabulary import IncidentStatus, Language, SupportTaskKind
from flows.usecases.directory_import import import_directory
from flows.usecases.facts import record_facts
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
from tests.factories import customer, directory
from tests.record_world import FACTS

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
ENGLISH_ONLY: dict[str, Any] = {
    "nature": "Mailboxes were read by an intruder.",
    "likely_consequences": "Targeted phishing.",
    "measures_taken": "Credentials rotated.",
}


def _reported(session: Session, narrative: dict[str, Any]) -> str:
    customers = (customer(), customer("Boulangerie Exemple SA", language="fr"))
    import_directory(directory(*customers), session=session, actor="t", now=NOW - timedelta(days=1), source="seed")
    draft = IncidentDraft("Mail intrusion", "Mailboxes read.", ["mail-hosting"], NOW - timedelta(hours=2))
    incident = open_incident(draft, session=session, actor="sec", now=NOW - timedelta(hours=1))
    data = {"facts": FACTS, "narrative": narrative}
    record_facts(incident.reference, data, session=session, actor="sec", now=NOW - timedelta(minutes=30))
    session.commit()
    return incident.reference


def _count(session: Session, model: type[Any]) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_a_text_missing_in_a_customers_language_refuses_and_writes_nothing(session: Session) -> None:
    """English texts, customers reading nl and fr: refused, naming the item and language; nothing written."""
    reference = _reported(session, ENGLISH_ONLY)
    with pytest.raises(InvalidInput) as info:
        confirm_incident(reference, session=session, actor="dpo", now=NOW)
    assert info.value.field == "narrative.title.nl"
    assert "nl: title, nature, likely_consequences, measures_taken; fr: title, nature" in str(info.value)
    session.rollback()
    assert repository.incident_by_reference(reference, session=session).status is IncidentStatus.REPORTED
    assert (_count(session, Notice), _count(session, SupportTask)) == (0, 0)


def test_every_text_in_every_readers_language_confirms(session: Session) -> None:
    both = {k: {"en": v, "nl": f"NL {v}", "fr": f"FR {v}"} for k, v in ENGLISH_ONLY.items()}
    both["title"] = {"nl": "Inbraak in de mailopslag", "fr": "Intrusion dans le stockage de courrier"}
    reference = _reported(session, both)
    result = confirm_incident(reference, session=session, actor="dpo", now=NOW)
    assert (result.fanout.notices_created > 0, result.translation_task) == (True, None)


def test_a_fallback_sends_with_a_task_to_bring_the_translation(session: Session) -> None:
    reference = _reported(session, ENGLISH_ONLY)
    result = confirm_incident(reference, session=session, actor="dpo", now=NOW, fallback_language=Language.EN)
    task = session.exec(select(SupportTask)).one()
    assert (task.reference, task.kind, task.due_at is not None) == (
        result.translation_task,
        SupportTaskKind.OTHER,
        True,
    )
    assert "nl: title, nature" in task.title
    assert "Mailboxes" not in task.title
    assert (result.incident.narrative or {})["fallback_language"] == "en"


def test_a_fallback_without_the_texts_itself_is_refused(session: Session) -> None:
    reference = _reported(session, {k: {"nl": v} for k, v in ENGLISH_ONLY.items()})
    with pytest.raises(InvalidInput) as info:
        confirm_incident(reference, session=session, actor="dpo", now=NOW, fallback_language=Language.FR)
    assert (info.value.field, info.value.value) == ("fallback_language", "fr")
