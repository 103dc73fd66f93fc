"""Invalid Unicode at every text entry point of the API: a 422 in our error shape, the value not echoed,
nothing stored, no server error (issue 15, finding 8: a lone surrogate in a JSON string was a 500 whose
traceback held the input)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from flows.web.api.errors import error_response
from tests.api.support import T0, World, snapshot

SURROGATE = '"a\\ud800b"'  # JSON's own escape for a lone high surrogate: valid JSON, not valid Unicode
INTAKE = '{"title": "T", "description": "EDR flagged a bulk export.", "services": ["mail-hosting"]}'
AT = T0.isoformat()

# (role, path, raw JSON body with § where the surrogate goes, the field named); {reported}, {confirmed},
# {case_a} and {notice_a} are filled in.
BODIES: list[tuple[str, str, str, str]] = [
    ("security", "/incidents", INTAKE.replace('"T"', "§"), "title"),
    ("security", "/incidents", INTAKE.replace('"mail-hosting"', "§"), "services.0"),
    ("security", "/incidents/{reported}/dismiss", '{"reason": §}', "reason"),
    ("security", "/incidents/{reported}/facts", '{"facts": {§: 1}}', "facts"),
    ("security", "/incidents/{reported}/facts", '{"narrative": {"what_happened": §}}', "narrative.what_happened"),
    ("dpo", "/incidents/{confirmed}/override", '{"risk": §, "reason": "r"}', "risk"),
    ("dpo", "/incidents/{confirmed}/override", '{§: "high"}', "body"),
    ("customer_a", "/me/cases/{case_a}/notices/{notice_a}/acknowledge", '{"name": §}', "name"),
    ("customer_a", "/me/cases/{case_a}/notices/{notice_a}/acknowledge", '{"name": "\\udfff"}', "name"),
    (
        "customer_a",
        "/me/cases/{case_a}/reports",
        '{"event": "authority-notified", "at": "AT", "details": {"authority_reference": §}}'.replace("AT", AT),
        "details.authority_reference",
    ),
]


def _fill(world: World, path: str) -> str:
    return path.format(confirmed=world.confirmed, reported=world.reported, case_a=world.case_a, notice_a=world.notice_a)


@pytest.mark.parametrize(("role", "path", "body", "field"), BODIES)
def test_a_lone_surrogate_in_a_json_body_is_a_422_naming_the_field(  # noqa: PLR0917  (parametrised)
    world: World, role: str, path: str, body: str, field: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A lone surrogate anywhere in a JSON body (value, nested key, unknown field) is refused, never echoed."""
    before = snapshot(world.engine)
    with caplog.at_level(logging.DEBUG):
        answer = world.client.post(
            _fill(world, path),
            content=body.replace("§", SURROGATE).encode("ascii"),
            headers={**world.auth(role), "Content-Type": "application/json"},
        )
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["field"] == field
    assert error["value"] is None
    assert "surrogate" in error["problem"] or "Unicode" in error["problem"]
    assert "ud800" not in answer.text.lower()
    assert snapshot(world.engine) == before
    assert "Traceback" not in caplog.text
    assert "\ud800" not in caplog.text


def test_a_surrogate_pair_is_ordinary_text(world: World) -> None:
    """A properly paired escape (an emoji) is one character and is accepted: only lone halves are refused."""
    body = '{"name": "Jan \\ud83d\\ude00 Peeters"}'
    answer = world.client.post(
        f"/me/cases/{world.case_a}/notices/{world.notice_a}/acknowledge",
        content=body.encode("ascii"),
        headers={**world.auth("customer_a"), "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["acknowledged_by"] == "Jan \U0001f600 Peeters"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/incidents?status=%ED%A0%80", "query"),  # a surrogate, UTF-8 encoded: not valid UTF-8
        ("/incidents?status=%FF", "query"),
        ("/incidents/BR-2026-%ED%A0%80", "path"),
        ("/incidents/%C3", "path"),
    ],
)
def test_invalid_utf8_in_a_query_or_path_is_a_422(world: World, path: str, field: str) -> None:
    """Percent-encoded bytes that are not UTF-8 in a query string or a path are refused as such, not guessed at."""
    answer = world.client.get(path, headers=world.auth("dpo"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == {"field": field, "value": None, "problem": "not valid UTF-8 (percent-encoded)"}


def test_a_refusal_never_breaks_on_what_it_would_echo() -> None:
    """An error answer built for a value holding a surrogate still encodes: the value is left out."""
    answer: Any = error_response(422, "fi\ud800eld", "a\ud800b", "problem")
    assert b"error" in answer.body
    assert b"\\ud800" not in answer.body.lower()


def test_an_unexpected_failure_is_a_500_whose_log_holds_no_input(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """A route that fails on a value answers 500 in the error shape; the log names the exception, the route
    template and the code lines, never the exception's message or the request's address."""

    def fails(token: str) -> None:
        raise ValueError(f"cannot use {token}")

    world.app.add_api_route("/failing/{token}", fails, methods=["GET"])
    with caplog.at_level(logging.DEBUG):
        answer = world.client.get("/failing/secret-token-value")
    assert answer.status_code == 500
    error = answer.json()["error"]
    assert error["field"] == "server"
    assert error["value"] is None
    reference = error["problem"].rsplit(" ", 1)[-1]
    server_log = "\n".join(  # the test's own client logs the address it asked for; the server must not
        r.getMessage() + (r.exc_text or "") for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))
    )
    assert f"ValueError under GET /failing/{{token}} [ref {reference}]" in server_log
    assert "secret-token-value" not in server_log
    assert "Traceback" not in caplog.text
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
