"""Directory files are validated whole; the first problem names the field and the value."""

from __future__ import annotations

from typing import Any

import pytest

from breach.directory.entries import validate
from breach.errors import DirectoryFileError
from breach.vocabulary import DetailLevel
from notifications.channels.contacts import check_contact
from tests.factories import customer, directory


def _validate(data: Any) -> Any:
    return validate(data, check_contact=check_contact, known_services=set())


def test_a_good_directory_validates() -> None:
    """Two customers with contacts, services and authorities pass, with their contacts described."""
    valid = _validate(directory(customer(), customer("Boulangerie Exemple SA", language="fr")))
    assert [c.name for c in valid.spec.customers] == ["Brouwerij Voorbeeld BV", "Boulangerie Exemple SA"]
    assert valid.contacts[0][0].default_detail is DetailLevel.FULL
    assert "pw" not in valid.contacts[0][0].display


def test_chat_channels_default_to_minimal_detail() -> None:
    """A Slack contact gets minimal notices unless the file says otherwise (chat is not confidential)."""
    valid = _validate(directory(customer(contacts=["slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"])))
    assert valid.contacts[0][0].default_detail is DetailLevel.MINIMAL


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"language": None}, "customers[0].language", None),
        ({"language": "es"}, "customers[0].language", "es"),
        ({"timezone": "Europe/Brussel"}, "customers[0].timezone", "Europe/Brussel"),
        ({"lead_authority": "BE-XYZ"}, "customers[0].lead_authority", "BE-XYZ"),
        ({"other_authorities": ["NL-AP", "XX"]}, "customers[0].other_authorities", ["NL-AP", "XX"]),
        ({"role": "owner"}, "customers[0].role", "owner"),
        ({"sla_hours": 0}, "customers[0].sla_hours", 0),
        ({"contacts": []}, "customers[0].contacts", []),
        ({"contacts": ["bogus://x"]}, "customers[0].contacts[0].url", "bogus://…"),
        ({"contacts": ["not a url"]}, "customers[0].contacts[0].url", "…"),
        ({"services": [{"code": "nope"}]}, "customers[0].services[0].code", "nope"),
        ({"services": [{"code": "mail-hosting", "data_subjects": -1}]}, "customers[0].services[0].data_subjects", -1),
        ({"services": [{"code": "mail-hosting", "data": ["dna"]}]}, "customers[0].services[0].data[0]", "dna"),
        ({"colour": "blue"}, "customers[0].colour", "blue"),
    ],
)
def test_bad_fields_are_named(change: dict[str, Any], field: str, value: Any) -> None:
    """Each kind of bad value is refused with its path and its value."""
    entry = customer(**change)
    if change.get("language", "") is None:
        del entry["language"]
    with pytest.raises(DirectoryFileError) as info:
        _validate(directory(entry))
    assert info.value.field == field
    if value is not None:
        assert info.value.value == value


def test_a_secret_in_a_bad_url_is_not_echoed() -> None:
    """A contact URL that fails carries a password: the error shows only its scheme."""
    with pytest.raises(DirectoryFileError) as info:
        _validate(directory(customer(contacts=["mailto://user:hunter2@"])))
    assert "hunter2" not in str(info.value)


def test_duplicate_customer_names_are_refused() -> None:
    """Two customers with one name would make every later lookup ambiguous."""
    with pytest.raises(DirectoryFileError) as info:
        _validate(directory(customer(), customer()))
    assert info.value.field == "customers[1].name"


def test_duplicate_service_codes_are_refused() -> None:
    """A service declared twice is refused at the second declaration."""
    services = [{"code": "mail-hosting", "name": "a"}, {"code": "mail-hosting", "name": "b"}]
    with pytest.raises(DirectoryFileError) as info:
        _validate(directory(customer(), services=services))
    assert info.value.field == "services[1].code"


def test_services_known_in_the_database_need_no_declaration() -> None:
    """A file may name services that the database already has."""
    valid = validate(directory(customer(), services=[]), check_contact=check_contact, known_services={"mail-hosting"})
    assert valid.spec.customers[0].services[0].code == "mail-hosting"


@pytest.mark.parametrize("data", [None, [], "customers"])
def test_a_file_that_is_not_a_mapping_is_refused(data: Any) -> None:
    """An empty or list-shaped file is refused as a whole."""
    with pytest.raises(DirectoryFileError) as info:
        _validate(data)
    assert info.value.field == "file"
