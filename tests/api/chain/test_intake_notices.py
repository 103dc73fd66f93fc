"""``POST /intake/notices``: a sub-processor's breach notice opens one investigating incident, alerts us at
once, is idempotent by its notice key, and every bad input is refused in the API's shape with nothing stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import Session, col, select

from breach.db.models.chain import SubprocessorNotice
from breach.db.models.directory import Customer
from breach.db.models.incidents import Incident
from breach.db.models.outbox import Notice
from breach.db.repository import affected_by
from breach.vocabulary import IncidentStatus, NoticeKind
from tests.api.chain.chain_world import add_chain
from tests.api.support import CUSTOMER_A, CUSTOMER_B, T0, World, snapshot

MINIMAL: dict[str, Any] = {
    "notice_key": "MF-2026-17",
    "what_happened": "A relay node forwarded mail to a wrong tenant.",
    "aware_at": "2026-03-27T08:30:00+00:00",
    "services": ["relay-eu"],
    "data_categories": ["e-mail contents"],
    "data_subjects": 120,
}


def notice_v1(**changes: Any) -> dict[str, Any]:
    """Our own breach notice (schema 1.3) as an engine like ours sends it to its customer, us."""
    body: dict[str, Any] = {
        "schema": "https://breach-engine.example.org/schema/notice/1.3",
        "schema_version": "1.3",
        "notice_key": "BR-2026-0042.initial.1.4f2a",
        "possible_duplicate": False,
        "kind": "initial",
        "phase": 1,
        "language": "en",
        "reference": "BR-2026-0042",
        "title": "Relay misdelivery",
        "services": [{"code": "smtp-out", "name": "Outbound SMTP", "data_subjects": 120}],
        "narrative": {"nature": "Outbound mail went to a wrong tenant.", "ongoing": False},
        "facts": {"breach_types": ["confidentiality"], "data_categories": ["contact"], "data_subjects": 120},
        "times_utc": {
            "occurred": "2026-03-27T07:00:00+00:00",
            "detected": "2026-03-27T08:00:00+00:00",
            "processor_aware": "2026-03-27T08:15:00+00:00",
            "sent": "2026-03-27T08:20:00+00:00",
        },
    }
    return {**body, **changes}


@pytest.fixture
def keys(world: World) -> dict[str, str]:
    return add_chain(world)


def post(world: World, key: str, body: object) -> Any:
    return world.client.post(
        "/intake/notices",
        content=json.dumps(body),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )


@pytest.mark.parametrize("body", [MINIMAL, notice_v1()], ids=["minimal", "schema-1.3"])
def test_a_notice_opens_an_investigating_incident_and_alerts_us(
    world: World, keys: dict[str, str], body: dict[str, Any]
) -> None:
    """Linked to the sub-processor and its notice, our service mapped (both customers affected), received_at
    kept as the awareness candidate, an internal alert queued and its delivery started at once."""
    answer = post(world, keys["mailflow"], body)
    assert answer.status_code == 201, answer.text
    got = answer.json()
    assert got["status"] == "investigating"
    assert got["services"] == ["mail-hosting"]
    assert got["notice_key"] == body["notice_key"]
    with Session(world.engine) as session:
        incident = session.exec(select(Incident).where(Incident.reference == got["reference"])).one()
        assert incident.status is IncidentStatus.INVESTIGATING
        assert incident.detected_at == T0
        assert "Mailflow Relay BV" in incident.title
        link = session.exec(select(SubprocessorNotice).where(SubprocessorNotice.incident_id == incident.id)).one()
        assert link.received_at == T0
        assert link.body == body
        affected = {a.customer_id for a in affected_by(incident.id, session=session)}
        names = set(session.exec(select(Customer.name).where(col(Customer.id).in_(affected))).all())
        assert names == {CUSTOMER_A, CUSTOMER_B}  # both use mail-hosting
        alert = session.exec(
            select(Notice).where(Notice.incident_id == incident.id, Notice.kind == NoticeKind.INTERNAL_ALERT)
        ).one()
        assert alert.details["alert"] == "subprocessor_breach"
        assert alert.details["count"] == 2
    assert world.delivered.incidents == [incident.id]


def test_a_repeat_changes_nothing_and_answers_as_the_first(world: World, keys: dict[str, str]) -> None:
    """Idempotent by the sender's notice key: same answer, marked replayed, no second incident or alert."""
    first = post(world, keys["mailflow"], MINIMAL)
    before = snapshot(world.engine)
    again = post(world, keys["mailflow"], MINIMAL)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    after = snapshot(world.engine)
    assert {k: v for k, v in after.items() if k != "apikey"} == {k: v for k, v in before.items() if k != "apikey"}
    assert len(world.delivered.incidents) == 1


@pytest.mark.parametrize(
    ("key", "status", "field"),
    [
        ("none", 401, "Authorization"),
        ("mailflow_revoked", 401, "Authorization"),
        ("security", 403, "Authorization"),
        ("customer_a", 403, "Authorization"),
    ],
)
def test_a_bad_key_is_refused(world: World, keys: dict[str, str], key: str, status: int, field: str) -> None:
    """Unknown, revoked, or of another role: refused before anything is read, nothing stored."""
    before = snapshot(world.engine)
    presented = {**world.keys, **keys}.get(key, "brk_" + "x" * 43)
    answer = post(world, presented, MINIMAL)
    assert answer.status_code == status
    assert answer.json()["error"]["field"] == field
    assert snapshot(world.engine) == before


@pytest.mark.parametrize(
    ("body", "field", "problem"),
    [
        (notice_v1(schema_version="2.0"), "schema_version", "unknown version"),
        ({**MINIMAL, "aware_at": "2026-03-27T08:30:00"}, "aware_at", "timezone"),
        ({**MINIMAL, "aware_at": "2026-03-28T08:30:00+00:00"}, "aware_at", "in the future"),
        ({**MINIMAL, "notice_key": ""}, "notice_key", "at least 1"),
        ([MINIMAL], "body", "dictionary"),
    ],
)
def test_bad_input_is_refused_with_nothing_stored(
    world: World, keys: dict[str, str], body: object, field: str, problem: str
) -> None:
    before = snapshot(world.engine)
    answer = post(world, keys["mailflow"], body)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["field"] == field
    assert problem in error["problem"]
    assert {k: v for k, v in snapshot(world.engine).items() if k != "apikey"} == {
        k: v for k, v in before.items() if k != "apikey"
    }


def test_not_json_is_refused(world: World, keys: dict[str, str]) -> None:
    before = snapshot(world.engine)
    answer = world.client.post(
        "/intake/notices",
        content=b"{not json",
        headers={"Authorization": f"Bearer {keys['mailflow']}", "Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "body"
    assert snapshot(world.engine)["incident"] == before["incident"]


def test_too_large_is_refused(world: World, keys: dict[str, str]) -> None:
    """Over the API's 1 MiB, counted as it streams: 413 in the error shape, nothing stored."""
    before = snapshot(world.engine)
    body = {**MINIMAL, "what_happened": "x" * (1 << 20)}
    answer = post(world, keys["mailflow"], body)
    assert answer.status_code == 413
    assert "error" in answer.json()
    assert snapshot(world.engine) == before


def test_unmapped_services_are_refused_and_a_person_is_alerted(world: World, keys: dict[str, str]) -> None:
    """A service we cannot map: 422 naming it, no incident or notice row, but one alert to our DPO (also on a
    repeat: one alert per notice key)."""
    body = {**MINIMAL, "services": ["relay-eu", "fax-gateway"]}
    for _ in range(2):
        answer = post(world, keys["mailflow"], body)
        assert answer.status_code == 422
        error = answer.json()["error"]
        assert error["field"] == "services"
        assert error["value"] == ["fax-gateway"]
    with Session(world.engine) as session:
        assert session.exec(select(SubprocessorNotice)).all() == []
        assert session.exec(select(Incident).where(Incident.title.startswith("Mailflow"))).all() == []
        alerts = session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).all()
        unmapped = [a for a in alerts if a.details["alert"] == "subprocessor_unmapped"]
        assert len(unmapped) == 1
        assert unmapped[0].incident_id is None
        assert "fax-gateway" in unmapped[0].details["reason"]
