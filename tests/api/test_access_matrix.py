"""Every endpoint x every role x another customer's data: who may, who is refused, and that nothing leaks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from tests.api.support import CUSTOMER_A, CUSTOMER_B, T0, World, snapshot
from tests.factories import NARRATIVE

ROLES = ("none", "revoked", "security", "dpo", "customer_a", "customer_b")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: Callable[[World], str]
    allowed: frozenset[str]
    body: dict[str, Any] | None = None
    # For a customer's case: the case belongs to customer A, so customer B must find nothing (404).
    case_of_a: bool = False


STAFF = frozenset({"security", "dpo"})
A = frozenset({"customer_a"})
ENDPOINTS = {
    "list incidents": Endpoint("GET", lambda w: "/incidents", STAFF),
    "show incident": Endpoint("GET", lambda w: f"/incidents/{w.confirmed}", STAFF),
    "open incident": Endpoint(
        "POST",
        lambda w: "/incidents",
        STAFF,
        {"title": "Alert", "description": "EDR alert.", "services": ["mail-hosting"]},
    ),
    "record facts": Endpoint("POST", lambda w: f"/incidents/{w.reported}/facts", STAFF, {"narrative": NARRATIVE}),
    "confirm": Endpoint("POST", lambda w: f"/incidents/{w.reported}/confirm", STAFF, {}),
    "dismiss": Endpoint("POST", lambda w: f"/incidents/{w.reported}/dismiss", STAFF, {"reason": "Not personal."}),
    "override": Endpoint(
        "POST", lambda w: f"/incidents/{w.confirmed}/override", frozenset({"dpo"}), {"risk": "high", "reason": "r"}
    ),
    "nis2 assess": Endpoint("POST", lambda w: f"/incidents/{w.confirmed}/nis2/assess", STAFF, {"entity_type": "cloud"}),
    "nis2 override": Endpoint(
        "POST",
        lambda w: f"/incidents/{w.confirmed}/nis2/override",
        frozenset({"dpo"}),
        {"significant": False, "reason": "Scheduled maintenance (Art. 3(2))."},
    ),
    # Nothing waits for review on it: the allowed roles get 409 (tests/api/chain/test_intake_updates.py accepts).
    "accept intake": Endpoint("POST", lambda w: f"/incidents/{w.confirmed}/intake/accept", STAFF),
    "my cases": Endpoint("GET", lambda w: "/me/cases", frozenset({"customer_a", "customer_b"})),
    "my case": Endpoint("GET", lambda w: f"/me/cases/{w.case_a}", A, case_of_a=True),
    "report": Endpoint(
        "POST",
        lambda w: f"/me/cases/{w.case_a}/reports",
        A,
        {"event": "subjects-informed", "at": (T0 - timedelta(minutes=5)).isoformat(), "details": {}},
        case_of_a=True,
    ),
    "acknowledge": Endpoint(
        "POST", lambda w: f"/me/cases/{w.case_a}/notices/{w.notice_a}/acknowledge", A, {"name": "Jan"}, case_of_a=True
    ),
    "evidence": Endpoint("GET", lambda w: f"/me/cases/{w.case_a}/evidence", A, case_of_a=True),
    # One entry per pack kind, each in another format: every kind and format under every role.
    "authority pack": Endpoint("GET", lambda w: f"/me/cases/{w.case_a}/packs/authority", A, case_of_a=True),
    "subjects pack": Endpoint("GET", lambda w: f"/me/cases/{w.case_a}/packs/subjects?format=html", A, case_of_a=True),
    "dpia pack": Endpoint("GET", lambda w: f"/me/cases/{w.case_a}/packs/dpia?format=json", A, case_of_a=True),
}


def _expected_refusal(endpoint: Endpoint, role: str) -> int:
    if role in {"none", "revoked"}:
        return 401
    customer_route = "customer_a" in endpoint.allowed or "customer_b" in endpoint.allowed
    if customer_route and role.startswith("customer"):
        return 404  # another customer's case: as if it did not exist
    return 403


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_every_role_on_every_endpoint(world: World, name: str) -> None:
    """Refused roles get 401/403/404 (404 for another customer's case) and change nothing; allowed ones pass."""
    endpoint = ENDPOINTS[name]
    refused = [r for r in ROLES if r not in endpoint.allowed]
    for role in refused + sorted(endpoint.allowed):
        headers = world.auth(role) if role != "none" else {}
        before = snapshot(world.engine)
        answer = world.client.request(endpoint.method, endpoint.path(world), json=endpoint.body, headers=headers)
        if role in endpoint.allowed:
            assert answer.status_code not in {401, 403, 404, 500}, (role, answer.status_code, answer.text)
            continue
        assert answer.status_code == _expected_refusal(endpoint, role), (role, answer.status_code, answer.text)
        assert snapshot(world.engine) == before, role
        assert set(answer.json()) == {"error"}
        for secret in (CUSTOMER_A, CUSTOMER_B, str(world.case_a), str(world.notice_a), "json://"):
            if endpoint.case_of_a and secret in {str(world.case_a), str(world.notice_a)}:
                continue  # the id the caller sent may be echoed back
            assert secret not in answer.text, (role, secret)


def test_a_customer_sees_only_its_own_cases(world: World) -> None:
    """Each customer's list and pages hold its own case only: never the other's name, case or contact."""
    for role, own, other, other_name in (
        ("customer_a", world.case_a, world.case_b, CUSTOMER_B),
        ("customer_b", world.case_b, world.case_a, CUSTOMER_A),
    ):
        listing = world.client.get("/me/cases", headers=world.auth(role))
        assert [c["id"] for c in listing.json()] == [str(own)]
        page = world.client.get(f"/me/cases/{own}", headers=world.auth(role))
        assert page.status_code == 200
        for text in (listing.text, page.text):
            assert other_name not in text
            assert str(other) not in text
            assert "json://" not in text
        assert world.client.get(f"/me/cases/{other}", headers=world.auth(role)).status_code == 404
        for kind in ("authority", "subjects", "dpia"):
            pack = world.client.get(f"/me/cases/{own}/packs/{kind}?format=json", headers=world.auth(role))
            assert pack.status_code == 200
            assert other_name not in pack.text
            assert str(other) not in pack.text
            assert "json://" not in pack.text
            assert world.client.get(f"/me/cases/{other}/packs/{kind}", headers=world.auth(role)).status_code == 404


def test_another_customers_notice_cannot_be_acknowledged_through_ones_own_case(world: World) -> None:
    """Customer A naming B's notice under A's own case finds nothing: 404, and B's notice stays unacknowledged."""
    before = snapshot(world.engine)
    answer = world.client.post(
        f"/me/cases/{world.case_a}/notices/{world.notice_b}/acknowledge",
        json={"name": "Mallory"},
        headers=world.auth("customer_a"),
    )
    assert answer.status_code == 404
    assert snapshot(world.engine) == before
