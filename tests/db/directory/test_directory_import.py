"""Importing the directory writes everything or nothing, and updates customers by name."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.directory import Contact, Customer, CustomerService, Service
from breach.errors import DirectoryFileError
from breach.records.store import audit
from flows import directory_files
from flows.usecases.directory_import import import_directory
from tests.factories import customer, directory

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_import_writes_customers_contacts_and_services(session: Session) -> None:
    """A valid file creates services, customers, ordered contacts and service uses, and one audit event."""
    data = directory(
        customer(contacts=["mailto://n:pw@mail.example.org?to=a@x.example.org", "json://hooks.example.org/b"]),
        customer("Boulangerie Exemple SA", language="fr", services=[{"code": "crm-cloud", "data_subjects": 3}]),
    )
    summary = import_directory(data, session=session, actor="tester", now=NOW, source="dir.yaml")
    session.commit()
    assert (summary.customers_created, summary.services_created) == (2, 2)
    brouwerij = repository.customer_by_name("Brouwerij Voorbeeld BV", session=session)
    contacts = repository.contacts_of(brouwerij.id, session=session)
    assert [c.position for c in contacts] == [1, 2]
    assert contacts[1].display == "json://hooks.example.org/b"
    assert _count(session, CustomerService) == 2
    assert session.exec(select(AuditEvent.event_type)).all() == ["directory.imported"]
    assert audit.verify(session=session) is None


def test_a_second_import_updates_by_name(session: Session) -> None:
    """Re-importing changes a customer in place and replaces its contacts; nothing is duplicated."""
    import_directory(directory(customer()), session=session, actor="t", now=NOW, source="a")
    changed = customer(language="fr", contacts=["json://hooks.example.org/new"])
    summary = import_directory(directory(changed), session=session, actor="t", now=NOW, source="b")
    session.commit()
    assert (summary.customers_created, summary.customers_updated) == (0, 1)
    assert _count(session, Customer) == 1
    row = repository.customer_by_name("Brouwerij Voorbeeld BV", session=session)
    assert row.language.value == "fr"
    assert [c.display for c in repository.contacts_of(row.id, session=session)] == ["json://hooks.example.org/new"]


def test_a_bad_customer_writes_nothing(session: Session) -> None:
    """The tenth customer is bad: the nine before it are not written either."""
    good = [customer(f"Klant {i} BV") for i in range(9)]
    bad = customer("Klant 9 BV", timezone="Mars/Olympus")
    with pytest.raises(DirectoryFileError) as info:
        import_directory(directory(*good, bad), session=session, actor="t", now=NOW, source="x")
    session.rollback()
    assert info.value.field == "customers[9].timezone"
    assert (_count(session, Customer), _count(session, Service), _count(session, Contact)) == (0, 0, 0)
    assert _count(session, AuditEvent) == 0


def test_csv_directory(session: Session, tmp_path: Path) -> None:
    """A CSV file with list, boolean, contact-detail and service columns imports like YAML."""
    import_directory(directory(), session=session, actor="t", now=NOW, source="services")
    path = tmp_path / "customers.csv"
    path.write_text(
        "name,language,timezone,lead_authority,other_authorities,financial_entity,contacts,services\n"
        "Bank Beispiel AG,de,Europe/Berlin,DE-HE,BE-GBA LU-CNPD,yes,"
        "minimal:json://hooks.example.org/x mailto://n:pw@mail.example.org?to=b@bank.example.org,"
        "mail-hosting=40 crm-cloud=2\n",
        encoding="utf-8",
    )
    data, locate = directory_files.read(path)
    import_directory(data, session=session, actor="t", now=NOW, source=path.name, locate=locate)
    session.commit()
    bank = repository.customer_by_name("Bank Beispiel AG", session=session)
    assert bank.financial_entity is True
    assert bank.other_authorities == ["BE-GBA", "LU-CNPD"]
    contacts = repository.contacts_of(bank.id, session=session)
    assert [c.detail.value for c in contacts] == ["minimal", "full"]
    assert sorted(u.data_subjects for u, _ in repository.services_of(bank.id, session=session)) == [2, 40]


def test_csv_errors_name_the_line(tmp_path: Path, session: Session) -> None:
    """A bad CSV cell is reported with its line number and column."""
    path = tmp_path / "customers.csv"
    path.write_text(
        "name,language,timezone,lead_authority,contacts\n"
        "A BV,nl,Europe/Brussels,BE-GBA,json://hooks.example.org/a\n"
        "B BV,xx,Europe/Brussels,BE-GBA,json://hooks.example.org/b\n",
        encoding="utf-8",
    )
    data, locate = directory_files.read(path)
    with pytest.raises(DirectoryFileError) as info:
        import_directory(data, session=session, actor="t", now=NOW, source=path.name, locate=locate)
    assert info.value.field == "line 3: customers[1].language"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("d.yaml", "customers: [unclosed", "not valid YAML"),
        ("d.json", "{", "not valid JSON"),
        ("d.txt", "", "unknown format"),
        ("d.csv", "name,colour\nA,blue\n", "unknown column"),
    ],
)
def test_unreadable_files_are_refused(tmp_path: Path, name: str, content: str, problem: str) -> None:
    """Files that cannot be parsed are refused before validation, naming the problem."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DirectoryFileError, match=problem):
        directory_files.read(path)
