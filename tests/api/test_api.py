"""The HTTP API as a SIEM, our staff and a customer use it: answers, audit events naming the key, no leaks."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.db.models.access import ApiKey
from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import CaseReport, Incident
from breach.records.store import audit
from flows.evidence import verify_pack
from tests.api.support import CUSTOMER_B, T0, World, snapshot, world_for
from tests.factories import NARRATIVE

INTAKE = {
    "title": "Suspicious mailbox export",
    "description": "EDR flagged a bulk export of mailboxes.",
    "services": ["mail-hosting"],
    "detected_at": (T0 - timedelta(minutes=5)).isoformat(),
}


def _events(world: World, event_type: str) -> list[AuditEvent]:
    with Session(world.engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.event_type == event_type)).all())


def test_intake_opens_an_incident_and_the_audit_event_names_the_key(world: World) -> None:
    """A SIEM's POST /incidents answers 201 with the new reference; the audit actor is the holder and key prefix."""
    answer = world.client.post("/incidents", json=INTAKE, headers=world.auth("security"))
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["reference"] == "BR-2026-0003"
    assert body["status"] == "reported"
    assert body["services"] == ["mail-hosting"]
    [event] = [e for e in _events(world, "incident.opened") if e.data["reference"] == "BR-2026-0003"]
    prefix = world.keys["security"][4:12]
    assert event.actor == f"SIEM connector [key {prefix}]"


def test_intake_is_idempotent_under_an_idempotency_key(world: World) -> None:
    """The same Idempotency-Key and body opens one incident; the key with another body is refused, writing nothing."""
    headers = {**world.auth("security"), "Idempotency-Key": "siem-alert-4711"}
    first = world.client.post("/incidents", json=INTAKE, headers=headers)
    again = world.client.post("/incidents", json=INTAKE, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]
    assert again.headers["Idempotent-Replayed"] == "true"
    before = snapshot(world.engine)
    other = world.client.post("/incidents", json={**INTAKE, "title": "Another"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["error"]["field"] == "Idempotency-Key"
    assert snapshot(world.engine) == before
    with Session(world.engine) as session:
        assert len(session.exec(select(Incident)).all()) == 3


def test_refusals_name_the_field_and_write_nothing(world: World) -> None:
    """An unknown service, a naive time, an unknown field: 422 naming the field and value, nothing stored."""
    before = snapshot(world.engine)
    cases = [
        ({**INTAKE, "services": ["no-such-service"]}, "services", "no-such-service"),
        ({**INTAKE, "detected_at": "2026-03-27T08:00:00"}, "detected_at", "2026-03-27T08:00:00"),
        ({**INTAKE, "colour": "red"}, "colour", "red"),
        ({**INTAKE, "detected_at": (T0 + timedelta(hours=1)).isoformat()}, "detected_at", None),
    ]
    for payload, field, value in cases:
        answer = world.client.post("/incidents", json=payload, headers=world.auth("security"))
        assert answer.status_code == 422, answer.text
        error = answer.json()["error"]
        assert error["field"] == field
        if value is not None:
            assert error["value"] == value
        assert error["problem"]
    assert snapshot(world.engine) == before


def test_confirm_is_refused_while_our_dpo_has_no_phone(db: Engine) -> None:
    """DPA clause 5(a): a notice to a real contact carries our DPO's direct contact. Confirming without it is
    a 503 in the API's error shape naming the setting, and nothing is written; the same request works once set."""
    for world in world_for(db, dpo_phone=""):
        reference = world.client.post("/incidents", json=INTAKE, headers=world.auth("security")).json()["reference"]
        world.client.post(f"/incidents/{reference}/facts", json={"narrative": NARRATIVE}, headers=world.auth("dpo"))
        before = snapshot(world.engine)
        answer = world.client.post(f"/incidents/{reference}/confirm", json={}, headers=world.auth("dpo"))
        assert answer.status_code == 503, answer.text
        assert answer.json() == {
            "error": {
                "field": "settings",
                "value": None,
                "problem": "BREACH_DPO_PHONE is not set: every notice must carry our DPO's name and direct contact"
                " (DPA clause 5(a))",
            }
        }
        assert snapshot(world.engine) == before


def test_confirm_answers_202_and_hands_delivery_off(world: World) -> None:
    """Confirming through the API queues the notices in the request and delivers after it, naming the decider."""
    reference = world.client.post("/incidents", json=INTAKE, headers=world.auth("security")).json()["reference"]
    facts = world.client.post(
        f"/incidents/{reference}/facts", json={"narrative": NARRATIVE}, headers=world.auth("security")
    )
    assert facts.status_code == 200, facts.text
    # English texts, customers reading nl and fr: refused, naming the item and language, until a fallback is chosen.
    refused = world.client.post(f"/incidents/{reference}/confirm", json={}, headers=world.auth("dpo"))
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == "narrative.title.nl"
    answer = world.client.post(
        f"/incidents/{reference}/confirm", json={"fallback_language": "en"}, headers=world.auth("dpo")
    )
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert body.pop("translation_task").startswith("ST-")
    assert body == {
        "reference": reference,
        "status": "notifying",
        "already_confirmed": False,
        "affected": 2,
        "cases_created": 2,
        "notices_queued": 2,
        "delivery": "background",
    }
    # After the confirmation only: facts recorded before it queue nothing, so start no run (issue 18).
    assert len(world.delivered.incidents) == 1
    [event] = [e for e in _events(world, "incident.confirmed") if e.data["reference"] == reference]
    assert event.actor.startswith("Dana Example (DPO) [key ")


def test_confirm_without_a_narrative_is_refused_and_writes_nothing(world: World) -> None:
    """The completeness gate refuses with 422 naming the missing narrative item; no case, no notice, no event."""
    before = snapshot(world.engine)
    answer = world.client.post(f"/incidents/{world.reported}/confirm", headers=world.auth("dpo"))
    assert answer.status_code == 422
    assert answer.json()["error"]["field"].startswith("narrative.")
    assert snapshot(world.engine) == before
    assert world.delivered.incidents == []


def test_dismissing_twice_is_a_conflict(world: World) -> None:
    """A dismissed incident cannot be dismissed again: 409 naming the status, nothing written."""
    dismissed = world.client.post(
        f"/incidents/{world.reported}/dismiss", json={"reason": "A colleague abroad."}, headers=world.auth("security")
    )
    assert dismissed.status_code == 200
    assert dismissed.json()["status"] == "dismissed"
    before = snapshot(world.engine)
    again = world.client.post(
        f"/incidents/{world.reported}/dismiss", json={"reason": "Again."}, headers=world.auth("dpo")
    )
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "status"
    assert snapshot(world.engine) == before


def test_override_is_the_dpos_alone(world: World) -> None:
    """The security team may not override our recommendation; the DPO may, and the audit event names the DPO."""
    payload = {"risk": "high", "reason": "Health data of vulnerable people."}
    assert (
        world.client.post(
            f"/incidents/{world.confirmed}/override", json=payload, headers=world.auth("security")
        ).status_code
        == 403
    )
    answer = world.client.post(f"/incidents/{world.confirmed}/override", json=payload, headers=world.auth("dpo"))
    assert answer.status_code == 200
    assert answer.json() == {"reference": world.confirmed, "risk": "high", "cases": 2}
    [event] = _events(world, "assessment.overridden")
    assert event.actor.startswith("Dana Example (DPO) [key ")


def test_staff_see_incidents_without_contact_urls(world: World) -> None:
    """GET /incidents and /incidents/{ref} list the cases but never a contact URL or a key."""
    listing = world.client.get("/incidents", headers=world.auth("security"))
    assert [i["reference"] for i in listing.json()] == [world.reported, world.confirmed]
    detail = world.client.get(f"/incidents/{world.confirmed}", headers=world.auth("dpo"))
    assert detail.status_code == 200
    assert {c["customer"] for c in detail.json()["cases"]} == {"Brouwerij Voorbeeld BV", "Boulangerie Exemple SA"}
    assert "json://" not in detail.text
    assert "127.0.0.1" not in detail.text
    assert world.client.get("/incidents/BR-2026-0999", headers=world.auth("dpo")).status_code == 404


def test_a_customer_reports_authority_notified(world: World) -> None:
    """POST /me/cases/{id}/reports records the report as the key's holder; an exact repeat writes nothing new."""
    report = {
        "event": "authority-notified",
        "at": (T0 - timedelta(minutes=10)).isoformat(),
        "details": {"authority_reference": "GBA-2026-123"},
    }
    answer = world.client.post(f"/me/cases/{world.case_a}/reports", json=report, headers=world.auth("customer_a"))
    assert answer.status_code == 201, answer.text
    assert answer.json()["event"] == "authority-notified"
    repeat = world.client.post(f"/me/cases/{world.case_a}/reports", json=report, headers=world.auth("customer_a"))
    assert repeat.status_code == 200
    assert repeat.json()["repeated"] is True
    case = world.client.get(f"/me/cases/{world.case_a}", headers=world.auth("customer_a")).json()
    assert [r["event"] for r in case["reports"]] == ["authority-notified"]
    assert case["reports"][0]["recorded_by"].startswith("Jan Peeters [key ")
    with Session(world.engine) as session:
        assert len(session.exec(select(CaseReport)).all()) == 1
        assert audit.verify(session=session) is None


def test_a_customer_acknowledges_its_notice_once(world: World) -> None:
    """Acknowledging a notice records the name typed; the second time answers 409 and changes nothing."""
    path = f"/me/cases/{world.case_a}/notices/{world.notice_a}/acknowledge"
    first = world.client.post(path, json={"name": "Jan Peeters"}, headers=world.auth("customer_a"))
    assert first.status_code == 200, first.text
    assert first.json()["acknowledged_by"] == "Jan Peeters"
    before = snapshot(world.engine)
    again = world.client.post(path, json={"name": "Someone Else"}, headers=world.auth("customer_a"))
    assert again.status_code == 409
    assert snapshot(world.engine) == before


def test_failed_authentication_is_rate_limited_per_address(world: World) -> None:
    """Ten failures in a minute from one address, and the eleventh is answered 429; a valid key still passes."""
    bad = {"Authorization": "Bearer brk_wrongwrongwrong"}
    for _ in range(10):
        assert world.client.get("/incidents", headers=bad).status_code == 401
    blocked = world.client.get("/incidents", headers=bad)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert world.client.get("/incidents", headers=world.auth("dpo")).status_code == 200


def test_revoked_and_missing_keys_are_refused(world: World) -> None:
    """A revoked key and no key both answer 401 with a Bearer challenge; the key's last use is not noted."""
    revoked = world.client.get("/incidents", headers=world.auth("revoked"))
    assert revoked.status_code == 401
    assert revoked.headers["WWW-Authenticate"] == "Bearer"
    assert world.client.get("/incidents").status_code == 401
    with Session(world.engine) as session:
        row = session.exec(select(ApiKey).where(col(ApiKey.holder) == "Former DPO")).one()
        assert row.last_used_at is None


def test_the_evidence_pack_of_ones_own_case(world: World) -> None:
    """GET /me/cases/{id}/evidence answers the case's verifiable zip; another customer's case is 404."""
    own = world.client.get(f"/me/cases/{world.case_a}/evidence", headers=world.auth("customer_a"))
    assert own.status_code == 200, own.text
    assert own.headers["content-type"] == "application/zip"
    assert f'filename="{world.confirmed}-evidence.zip"' in own.headers["content-disposition"]
    assert verify_pack(own.content) == []
    with zipfile.ZipFile(io.BytesIO(own.content)) as pack:
        text = b"".join(pack.read(name) for name in pack.namelist())
    assert CUSTOMER_B.encode() not in text
    assert b"json://" not in text
    other = world.client.get(f"/me/cases/{world.case_b}/evidence", headers=world.auth("customer_a"))
    assert other.status_code == 404


def test_facts_start_a_delivery_only_when_they_queue_a_notice(world: World) -> None:
    """New facts on a notified incident queue an update and start one delivery; the same facts again
    change nothing, queue nothing and start no run (issue 18)."""
    changed = {**NARRATIVE, "measures_taken": "Mailbox export tokens revoked; affected accounts reset."}
    first = world.client.post(
        f"/incidents/{world.confirmed}/facts", json={"narrative": changed}, headers=world.auth("dpo")
    )
    assert first.status_code == 200, first.text
    assert world.delivered.incidents != []
    runs = len(world.delivered.incidents)
    again = world.client.post(
        f"/incidents/{world.confirmed}/facts", json={"narrative": changed}, headers=world.auth("dpo")
    )
    assert again.status_code == 200, again.text
    assert len(world.delivered.incidents) == runs


def test_the_facts_answer_asks_for_the_failed_measures_while_the_facts_show_a_failure(world: World) -> None:
    """Facts showing an attacker's access: the answer names narrative.failed_measures as wanted with the appendix
    list (recorded all the same); once the failed measures are named, nothing is wanted (issue 17)."""
    facts = {
        "breach_types": ["confidentiality"],
        "data_categories": ["identity"],
        "data_subjects": 40,
        "malicious": True,
    }
    first = world.client.post(f"/incidents/{world.confirmed}/facts", json={"facts": facts}, headers=world.auth("dpo"))
    assert first.status_code == 200, first.text
    (wanted,) = first.json()["wanted"]
    assert (wanted["field"], wanted["because"]) == ("narrative.failed_measures", ["unauthorised_access"])
    assert "Art. 35(7)(d)" in wanted["ground"]
    assert "electronic_access" in wanted["suggested"]
    assert len(wanted["choices"]) == 13
    named = {**NARRATIVE, "failed_measures": ["electronic_access"]}
    second = world.client.post(
        f"/incidents/{world.confirmed}/facts", json={"narrative": named}, headers=world.auth("dpo")
    )
    assert second.status_code == 200, second.text
    assert second.json()["wanted"] == []
