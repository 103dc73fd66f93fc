"""Inputs schemathesis found answered with a server error: each is now a refusal naming the field, storing nothing.

A NUL character reached PostgreSQL (whose text holds none) and a time at the edge of the calendar overflowed
when converted to UTC; a body that is not UTF-8 got FastAPI's bare 400. Both backends run every case.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.api.support import T0, World, form_token, sign_in, snapshot

INTAKE = {"title": "Mailbox export", "description": "EDR flagged a bulk export.", "services": ["mail-hosting"]}
NUL = "NUL \u0000 inside"
EARLY = "0001-01-01T00:00:00+14:00"  # 31 December of year 0 in UTC
LATE = "9999-12-31T23:59:59-14:00"  # year 10000 in UTC
TYPO = "0202-06-01T10:00:00+02:00"  # a plausible typo for 2026: a time, yet no breach date
AT = (T0 - timedelta(minutes=5)).isoformat()


# (role, path, body, the field named); {confirmed}, {reported}, {case_a} and {notice_a} are filled in.
CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("security", "/incidents", {**INTAKE, "title": NUL}, "title"),
    ("security", "/incidents", {**INTAKE, "description": NUL}, "description"),
    ("security", "/incidents", {**INTAKE, "services": ["mail-hosting\u0000"]}, "services"),
    ("security", "/incidents", {**INTAKE, "detected_at": EARLY}, "detected_at"),
    ("security", "/incidents", {**INTAKE, "detected_at": LATE}, "detected_at"),
    ("security", "/incidents", {**INTAKE, "detected_at": TYPO}, "detected_at"),
    ("security", "/incidents", {**INTAKE, "occurred_at": EARLY}, "occurred_at"),
    ("security", "/incidents/{reported}/dismiss", {"reason": NUL}, "reason"),
    ("security", "/incidents/{reported}/confirm", {"aware_at": EARLY}, "aware_at"),
    ("security", "/incidents/{reported}/facts", {"narrative": {"what_happened": NUL}}, "narrative"),
    ("security", "/incidents/{reported}/facts", {"facts": {NUL: 1}}, "facts"),
    ("dpo", "/incidents/{confirmed}/override", {"risk": "high", "reason": NUL}, "reason"),
    ("customer_a", "/me/cases/{case_a}/notices/{notice_a}/acknowledge", {"name": NUL}, "name"),
    (
        "customer_a",
        "/me/cases/{case_a}/reports",
        {"event": "authority-notified", "at": AT, "details": {"authority_reference": NUL}},
        "details",
    ),
    ("customer_a", "/me/cases/{case_a}/reports", {"event": "subjects-informed", "at": LATE}, "at"),
]


@pytest.mark.parametrize(("role", "path", "body", "field"), CASES)
def test_unstorable_input_is_refused_naming_the_field(
    world: World, role: str, path: str, body: dict[str, Any], field: str
) -> None:
    """A NUL anywhere in a request, or a time outside the years 1900-2999: 422 naming the field, nothing stored."""
    url = path.format(confirmed=world.confirmed, reported=world.reported, case_a=world.case_a, notice_a=world.notice_a)
    before = snapshot(world.engine)
    answer = world.client.post(url, json=body, headers=world.auth(role))
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["field"] == field
    assert not error["problem"].startswith("Value error")
    assert snapshot(world.engine) == before


@pytest.mark.parametrize("raw", [b"\xd7\x88\xff\xfe\x0ez1", b"\xff\xfe\x00\xd8", b"{"])
def test_a_body_that_is_not_json_in_utf8_is_a_422_in_our_shape(world: World, raw: bytes) -> None:
    """Undecodable bytes and broken JSON alike answer 422 on the field "body", never FastAPI's bare 400."""
    answer = world.client.post(
        f"/incidents/{world.reported}/dismiss",
        content=raw,
        headers={**world.auth("security"), "Content-Type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == "body"


def test_an_unknown_filter_is_refused_not_ignored(world: World) -> None:
    """GET /incidents?statuss=... names the misspelt parameter instead of listing every incident."""
    answer = world.client.get("/incidents", params={"statuss": "reported"}, headers=world.auth("dpo"))
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "statuss"
    only = world.client.get("/incidents", params={"status": "reported"}, headers=world.auth("dpo"))
    assert [i["reference"] for i in only.json()] == [world.reported]


def test_unknown_paths_and_methods_answer_in_our_error_shape(world: World) -> None:
    """404 and 405 from the router carry {"error": ...} like every other refusal; 405 keeps its Allow header."""
    missing = world.client.get("/nothing-here")
    assert missing.status_code == 404
    assert set(missing.json()["error"]) == {"field", "value", "problem"}
    wrong = world.client.delete("/incidents", headers=world.auth("dpo"))
    assert wrong.status_code == 405
    assert "allow" in wrong.headers
    assert "error" in wrong.json()


def test_the_portal_refuses_a_nul_key_and_an_unstorable_time(world: World) -> None:
    """The portal's sign-in treats a key with a NUL as no key (401), and a report at year 1 is a 422 page."""
    with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as client:
        before = snapshot(world.engine)
        bad = sign_in(client, "brk_" + "\u0000" * 12)
        assert bad.status_code == 401
        assert sign_in(client, world.keys["customer_a"]).status_code == 303
        csrf = form_token(client)
        for form in (
            {"event": "subjects-informed", "at": "0001-01-01T00:00"},
            {"event": "authority-notified", "at": "2026-03-27T09:50", "authority_reference": NUL},
        ):
            answer = client.post(f"/portal/cases/{world.case_a}/reports", data={**form, "csrf": csrf})
            assert answer.status_code == 422, answer.text
        assert snapshot(world.engine) == before


def test_a_local_time_with_an_iana_zone_is_taken_as_the_cli_takes_it(world: World) -> None:
    """`2026-03-27 09:45 Europe/Brussels`, the CLI's form, is the instant 08:45 UTC here too (issue 18)."""
    answer = world.client.post(
        "/incidents",
        json={**INTAKE, "detected_at": "2026-03-27 09:45 Europe/Brussels"},
        headers=world.auth("security"),
    )
    assert answer.status_code == 201, answer.text
    detected = world.client.get(f"/incidents/{answer.json()['reference']}", headers=world.auth("dpo"))
    assert detected.json()["detected_at"].startswith("2026-03-27T08:45:00")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("2026-03-27 10:15 CET", "CET is an abbreviation, not a time zone: write 2026-03-27 10:15 Europe/Brussels"),
        ("2026-03-27T10:15", "a time zone is required"),
        ("27/03/2026 10:15", "not an ISO 8601 date and time"),
    ],
)
def test_a_time_in_no_accepted_form_is_refused_naming_the_forms(world: World, typed: str, said: str) -> None:
    """An abbreviation gets the IANA form it stands for; every refusal lists the two forms that are taken."""
    before = snapshot(world.engine)
    answer = world.client.post("/incidents", json={**INTAKE, "detected_at": typed}, headers=world.auth("security"))
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["field"] == "detected_at"
    assert error["value"] == typed
    assert said in error["problem"]
    assert "2026-11-27 09:15 Europe/Brussels" in error["problem"]
    assert snapshot(world.engine) == before


def test_a_misspelt_field_is_named_with_the_closest_known_one(world: World) -> None:
    """In a body (`detected`) and inside the facts (`data_subject`): "unknown field; did you mean ...?"."""
    body = world.client.post("/incidents", json={**INTAKE, "detected": AT}, headers=world.auth("security"))
    assert body.status_code == 422
    assert body.json()["error"]["field"] == "detected"
    assert body.json()["error"]["problem"] == "unknown field; did you mean detected_at?"
    facts = {"breach_types": ["confidentiality"], "data_categories": ["contact"], "data_subject": 120}
    answer = world.client.post(
        f"/incidents/{world.reported}/facts", json={"facts": facts}, headers=world.auth("security")
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == "facts.data_subject"
    assert answer.json()["error"]["problem"] == "unknown field; did you mean data_subjects?"


def test_a_long_structured_value_is_echoed_as_json_text_not_a_python_repr(world: World) -> None:
    """A refused mapping too long to echo whole comes back as the start of its JSON, with double quotes."""
    facts = {"breach_types": ["confidentiality"], "data_categories": ["contact"], "data_subjects": 3}
    wrong = {"nested": {"label": "x" * 200}}
    answer = world.client.post(
        f"/incidents/{world.reported}/facts",
        json={"facts": {**facts, "records": wrong}},
        headers=world.auth("security"),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == "facts.records"
    assert answer.json()["error"]["value"].startswith('{"nested": {"label": "xxx')
