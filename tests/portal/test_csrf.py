"""Cross-site request forgery on the portal (issue 15, finding 8): every form carries a token bound to the
session, and every POST, sign-in and sign-out included, is refused without it, from another origin (``null``
included) or in a content type our forms never send; nothing is written by a refused request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import httpx
import pytest

from tests.api.support import World, form_token, sign_in, snapshot


@contextmanager
def _signed_in(world: World, role: str = "customer_a") -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as client:
        assert sign_in(client, world.keys[role]).status_code == 303
        yield client


def _ack(world: World) -> str:
    return f"/portal/cases/{world.case_a}/notices/{world.notice_a}/acknowledge"


def test_every_portal_form_carries_a_token(world: World) -> None:
    """The sign-in page, the case list and the case page: each POST form has its hidden token field."""
    with httpx.Client(base_url=world.base, timeout=10) as client:
        login = client.get("/portal").text
        assert login.count('method="post"') == login.count('name="csrf"') == 1
        assert sign_in(client, world.keys["customer_a"]).status_code == 303
        for path in ("/portal/cases", f"/portal/cases/{world.case_a}"):
            page = client.get(path).text
            assert page.count('method="post"') == page.count('name="csrf"') >= 1, path


@pytest.mark.parametrize(
    ("headers", "token", "status"),
    [
        ({}, None, 403),  # no token
        ({}, "forged", 403),
        ({"Origin": "null"}, "ok", 403),  # a sandboxed frame or data: page
        ({"Origin": "https://attacker.example.org"}, "ok", 403),
        ({"Referer": "https://attacker.example.org/page"}, "ok", 403),
        ({"Sec-Fetch-Site": "cross-site"}, "ok", 403),
        ({"Sec-Fetch-Site": "same-site"}, "ok", 403),
        ({"Content-Type": "text/plain"}, "ok", 415),  # what a cross-site form may send without a preflight
        ({"Content-Type": "multipart/form-data; boundary=x"}, "ok", 415),
        ({"Content-Type": "application/json"}, "ok", 415),
    ],
)
def test_a_forged_acknowledgement_is_refused_and_writes_nothing(
    world: World, headers: dict[str, str], token: str | None, status: int
) -> None:
    """Without the session's token, from another origin, or not URL-encoded: refused, nothing recorded."""
    with _signed_in(world) as client:
        valid = form_token(client)
        fields = {"name": "Mallory"} | ({} if token is None else {"csrf": valid if token == "ok" else token})
        before = snapshot(world.engine)
        if "Content-Type" in headers:
            body = "&".join(f"{k}={v}" for k, v in fields.items())
            answer = client.post(_ack(world), content=body.encode(), headers=headers)
        else:
            answer = client.post(_ack(world), data=fields, headers=headers)
        assert answer.status_code == status, answer.text
        assert snapshot(world.engine) == before


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "ORIGIN"},
        {"Referer": "ORIGIN/portal/cases"},
        {"Sec-Fetch-Site": "same-origin", "Origin": "ORIGIN"},
    ],
)
def test_our_own_form_with_its_token_is_accepted(world: World, headers: dict[str, str]) -> None:
    """With the token, a post from our origin (or with neither Origin nor Referer, as a plain client) records."""
    with _signed_in(world) as client:
        sent = {k: v.replace("ORIGIN", world.base) for k, v in headers.items()}
        answer = client.post(_ack(world), data={"name": "Jan Peeters", "csrf": form_token(client)}, headers=sent)
        assert answer.status_code == 200, answer.text


def test_a_token_is_bound_to_its_session(world: World) -> None:
    """Customer B's token is no token in customer A's session, nor is the token of A's earlier session."""
    with _signed_in(world, "customer_b") as other:
        theirs = form_token(other)
    with _signed_in(world) as earlier:
        old = form_token(earlier)
    world.clock.advance(timedelta(minutes=1))
    with _signed_in(world) as client:
        before = snapshot(world.engine)
        assert form_token(client) != old
        for stolen in (theirs, old):
            assert client.post(_ack(world), data={"name": "M", "csrf": stolen}).status_code == 403
        assert snapshot(world.engine) == before


def test_sign_out_needs_the_token(world: World) -> None:
    """A forged sign-out (no token, or Origin: null) leaves the session alone; the portal's own form ends it."""
    with _signed_in(world) as client:
        assert client.post("/portal/logout", data={"no": "token"}).status_code == 403
        assert (
            client.post("/portal/logout", data={"csrf": form_token(client)}, headers={"Origin": "null"}).status_code
            == 403
        )
        assert client.get("/portal/cases").status_code == 200  # still signed in
        out = client.post("/portal/logout", data={"csrf": form_token(client)})
        assert out.status_code == 303
        assert client.get("/portal/cases").status_code == 303  # signed out


def test_a_forged_sign_in_is_refused(world: World) -> None:
    """Signing a victim into an attacker's account needs the victim's pre-session cookie: a token lifted from
    another browser, or none, is refused and no session cookie is set."""
    with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as attacker:
        lifted = form_token(attacker, "/portal")
    with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as victim:
        for fields in ({"key": world.keys["customer_a"]}, {"key": world.keys["customer_a"], "csrf": lifted}):
            answer = victim.post("/portal/login", data=fields)
            assert answer.status_code == 403
            assert "breach_portal=" not in answer.headers.get("set-cookie", "")
        null = victim.post(
            "/portal/login",
            data={"key": world.keys["customer_a"], "csrf": form_token(victim, "/portal")},
            headers={"Origin": "null"},
        )
        assert null.status_code == 403


def test_the_pre_session_cookie_is_http_only_and_strict(world: World) -> None:
    """The cookie the sign-in token is bound to cannot be read by script nor sent by another site."""
    with httpx.Client(base_url=world.base, timeout=10) as client:
        cookie = client.get("/portal").headers["set-cookie"]
        assert cookie.startswith("breach_portal_pre=")
        assert "HttpOnly" in cookie
        assert "samesite=strict" in cookie.lower()
        assert "Path=/portal" in cookie


def test_the_portal_sends_its_referrer_only_to_itself(world: World) -> None:
    """Portal pages use Referrer-Policy: same-origin (so a browser names our origin on our own forms); the
    acknowledgement pages and the API keep no-referrer."""
    with httpx.Client(base_url=world.base, timeout=10) as client:
        assert client.get("/portal").headers["Referrer-Policy"] == "same-origin"
        assert client.get("/health").headers["Referrer-Policy"] == "no-referrer"
        assert client.get("/portal").headers["X-Frame-Options"] == "DENY"


def test_a_form_that_is_not_utf8_is_refused(world: World) -> None:
    """Percent-encoded bytes that are not UTF-8 in a portal form field are a 422, not replacement characters."""
    with _signed_in(world) as client:
        before = snapshot(world.engine)
        body = f"name=Jan%ED%A0%80&csrf={form_token(client)}".encode()
        answer = client.post(_ack(world), content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert answer.status_code == 422, answer.text
        assert snapshot(world.engine) == before


def test_a_cookie_that_is_not_ascii_is_no_session(world: World) -> None:
    """A session cookie holding other characters sends the visitor to sign in, never a server error."""
    with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as client:
        answer = client.get("/portal/cases", headers={b"Cookie": "breach_portal=\xe9.1.x".encode()})
        assert answer.status_code == 303
