"""An incident's title and description are checked before anything is written, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from breach.db.models.incidents import Incident
from breach.errors import InvalidInput
from flows.usecases.directory_import import import_directory
from flows.usecases.intake import IncidentDraft, open_incident
from tests.factories import customer, directory

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "description", "field"),
    [
        ("T" * 301, "d", "title"),  # PostgreSQL's VARCHAR(300) raised a DataError
        ("Lost\nlaptop", "d", "title"),
        ("Lost \u202elaptop", "d", "title"),
        ("t", "D" * 20_001, "description"),
        ("t", "one\x00two", "description"),
    ],
)
def test_a_title_or_description_that_cannot_be_stored_is_refused(
    session: Session, title: str, description: str, field: str
) -> None:
    """Too long, or holding a control character: refused by field before any row is written."""
    import_directory(directory(customer()), session=session, actor="t", now=NOW, source="seed")
    draft = IncidentDraft(title, description, ["mail-hosting"], NOW - timedelta(hours=1))
    with pytest.raises(InvalidInput) as info:
        open_incident(draft, session=session, actor="sec", now=NOW)
    assert info.value.field == field
    assert session.exec(select(func.count()).select_from(Incident)).one() == 0


def test_the_longest_title_and_a_multi_line_description_are_stored(session: Session) -> None:
    """300 characters of title and a description with lines and tabs go in as written."""
    import_directory(directory(customer()), session=session, actor="t", now=NOW, source="seed")
    draft = IncidentDraft("T" * 300, "first\n\tsecond", ["mail-hosting"], NOW - timedelta(hours=1))
    incident = open_incident(draft, session=session, actor="sec", now=NOW)
    session.commit()
    assert (len(incident.title), incident.description) == (300, "first\n\tsecond")
