"""A service is named in its reader's language; a file gives one English name or a name per language (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest

from breach.db.models.directory import Service
from breach.directory.entries import validate
from breach.directory.names import description_in, missing, name_in, quoted
from breach.errors import DirectoryFileError
from notifications.channels.contacts import check_contact

MAIL = Service(
    code="cloud-mail",
    name="Hosted e-mail",
    names={"nl": "Gehoste e-mail", "fr": "Messagerie hébergée"},
    description="Mailboxes.",
    descriptions={"nl": "Mailboxen."},
)


def _services(*services: dict[str, Any]) -> Any:
    return validate({"services": list(services)}, check_contact=check_contact, known_services=set()).spec.services


def test_a_reader_gets_the_name_in_its_language() -> None:
    """Dutch and French readers get theirs, English readers the English name."""
    assert name_in(MAIL, "nl") == "Gehoste e-mail"
    assert name_in(MAIL, "fr") == "Messagerie hébergée"
    assert name_in(MAIL, "en") == "Hosted e-mail"


def test_without_a_name_in_its_language_the_reader_sees_the_english_one_quoted() -> None:
    """A German reader of a service named in English only: „Hosted e-mail“, visibly a name, not German."""
    assert name_in(MAIL, "de") == "\u201eHosted e-mail\u201c"
    french_only = Service(code="x", name="Backup")
    assert name_in(french_only, "fr") == "\u00ab\u00a0Backup\u00a0\u00bb"


def test_a_description_without_a_translation_is_left_out() -> None:
    """An English paragraph has no place in a German pack: no description there, the Dutch one in Dutch."""
    assert description_in(MAIL, "nl") == "Mailboxen."
    assert description_in(MAIL, "de") == ""
    assert description_in(MAIL, "en") == "Mailboxes."


def test_missing_names_are_listed_per_service_in_language_order() -> None:
    """Only the languages its readers need and the directory lacks; English is never missing."""
    crm = Service(code="crm", name="CRM")
    readers = [("cloud-mail", "de"), ("cloud-mail", "nl"), ("crm", "fr"), ("crm", "nl"), ("crm", "en")]
    assert missing({"cloud-mail": MAIL, "crm": crm}, readers) == {"cloud-mail": ("de",), "crm": ("nl", "fr")}


def test_a_file_gives_one_english_name_as_before() -> None:
    (service,) = _services({"code": "cloud-mail", "name": "Hosted e-mail", "description": "Mailboxes."})
    assert (service.name, service.names, service.description, service.descriptions) == (
        "Hosted e-mail",
        {},
        "Mailboxes.",
        {},
    )


def test_a_file_gives_a_name_and_a_description_per_language() -> None:
    (service,) = _services(
        {
            "code": "cloud-mail",
            "name": {"en": "Hosted e-mail", "nl": "Gehoste e-mail", "fr": "Messagerie hébergée", "de": "E-Mail"},
            "description": {"en": "Mailboxes.", "de": "Postfächer."},
        }
    )
    assert service.name == "Hosted e-mail"
    assert service.names == {"nl": "Gehoste e-mail", "fr": "Messagerie hébergée", "de": "E-Mail"}
    assert (service.description, service.descriptions) == ("Mailboxes.", {"de": "Postfächer."})


@pytest.mark.parametrize(
    ("name", "field", "reason"),
    [
        ({"nl": "Gehoste e-mail"}, "services[0].name.en", "missing: the English text"),
        ({"en": "Mail", "es": "Correo"}, "services[0].name.es", "Input should be 'nl', 'fr' or 'de'"),
        ({"en": "Mail", "nl": ""}, "services[0].name.nl", "at least 1 character"),
        ({"en": "Mail", "nl": "x" * 201}, "services[0].name.nl", "at most 200 characters"),
        ({"en": "Mail", "fr": 5}, "services[0].name.fr", "valid string"),
        ({"en": "Mail", "de": "Post\nfach"}, "services[0].name.de", "control character"),
    ],
)
def test_a_bad_name_is_named_by_its_language(name: dict[str, Any], field: str, reason: str) -> None:
    """The refusal names the field as written (``name.nl``), its value and why."""
    with pytest.raises(DirectoryFileError) as info:
        _services({"code": "cloud-mail", "name": name})
    assert info.value.field == field
    assert reason in str(info.value)


def test_names_are_written_under_name_not_beside_it() -> None:
    """One way to write them: ``names:`` in a file is refused with the way that works."""
    with pytest.raises(DirectoryFileError) as info:
        _services({"code": "cloud-mail", "name": "Mail", "names": {"nl": "E-mail"}})
    assert info.value.field == "services[0].names"
    assert "name: {en: ..., nl: ...}" in str(info.value)


def test_the_input_is_not_changed() -> None:
    """The file's data is read, not rewritten (an error message echoes it as written)."""
    entry = {"code": "cloud-mail", "name": {"en": "Mail", "nl": "E-mail"}}
    _services(entry)
    assert entry == {"code": "cloud-mail", "name": {"en": "Mail", "nl": "E-mail"}}


def test_typed_english_is_quoted_for_other_readers_and_left_as_is_for_english_ones() -> None:
    assert quoted("Commission Decision 2000/518/EC", "de") == "\u201eCommission Decision 2000/518/EC\u201c"
    assert quoted("Commission Decision 2000/518/EC", "en") == "Commission Decision 2000/518/EC"
    assert quoted("", "fr") == ""
