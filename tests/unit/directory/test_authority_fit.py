"""A directory file refuses an authority that does not supervise the customer, naming the one that would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from breach.directory.authorities import AUTHORITIES, Body, fits, fitting_instead
from breach.directory.entries import validate
from breach.errors import DirectoryFileError
from flows import directory_files
from notifications.channels.contacts import check_contact
from tests.factories import customer, directory

DEMO = Path(__file__).resolve().parents[3] / "flows" / "demo" / "customers.yaml"

# (authority, body, telecom provider, fits): each row of the competence table, accepted and refused.
CASES: list[tuple[str, Body, bool, bool]] = [
    # Germany: BDSG § 9(1) and TDDDG § 29 for the BfDI, BDSG § 40 for the Länder.
    ("DE-BFDI", Body.FEDERAL, False, True),
    ("DE-BFDI", Body.PRIVATE, True, True),
    ("DE-BFDI", Body.PUBLIC, True, True),
    ("DE-BFDI", Body.PRIVATE, False, False),
    ("DE-BFDI", Body.PUBLIC, False, False),
    ("DE-NW", Body.PRIVATE, False, True),
    ("DE-NW", Body.PRIVATE, True, True),  # a telecom's other processing stays with its Land
    ("DE-NW", Body.PUBLIC, False, True),
    ("DE-NW", Body.FEDERAL, False, False),
    ("DE-BY-LDA", Body.PRIVATE, False, True),
    ("DE-BY-LDA", Body.PUBLIC, False, False),
    ("DE-BY-LFD", Body.PUBLIC, False, True),
    ("DE-BY-LFD", Body.PRIVATE, False, False),
    # Spain: LOPDGDD Art. 57 for the regional authorities.
    ("ES-AEPD", Body.PRIVATE, False, True),
    ("ES-AEPD", Body.PUBLIC, False, True),
    ("ES-APDCAT", Body.PUBLIC, False, True),
    ("ES-APDCAT", Body.PRIVATE, False, False),
    ("ES-AVPD", Body.PRIVATE, False, False),
    ("ES-CTPDA", Body.PRIVATE, False, False),
    # Belgium: the GBA for all, the VTC for Flemish public bodies, the COC for the police.
    ("BE-GBA", Body.PRIVATE, False, True),
    ("BE-GBA", Body.FEDERAL, False, True),
    ("BE-VTC", Body.PUBLIC, False, True),
    ("BE-VTC", Body.PRIVATE, False, False),
    ("BE-COC", Body.FEDERAL, False, True),
    ("BE-COC", Body.PRIVATE, False, False),
    # Every other national authority supervises every controller of its country (Art. 55(1)).
    ("FR-CNIL", Body.PUBLIC, False, True),
    ("NO-DT", Body.PRIVATE, False, True),
]


@pytest.mark.parametrize(("authority_id", "body", "telecom", "expected"), CASES)
def test_the_competence_table(authority_id: str, body: Body, telecom: bool, expected: bool) -> None:
    """Each authority fits the kinds of body its law gives it, and no other."""
    assert fits(AUTHORITIES[authority_id], body=body, telecom_provider=telecom) is expected


def _validate(entry: dict[str, Any]) -> Any:
    return validate(directory(entry), check_contact=check_contact, known_services={"mail-hosting"})


def _refusal(entry: dict[str, Any]) -> DirectoryFileError:
    with pytest.raises(DirectoryFileError) as info:
        _validate(entry)
    return info.value


@pytest.mark.parametrize(
    ("entry", "field", "value", "instead"),
    [
        ({"lead_authority": "DE-BFDI", "language": "de"}, "customers[0].lead_authority", "DE-BFDI", "DE-NW"),
        ({"lead_authority": "DE-BY-LFD"}, "customers[0].lead_authority", "DE-BY-LFD", "DE-BY-LDA"),
        ({"lead_authority": "ES-APDCAT"}, "customers[0].lead_authority", "ES-APDCAT", "ES-AEPD"),
        ({"lead_authority": "BE-VTC"}, "customers[0].lead_authority", "BE-VTC", "BE-GBA"),
        ({"lead_authority": "BE-COC"}, "customers[0].lead_authority", "BE-COC", "BE-GBA"),
        ({"lead_authority": "DE-HE", "body": "federal"}, "customers[0].lead_authority", "DE-HE", "DE-BFDI"),
        (
            {"other_authorities": ["NL-AP", "DE-BFDI"]},
            "customers[0].other_authorities[1]",
            "DE-BFDI",
            "DE-BY-LDA",
        ),
    ],
)
def test_an_authority_that_does_not_fit_is_refused(entry: dict[str, Any], field: str, value: str, instead: str) -> None:
    """The refusal names the field, the authority, whom it supervises and which authority would fit."""
    error = _refusal(customer(**entry))
    assert error.field == field
    assert error.value == value
    assert instead in error.problem
    assert f"{value} supervises " in error.problem


def test_the_refusal_says_which_marking_would_make_the_bfdi_fit() -> None:
    """A telecom or federal body may name the BfDI: the refusal says how to mark one."""
    error = _refusal(customer(lead_authority="DE-BFDI"))
    assert "BDSG § 9(1)" in error.problem
    assert "body: federal or telecom_provider: true" in error.problem


@pytest.mark.parametrize(
    "entry",
    [
        {"lead_authority": "DE-BFDI", "telecom_provider": True},
        {"lead_authority": "DE-BFDI", "body": "federal"},
        {"lead_authority": "DE-BY-LFD", "body": "public"},
        {"lead_authority": "ES-APDCAT", "body": "public"},
        {"lead_authority": "BE-VTC", "body": "public"},
        # Another country's authority as lead: the main establishment decides (Art. 56(1)).
        {"lead_authority": "IE-DPC", "language": "de", "timezone": "Europe/Berlin"},
        {"lead_authority": "DE-NW", "other_authorities": ["AT-DSB", "ES-AEPD"]},
    ],
)
def test_an_authority_that_fits_is_accepted(entry: dict[str, Any]) -> None:
    """Marked for what it is, the customer may name the authority that supervises it."""
    valid = _validate(customer(**entry))
    assert valid.spec.customers[0].lead_authority == entry["lead_authority"]


def test_a_customer_is_private_unless_marked() -> None:
    """Files written before the field existed describe companies: the default keeps them valid."""
    assert _validate(customer()).spec.customers[0].body is Body.PRIVATE


def test_an_unknown_kind_of_body_is_named() -> None:
    """``body`` takes private, public or federal."""
    error = _refusal(customer(body="municipal"))
    assert (error.field, error.value) == ("customers[0].body", "municipal")


def test_the_suggestion_prefers_the_same_region_then_the_national_authority() -> None:
    """Bavaria's other authority, Spain's national one, every German Land for the BfDI's private bodies."""

    def instead(authority_id: str) -> list[str]:
        return [a.id for a in fitting_instead(AUTHORITIES[authority_id], body=Body.PRIVATE, telecom_provider=False)]

    assert instead("DE-BY-LFD") == ["DE-BY-LDA"]
    assert instead("ES-AVPD") == ["ES-AEPD"]
    lands = instead("DE-BFDI")
    assert len(lands) == 16
    assert "DE-BY-LFD" not in lands


def test_the_demo_directory_validates_and_its_german_dealer_answers_to_its_land() -> None:
    """flows/demo/customers.yaml passes, the car dealer under North Rhine-Westphalia's authority."""
    data, locate = directory_files.read(DEMO)
    valid = validate(data, check_contact=check_contact, known_services=set(), locate=locate)
    by_name = {c.name: c for c in valid.spec.customers}
    assert by_name["Autohaus Beispiel GmbH"].lead_authority == "DE-NW"
    assert by_name["Gemeentelijk Zwembad Noord"].body is Body.PUBLIC
