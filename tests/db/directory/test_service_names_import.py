"""The import stores a service's names per language and says which ones its customers still lack (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from flows.usecases.directory_import import import_directory
from tests.factories import SERVICE_NAMES, customer, directory

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def test_names_per_language_are_stored_and_nothing_is_missing(session: Session) -> None:
    data = directory(customer(), customer("Autohaus Beispiel GmbH", language="de", lead_authority="DE-NW"))
    summary = import_directory(data, session=session, actor="t", now=NOW, source="dir.yaml")
    mail = repository.services_by_code(session=session)["mail-hosting"]
    assert mail.name == "Hosted e-mail"
    assert mail.names == {k: v for k, v in SERVICE_NAMES["mail-hosting"].items() if k != "en"}
    assert summary.untranslated == {}


def test_a_single_english_name_imports_and_its_readers_languages_are_named(session: Session) -> None:
    """Today's files still import; the summary and the audit event name the languages its customers lack."""
    services = [{"code": "mail-hosting", "name": "Hosted e-mail"}, {"code": "crm-cloud", "name": "CRM"}]
    data = directory(
        customer(),
        customer("Boulangerie Exemple SA", language="fr"),
        customer("Example Analytics Ltd", language="en"),
        services=services,
    )
    summary = import_directory(data, session=session, actor="t", now=NOW, source="dir.yaml")
    assert summary.untranslated == {"mail-hosting": ("nl", "fr")}
    event = session.exec(select(AuditEvent)).one()
    assert event.data["untranslated"] == {"mail-hosting": ["nl", "fr"]}


def test_a_file_replaces_a_services_names(session: Session) -> None:
    """A service in the file gets exactly its names: a re-import with one English name clears stale ones."""
    import_directory(directory(customer()), session=session, actor="t", now=NOW, source="a")
    again = directory(customer(), services=[{"code": "mail-hosting", "name": "Mail (new cluster)"}])
    summary = import_directory(again, session=session, actor="t", now=NOW, source="b")
    mail = repository.services_by_code(session=session)["mail-hosting"]
    assert (mail.name, mail.names) == ("Mail (new cluster)", {})
    assert summary.untranslated == {"mail-hosting": ("nl",)}
