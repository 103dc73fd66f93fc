"""POST /incidents/{ref}/nis2/assess (security, dpo) and /nis2/override (dpo only), issue 20: the decision and
our NIS2 record in the answer, the clocks started once, and refusals in the API's shape that write nothing."""

from __future__ import annotations

from typing import Any

from tests.api.support import World, snapshot

SIGNIFICANT: dict[str, Any] = {
    "direct_financial_loss": [{"category": "advisory", "amount_eur": 600_000}],
    "annual_turnover_eur": 40_000_000,
    "root_cause": "misconfiguration",
}


def _record(world: World, section: dict[str, Any]) -> None:
    # No BREACH_NIS2_ENTITY_TYPE in the test settings: the facts route keeps the section and tests nothing.
    answer = world.client.post(
        f"/incidents/{world.confirmed}/facts", json={"nis2": section}, headers=world.auth("security")
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["nis2"]["assessment"] is None


def test_assess_starts_the_clocks_once_and_answers_with_the_record(world: World) -> None:
    """A loss over EUR 500 000 (Art. 3(1)(a)): significant, nis2.23.4.a and .b started, the alert queued; asked
    again, nothing starts twice."""
    _record(world, SIGNIFICANT)
    path = f"/incidents/{world.confirmed}/nis2/assess"
    answer = world.client.post(path, json={"entity_type": "cloud"}, headers=world.auth("security"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["test"], body["decided"], body["overridden"]) == (True, True, False)
    assert set(body["clocks_started"]) == {"nis2.23.4.a", "nis2.23.4.b"}
    assert body["alerts_queued"] >= 1
    assert body["nis2"]["assessment"]["criteria"] == ["cir.3.1.a"]
    assert body["nis2"]["significance_recorded"]["by"].startswith("SIEM connector")
    again = world.client.post(path, json={"entity_type": "cloud"}, headers=world.auth("dpo")).json()
    assert (again["decided"], again["clocks_started"], again["alerts_queued"]) == (True, [], 0)
    assert len(again["nis2"]["clocks"]) == 2


def test_assess_without_an_entity_type_is_refused_naming_it(world: World) -> None:
    """No body and no setting: 422 naming entity_type, in the API's error shape; nothing written."""
    before = snapshot(world.engine)
    answer = world.client.post(f"/incidents/{world.confirmed}/nis2/assess", headers=world.auth("security"))
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "entity_type"
    assert snapshot(world.engine) == before
    bad = world.client.post(
        f"/incidents/{world.confirmed}/nis2/assess", json={"entity_type": "bank"}, headers=world.auth("security")
    )
    assert bad.status_code == 422
    assert set(bad.json()) == {"error"}
    assert snapshot(world.engine) == before


def test_the_dpo_overrides_with_a_reason_and_security_may_not(world: World) -> None:
    """The DPO's 'no' holds over the test's 'yes' and is shown with its reason; a security key gets 403 and a
    blank reason 422, neither writing anything."""
    _record(world, SIGNIFICANT)
    path = f"/incidents/{world.confirmed}/nis2/override"
    body = {"significant": False, "reason": "The loss is a customer's, not ours.", "entity_type": "msp"}
    before = snapshot(world.engine)
    refused = world.client.post(path, json=body, headers=world.auth("security"))
    assert refused.status_code == 403
    blank = world.client.post(path, json={**body, "reason": "   "}, headers=world.auth("dpo"))
    assert blank.status_code == 422
    assert blank.json()["error"]["field"] == "reason"
    assert snapshot(world.engine) == before
    answer = world.client.post(path, json=body, headers=world.auth("dpo"))
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert (result["test"], result["decided"], result["overridden"]) == (True, False, True)
    assert result["clocks_started"] == []
    assert result["nis2"]["override"]["reason"] == body["reason"]
    shown = world.client.get(f"/incidents/{world.confirmed}", headers=world.auth("security")).json()
    assert shown["nis2"]["decided"] is False
