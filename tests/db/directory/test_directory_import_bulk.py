"""The bulk import writes only what changed, keeps every check, and reads files as people save them."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.directory import Contact, Customer, CustomerService
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.errors import DirectoryFileError
from breach.vocabulary import AttemptOutcome
from flows import directory_files, input_files
from flows.usecases.directory_import import import_directory
from tests.factories import customer, directory
from tests.incidents import confirmed_incident

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
HEADER = "name,language,timezone,lead_authority,sla_hours,contacts,services\n"
# A few hundred bytes (the finding's was 423): nine anchors, each a list of nine aliases of the one
# before (9**9 leaves once walked).
ALIAS_BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{','.join(['*' + chr(ord('a') + i - 1)] * 9)}]"
            for i in range(1, 9)
        ),
        "customers: *i",
    ]
)


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _import_file(session: Session, path: Path) -> None:
    data, locate = directory_files.read(path)
    import_directory(data, session=session, actor="t", now=NOW, source=path.name, locate=locate)


def test_an_unchanged_reimport_keeps_every_row(session: Session) -> None:
    """The same file twice: the same customers, contact rows (ids included) and uses, counted as updated."""
    people = [
        customer(f"Klant {i} BV", contacts=[f"json://hooks.example.org/{i}", "json://hooks.example.org/x"])
        for i in range(30)
    ]
    import_directory(directory(*people), session=session, actor="t", now=NOW, source="a")
    session.commit()
    before = sorted(str(c.id) for c in session.exec(select(Contact)).all())
    summary = import_directory(directory(*people), session=session, actor="t", now=NOW, source="b")
    session.commit()
    assert (summary.customers_created, summary.customers_updated) == (0, 30)
    assert sorted(str(c.id) for c in session.exec(select(Contact)).all()) == before
    assert (_count(session, Customer), _count(session, Contact), _count(session, CustomerService)) == (30, 60, 30)


def test_a_reimport_rewrites_exactly_what_changed(session: Session) -> None:
    """A changed field, reordered contacts and a changed service use are written; the untouched customer is not."""
    import_directory(
        directory(
            customer("A BV"), customer("B BV", contacts=["json://hooks.example.org/b1", "json://hooks.example.org/b2"])
        ),
        session=session,
        actor="t",
        now=NOW,
        source="a",
    )
    session.commit()
    untouched = [
        c.id for c in repository.contacts_of(repository.customer_by_name("A BV", session=session).id, session=session)
    ]
    changed = customer(
        "B BV",
        sla_hours=4,
        contacts=["json://hooks.example.org/b2", {"url": "json://hooks.example.org/b1", "label": "fallback"}],
        services=[{"code": "crm-cloud", "data_subjects": 7}],
    )
    import_directory(directory(customer("A BV"), changed), session=session, actor="t", now=NOW, source="b")
    session.commit()
    session.expire_all()
    a = repository.customer_by_name("A BV", session=session)
    b = repository.customer_by_name("B BV", session=session)
    assert [c.id for c in repository.contacts_of(a.id, session=session)] == untouched
    assert b.sla_hours == 4
    contacts = repository.contacts_of(b.id, session=session)
    assert [(c.position, c.display, c.label) for c in contacts] == [
        (1, "json://hooks.example.org/b2", ""),
        (2, "json://hooks.example.org/b1", "fallback"),
    ]
    assert [(s.code, u.data_subjects) for u, s in repository.services_of(b.id, session=session)] == [("crm-cloud", 7)]


def test_a_csv_saved_by_a_spreadsheet_imports(session: Session, tmp_path: Path) -> None:
    """A UTF-8 byte-order mark before the header (Excel's "CSV UTF-8") is accepted; sla_hours is a number."""
    import_directory(directory(), session=session, actor="t", now=NOW, source="services")
    path = tmp_path / "customers.csv"
    path.write_bytes(
        (
            "\ufeff"
            + HEADER
            + "Brasserie Exemple SA,fr,Europe/Paris,FR-CNIL,12,json://hooks.example.org/x,mail-hosting=9\n"
        ).encode()
    )
    _import_file(session, path)
    session.commit()
    assert repository.customer_by_name("Brasserie Exemple SA", session=session).sla_hours == 12


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("Acme\x1b[2J BV,nl,Europe/Brussels,BE-GBA,24,json://hooks.example.org/a,", "line 3: customers[1].name"),
        ("Acme\x07 BV,nl,Europe/Brussels,BE-GBA,24,json://hooks.example.org/a,", "line 3: customers[1].name"),
        ("Acme BV,nl,Europe/Brussels,BE-GBA,24h,json://hooks.example.org/a,", "line 3: customers[1].sla_hours"),
        ("Acme BV,nl,Europe/Brussels,BE-GBA,²,json://hooks.example.org/a,", "line 3: customers[1].sla_hours"),
        (
            "Acme BV,nl,Europe/Brussels,BE-GBA,24,json://hooks.example.org/a,mail-hosting=1e3",
            "line 3: customers[1].services[0].data_subjects",
        ),
    ],
)
def test_a_bad_csv_cell_writes_nothing(session: Session, tmp_path: Path, row: str, field: str) -> None:
    """A control character in a name or a number that is not a whole number refuses the whole file."""
    import_directory(directory(), session=session, actor="t", now=NOW, source="services")
    session.commit()
    path = tmp_path / "customers.csv"
    path.write_text(
        HEADER + "Good BV,nl,Europe/Brussels,BE-GBA,24,json://hooks.example.org/g,\n" + row + "\n", encoding="utf-8"
    )
    with pytest.raises(DirectoryFileError) as info:
        _import_file(session, path)
    session.rollback()
    assert info.value.field == field
    assert _count(session, Customer) == 0


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """A few-hundred-byte alias file is refused in milliseconds with a one-line error naming the alias."""
    path = tmp_path / "customers.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    assert len(ALIAS_BOMB.encode()) < 500
    started = time.perf_counter()
    with pytest.raises(DirectoryFileError) as info:
        directory_files.read(path)
    assert time.perf_counter() - started < 0.5
    assert "aliases (*name) are not accepted" in str(info.value)
    assert len(str(info.value)) < 400


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory file larger than the limit is refused before it is parsed."""
    monkeypatch.setattr(input_files, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "customers.csv"
    path.write_text(HEADER + "x" * 2000, encoding="utf-8")
    with pytest.raises(DirectoryFileError, match="larger than"):
        directory_files.read(path)


def test_a_json_file_with_a_byte_order_mark_imports(session: Session, tmp_path: Path) -> None:
    """JSON saved with a byte-order mark is read like JSON without one."""
    path = tmp_path / "customers.json"
    path.write_text("\ufeff" + json.dumps(directory(customer())), encoding="utf-8")
    _import_file(session, path)
    session.commit()
    assert _count(session, Customer) == 1
    assert _count(session, AuditEvent) == 1


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("d.csv", "name,language,name\nA,nl,B\n", "header: this column appears twice"),
        ("d.csv", "name,language\nA,nl\n" + "C" * 200_000 + ",nl\n", "line 3: is not valid CSV: field larger"),
        ("d.json", "[" * 100_000, "nested too deeply"),
        ("d.yaml", "a: " + "[" * 100_000, "is not valid YAML"),
        ("d.yaml", "customers:\n  - !!python/object/apply:os.system [true]\n", "could not determine a constructor"),
    ],
)
def test_malformed_files_are_refused_in_one_line(tmp_path: Path, name: str, content: str, problem: str) -> None:
    """A repeated CSV column, a deeply nested or tagged file: one line naming the problem, no traceback."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DirectoryFileError) as info:
        directory_files.read(path)
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_contacts_from_an_apprise_configuration(session: Session, tmp_path: Path) -> None:
    """A contact given as ``{config: FILE}`` becomes the URLs that Apprise configuration lists, with tags."""
    (tmp_path / "apprise.yml").write_text(
        "version: 1\nurls:\n  - json://hooks.example.org/a:\n      tag: ops\n  - json://hooks.example.org/b\n",
        encoding="utf-8",
    )
    entry = customer(contacts=[{"config": "apprise.yml", "detail": "minimal"}])
    path = tmp_path / "customers.yaml"
    path.write_text(json.dumps(directory(entry)), encoding="utf-8")
    _import_file(session, path)
    session.commit()
    brewery = repository.customer_by_name("Brouwerij Voorbeeld BV", session=session)
    contacts = repository.contacts_of(brewery.id, session=session)
    assert [(c.display, c.tags, c.detail.value) for c in contacts] == [
        ("json://hooks.example.org/a", ["ops"], "minimal"),
        ("json://hooks.example.org/b", [], "minimal"),
    ]


def test_an_apprise_configuration_with_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    """Apprise parses its YAML without our rules: the configuration is checked with them first."""
    (tmp_path / "apprise.yml").write_text(ALIAS_BOMB.replace("customers: *i", "urls: *i"), encoding="utf-8")
    path = tmp_path / "customers.yaml"
    path.write_text(json.dumps(directory(customer(contacts=[{"config": "apprise.yml"}]))), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(DirectoryFileError) as info:
        directory_files.read(path)
    assert time.perf_counter() - started < 1
    assert info.value.field == "customers[0].contacts[0].config"
    assert "aliases" in str(info.value)


def test_a_contact_replaced_during_an_incident_leaves_its_history(session: Session) -> None:
    """A customer's new contact list while its notice is queued: the import succeeds, the old contact goes,
    the notice points at none (delivery takes the customer's first contact at once) and attempts keep the
    contact's safe form."""
    old, new = "json://hooks.example.org/old", "json://hooks.example.org/new"
    confirmed_incident(session, customers=[customer("Klant BV", contacts=[old])], now=NOW)
    (notice,) = session.exec(select(Notice)).all()
    assert notice.contact_id is not None
    session.add(
        DeliveryAttempt(
            notice_id=notice.id,
            contact_id=notice.contact_id,
            contact=old,
            started_at=NOW,
            finished_at=NOW,
            outcome=AttemptOutcome.FAILURE,
            reason="refused",
        )
    )
    session.commit()
    import_directory(directory(customer("Klant BV", contacts=[new])), session=session, actor="t", now=NOW, source="b")
    session.commit()
    session.expire_all()
    klant = repository.customer_by_name("Klant BV", session=session)
    assert [c.url for c in repository.contacts_of(klant.id, session=session)] == [new]
    assert session.exec(select(Notice.contact_id)).one() is None
    assert session.exec(select(DeliveryAttempt.contact, DeliveryAttempt.contact_id)).one() == (old, None)
