"""Reading a sub-processor's breach notice: our schema 1.x or the minimal form; other versions refused."""

from __future__ import annotations

from typing import Any

import pytest

from breach.chain.intake import MINIMAL_FORM, NOTICE_FORM, UnmappedServices, map_services, read_notice
from breach.errors import InvalidInput


def v1(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema": "https://breach-engine.example.org/schema/notice/1.3",
        "schema_version": "1.3",
        "notice_key": "BR-2026-0042.initial.1.abc",
        "possible_duplicate": False,
        "kind": "initial",
        "reference": "BR-2026-0042",
        "title": "Relay misdelivery",
        "services": [{"code": "relay-eu", "name": "Relay EU", "data_subjects": 120}],
        "narrative": {"nature": "Mail was forwarded to a wrong tenant.", "likely_consequences": None},
        "facts": {"breach_types": ["confidentiality"], "data_categories": ["contact"], "data_subjects": 120},
        "times_utc": {
            "occurred": None,
            "detected": "2026-11-27T09:00:00+00:00",
            "processor_aware": "2026-11-27T09:30:00+00:00",
            "sent": "2026-11-27T09:45:00+00:00",
        },
        "a_field_of_a_later_minor": {"kept": True},
    }
    return {**base, **changes}


def test_our_own_notice_is_read() -> None:
    """Their services by code, their awareness from times_utc, the facts they know; unknown extras allowed."""
    notice = read_notice(v1())
    assert (notice.form, notice.schema_version, notice.notice_key) == (NOTICE_FORM, "1.3", "BR-2026-0042.initial.1.abc")
    assert notice.their_services == ("relay-eu",)
    assert notice.their_aware_at is not None
    assert notice.their_aware_at.isoformat() == "2026-11-27T09:30:00+00:00"
    assert (notice.data_categories, notice.data_subjects) == (("contact",), 120)


def test_a_later_minor_version_is_read_as_promised() -> None:
    """The schema promises a minor version only adds fields: 1.9 reads as 1.x."""
    assert read_notice(v1(schema_version="1.9")).schema_version == "1.9"


@pytest.mark.parametrize("version", ["2.0", "0.9", "1", None, 13])
def test_another_version_is_refused(version: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_notice(v1(schema_version=version))
    assert refused.value.field == "schema_version"
    assert "unknown version" in refused.value.problem


def test_the_minimal_form_is_read() -> None:
    notice = read_notice(
        {
            "notice_key": "MF-17",
            "what_happened": "A relay node forwarded mail to a wrong tenant.\nFixed.",
            "aware_at": "2026-11-27T09:30:00+01:00",
            "services": ["relay-eu", "relay-eu"],
        }
    )
    assert (notice.form, notice.title, notice.their_services) == (
        MINIMAL_FORM,
        "A relay node forwarded mail to a wrong tenant.",
        ("relay-eu",),
    )
    assert notice.data_subjects is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"notice_key": "k", "what_happened": "x", "aware_at": "2026-11-27T09:30:00", "services": ["a"]}, "aware_at"),
        ({"notice_key": "k", "what_happened": "x", "aware_at": "2026-11-27T09:30:00Z", "services": []}, "services"),
        ({"what_happened": "x", "aware_at": "2026-11-27T09:30:00Z", "services": ["a"]}, "notice_key"),
        (
            {
                "notice_key": "k",
                "what_happened": "x",
                "aware_at": "2026-11-27T09:30:00Z",
                "services": ["a"],
                "data_subjects": "120",
            },
            "data_subjects",
        ),
        ([1, 2], "body"),
    ],
)
def test_a_bad_minimal_form_names_its_field(body: object, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_notice(body)
    assert refused.value.field == field


def test_services_map_theirs_to_ours_or_refuse() -> None:
    """Every name must map: one unknown name refuses the notice, naming it and the names we know."""
    mapping = {"relay-eu": ("cloud-mail",), "smtp-out": ("cloud-mail",), "object-store": ("backup-vault",)}
    assert map_services(["relay-eu", "object-store", "smtp-out"], mapping) == ("cloud-mail", "backup-vault")
    with pytest.raises(UnmappedServices) as refused:
        map_services(["relay-eu", "fax"], mapping)
    assert refused.value.names == ("fax",)
    assert "object-store, relay-eu, smtp-out" in refused.value.problem
