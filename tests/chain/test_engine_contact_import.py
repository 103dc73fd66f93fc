"""A directory import validates an engine contact (issue 21): only a reseller (role processor) passes notices on
through its engine, and a bad engine URL is refused naming the field, never echoing the key."""

from __future__ import annotations

from typing import Any

import pytest

from breach.directory.entries import validate
from breach.errors import DirectoryFileError
from notifications.channels.contacts import check_contact

KEY = "brk_" + "r" * 43
ENGINE = f"breachs://{KEY}@engine.reseller.example.org/intake/notices"


def _customer(role: str, url: str) -> dict[str, Any]:
    return {
        "name": "Wederverkoper Voorbeeld BV",
        "role": role,
        "language": "nl",
        "timezone": "Europe/Brussels",
        "lead_authority": "BE-GBA",
        "contacts": [url, "mailto://privacy@reseller.example.org"],
    }


def test_a_reseller_may_name_its_engine() -> None:
    valid = validate({"customers": [_customer("processor", ENGINE)]}, check_contact=check_contact, known_services=())
    assert valid.contacts[0][0].display == "breachs://engine.reseller.example.org/intake/notices"


@pytest.mark.parametrize(
    ("role", "url", "problem"),
    [
        ("controller", ENGINE, "role processor"),
        ("processor", ENGINE.replace(KEY, "token"), "needs the key"),
        ("processor", ENGINE.replace("/intake/notices", "/"), "/intake/notices"),
    ],
)
def test_a_bad_engine_contact_is_refused(role: str, url: str, problem: str) -> None:
    with pytest.raises(DirectoryFileError, match=problem) as refused:
        validate({"customers": [_customer(role, url)]}, check_contact=check_contact, known_services=())
    assert "customers[0].contacts[0].url" in str(refused.value)
    assert KEY not in str(refused.value)
