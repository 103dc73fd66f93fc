"""The failed-authentication limit: keyed on the real client, never fooled by a forged X-Forwarded-For, never
locking out a valid key, and bounded in memory (issue 15, finding 8)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import Engine

from breach.errors import ConfigurationError
from flows.settings import Settings
from flows.web.api_keys import FailureLimiter
from flows.web.app import create_app
from flows.web.clients import client_address, parse_proxies
from flows.web.headers import headers_for
from tests.api.support import SECRET, World, form_token, world_for

BAD = {"Authorization": "Bearer brk_wrongwrongwrong"}


@pytest.fixture
def proxied(db: Engine) -> Iterator[World]:
    """The API tests' world where loopback is a configured proxy (as a reverse proxy on the same host is)."""
    yield from world_for(db, trusted_proxies="127.0.0.1, ::1")


def test_rotating_x_forwarded_for_does_not_escape_the_limit(world: World) -> None:
    """With no proxy configured, X-Forwarded-For is ignored: ten failures under ten forged addresses still
    count against the one real peer, and the eleventh is refused."""
    for i in range(10):
        forged = {**BAD, "X-Forwarded-For": f"198.51.100.{i}"}
        assert world.client.get("/incidents", headers=forged).status_code == 401
    answer = world.client.get("/incidents", headers={**BAD, "X-Forwarded-For": "198.51.100.99"})
    assert answer.status_code == 429


def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(proxied: World) -> None:
    """Behind a configured proxy, a client rotating the left of X-Forwarded-For is still counted under the
    address the proxy appended; another client behind the same proxy is not limited with it."""
    world = proxied
    for i in range(10):
        claimed = {**BAD, "X-Forwarded-For": f"10.9.8.{i}, 203.0.113.7"}
        assert world.client.get("/incidents", headers=claimed).status_code == 401
    again = world.client.get("/incidents", headers={**BAD, "X-Forwarded-For": "10.9.9.9, 203.0.113.7"})
    assert again.status_code == 429
    other = world.client.get("/incidents", headers={**BAD, "X-Forwarded-For": "203.0.113.8"})
    assert other.status_code == 401


@pytest.mark.parametrize(("trusted", "secure"), [(True, True), (False, False)])
def test_x_forwarded_proto_counts_only_from_a_trusted_proxy(db: Engine, trusted: bool, secure: bool) -> None:
    """Behind a configured proxy that says https, the portal's cookies are Secure; from anyone else the header
    is ignored."""
    for world in world_for(db, trusted_proxies="127.0.0.1" if trusted else ""):
        with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as client:
            page = client.get("/portal", headers={"X-Forwarded-Proto": "https"})
            assert page.status_code == 200
            assert ("; secure" in page.headers["set-cookie"].lower()) is secure


def test_a_valid_key_signs_in_to_the_portal_from_an_address_over_the_limit(world: World) -> None:
    """Ten failed sign-ins from one address: the next failure is 429, yet the customer's valid key signs in."""
    with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as client:
        csrf = form_token(client, "/portal")
        for _ in range(10):
            answer = client.post("/portal/login", data={"key": "brk_nothingnothing", "csrf": csrf})
            assert answer.status_code == 401
        refused = client.post("/portal/login", data={"key": "brk_nothingnothing", "csrf": csrf})
        assert refused.status_code == 429
        good = client.post("/portal/login", data={"key": world.keys["customer_a"], "csrf": csrf})
        assert good.status_code == 303


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "client"),
    [
        ("127.0.0.1", ["198.51.100.1"], "", "127.0.0.1"),  # no proxy configured: the header is ignored
        ("192.0.2.1", ["198.51.100.1"], "127.0.0.1", "192.0.2.1"),  # the peer is no proxy of ours
        ("127.0.0.1", ["198.51.100.1"], "127.0.0.1", "198.51.100.1"),
        ("127.0.0.1", ["6.6.6.6, 198.51.100.1"], "127.0.0.1", "198.51.100.1"),  # the client's own claim, left
        ("10.0.0.2", ["6.6.6.6, 198.51.100.1, 10.0.0.1"], "10.0.0.0/24", "198.51.100.1"),  # two proxies
        ("10.0.0.2", ["6.6.6.6", "198.51.100.1"], "10.0.0.0/24", "198.51.100.1"),  # the header given twice
        ("10.0.0.2", ["10.0.0.3, 10.0.0.1"], "10.0.0.0/24", "10.0.0.3"),  # all ours: the left-most
        ("10.0.0.2", [], "10.0.0.0/24", "10.0.0.2"),
        ("::ffff:10.0.0.2", ["198.51.100.1"], "10.0.0.0/24", "198.51.100.1"),  # IPv4 seen through IPv6
    ],
)
def test_the_client_address(peer: str, forwarded: list[str], proxies: str, client: str) -> None:
    """X-Forwarded-For is read only from a configured proxy, and then from the right."""
    assert client_address(peer, forwarded, parse_proxies(proxies)) == client


def test_a_proxy_setting_that_is_no_address_is_refused_naming_the_setting() -> None:
    """BREACH_TRUSTED_PROXIES with a word in it stops the server at start, naming the setting and the entry."""
    settings = Settings(
        database_url="sqlite://", ack_secret=SecretStr(SECRET), trusted_proxies="10.0.0.1, proxy.example.org"
    )
    with pytest.raises(ConfigurationError, match=r"BREACH_TRUSTED_PROXIES: 'proxy\.example\.org'"):
        create_app(settings)


def test_the_limiter_forgets_the_oldest_addresses_beyond_its_bound() -> None:
    """A flood of failures from 10 000 addresses keeps at most ``max_clients`` of them, ``limit`` instants each."""
    clock = [0.0]
    limiter = FailureLimiter(limit=3, window=60, max_clients=100, monotonic=lambda: clock[0])
    for i in range(10_000):
        clock[0] += 0.001
        limiter.fail(f"10.{i // 65536}.{i // 256 % 256}.{i % 256}")
        limiter.fail(f"10.{i // 65536}.{i // 256 % 256}.{i % 256}")
    assert limiter.tracked() == 100
    for _ in range(50):
        limiter.fail("192.0.2.1")
    assert limiter.retry_after("192.0.2.1") is not None
    assert max(len(q) for q in limiter._failures.values()) <= 3
    assert limiter.retry_after("10.0.0.0") is None  # forgotten, the oldest


def test_https_pages_ask_browsers_to_keep_to_https() -> None:
    """Strict-Transport-Security is sent only when the public address is https; the portal keeps its referrer
    to itself, every other page sends none."""
    assert headers_for("/portal/cases", https=True)["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in headers_for("/portal/cases", https=False)
    assert headers_for("/portal", https=False)["Referrer-Policy"] == "same-origin"
    assert headers_for("/portalx", https=False)["Referrer-Policy"] == "no-referrer"
    assert headers_for("/ack/x", https=True)["Referrer-Policy"] == "no-referrer"


def test_an_ipv6_client_counts_by_its_64() -> None:
    """Addresses of one /64 share a count: rotating through one's own block does not escape the limit."""
    limiter = FailureLimiter(limit=2, window=60, monotonic=lambda: 0.0)
    limiter.fail("2001:db8:1:2::1")
    limiter.fail("2001:db8:1:2:ffff::9")
    assert limiter.retry_after("2001:db8:1:2::abcd") is not None
    assert limiter.retry_after("2001:db8:1:3::1") is None
