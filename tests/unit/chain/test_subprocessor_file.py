"""The sub-processor directory file (DPA clause 6): valid as a whole, or refused naming the field and value."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from breach.chain.directory import validate
from breach.chain.transfers import TransferMechanism
from breach.errors import DirectoryFileError

TODAY = date(2026, 12, 5)
KNOWN = {"cloud-mail", "backup-vault"}


def entry(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Mailflow Relay BV",
        "country": "NL",
        "agreement_date": "2025-03-01",
        "contacts": [{"label": "security desk", "email": "security@mailflow.example.org"}],
        "services": [{"ours": "cloud-mail", "theirs": ["relay-eu", "smtp-out"]}],
    }
    return {**base, **changes}


def test_a_valid_file_is_read_whole() -> None:
    """An EEA sub-processor needs no transfer ground; one in the US names its adequacy decision."""
    us = entry(
        name="Vault Storage Inc.",
        country="US",
        transfer_mechanism="adequacy",
        transfer_reference="Commission Implementing Decision (EU) 2023/1795 (EU-US Data Privacy Framework)",
        services=[{"ours": "backup-vault", "theirs": ["object-store"]}],
    )
    spec = validate({"subprocessors": [entry(), us]}, known_services=KNOWN, today=TODAY)
    assert [s.name for s in spec.subprocessors] == ["Mailflow Relay BV", "Vault Storage Inc."]
    assert spec.subprocessors[1].transfer_mechanism is TransferMechanism.ADEQUACY
    assert spec.subprocessors[0].services[0].theirs == ("relay-eu", "smtp-out")


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"country": "US"}, "subprocessors[0].transfer_mechanism", "outside the EU/EEA"),
        ({"country": "NO", "transfer_mechanism": "scc"}, "subprocessors[0].transfer_mechanism", "in the EU/EEA"),
        ({"country": "US", "transfer_mechanism": "adequacy"}, "subprocessors[0].transfer_reference", "adequacy"),
        ({"country": "US", "transfer_mechanism": "treaty"}, "subprocessors[0].transfer_mechanism", "Input should be"),
        ({"country": "nl"}, "subprocessors[0].country", "pattern"),
        ({"agreement_date": "2027-01-01"}, "subprocessors[0].agreement_date", "in the future"),
        ({"services": [{"ours": "crm-saas", "theirs": ["x"]}]}, "subprocessors[0].services[0].ours", "unknown service"),
        ({"services": [{"ours": "cloud-mail", "theirs": []}]}, "subprocessors[0].services[0].theirs", "at least 1"),
        (
            {"services": [{"ours": "cloud-mail", "theirs": ["Relay EU"]}]},
            "subprocessors[0].services[0].theirs[0]",
            "pattern",
        ),
        ({"contacts": [{"email": "not-an-address"}]}, "subprocessors[0].contacts[0].email", "pattern"),
        ({"contacts": []}, "subprocessors[0].contacts", "at least 1"),
        ({"extra": 1}, "subprocessors[0].extra", "Extra inputs"),
    ],
)
def test_a_bad_entry_is_refused_naming_its_field(changes: dict[str, Any], field: str, problem: str) -> None:
    """Each mistake names where it is and why (GDPR Art. 44-49 for the transfer ground)."""
    with pytest.raises(DirectoryFileError) as refused:
        validate({"subprocessors": [entry(**changes)]}, known_services=KNOWN, today=TODAY)
    assert refused.value.field == field
    assert problem in refused.value.problem


def test_a_duplicate_name_is_refused() -> None:
    with pytest.raises(DirectoryFileError) as refused:
        validate({"subprocessors": [entry(), entry()]}, known_services=KNOWN, today=TODAY)
    assert (refused.value.field, refused.value.value) == ("subprocessors[1].name", "Mailflow Relay BV")


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(DirectoryFileError) as refused:
        validate([entry()], known_services=KNOWN, today=TODAY)
    assert refused.value.field == "file"
