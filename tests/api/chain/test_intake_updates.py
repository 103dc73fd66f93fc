"""Their updates and all-clear coming in (issue 21; GDPR Art. 33(4)): a later notice about the same incident of
theirs is kept for review on ours, shows what it changes, and one decision makes it our facts; an all-clear
dismisses (or withdraws) ours. Audited; a repeat of a notice key changes nothing."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, select

from breach.chain.store import notices
from breach.db.models.audit import AuditEvent
from breach.db.models.chain import SubprocessorNotice
from breach.db.models.incidents import Incident
from breach.errors import InvalidInput
from breach.vocabulary import IncidentStatus, Language
from flows.usecases.chain import updates
from flows.usecases.chain.directory import import_subprocessors
from flows.usecases.directory_import import import_directory
from tests.api.chain.chain_world import SUBPROCESSORS, add_chain
from tests.api.chain.test_intake_notices import notice_v1, post
from tests.api.support import CUSTOMER_A, CUSTOMER_B, T0, World, snapshot
from tests.factories import customer, directory

UPDATE = notice_v1(
    notice_key="BR-2026-0042.update.2.9c1d",
    kind="update",
    phase=2,
    narrative={"nature": "Outbound mail of two relays went to a wrong tenant.", "ongoing": False},
    facts={"breach_types": ["confidentiality"], "data_categories": ["contact"], "data_subjects": 340},
)
ALL_CLEAR = notice_v1(notice_key="BR-2026-0042.all_clear.0.77aa", kind="all_clear", phase=None)


def _incident(world: World, reference: str) -> Incident:
    with Session(world.engine, expire_on_commit=False) as session:
        return session.exec(select(Incident).where(Incident.reference == reference)).one()


def _pending(world: World, reference: str) -> list[updates.Pending]:
    with Session(world.engine) as session:
        return updates.pending(_incident(world, reference), session=session)


def _accept(world: World, reference: str) -> updates.Accepted:
    with Session(world.engine, expire_on_commit=False) as session:
        accepted = updates.accept(
            reference, session=session, actor="dpo@cloud.example.org", now=T0 + timedelta(hours=1), language=Language.EN
        )
        session.commit()
    return accepted


def test_a_later_notice_waits_for_review_and_one_decision_makes_it_our_facts(world: World) -> None:
    keys = add_chain(world)
    first = post(world, keys["mailflow"], notice_v1()).json()
    incidents_before = snapshot(world.engine)["incident"]
    answer = post(world, keys["mailflow"], UPDATE)
    assert answer.status_code == 201, answer.text
    got = answer.json()
    assert got["reference"] == first["reference"]  # no second incident: the same one of theirs
    assert got["pending_review"] is True
    assert snapshot(world.engine)["incident"] == incidents_before
    waiting = _pending(world, first["reference"])
    assert [(p.kind, p.phase) for p in waiting] == [("initial", 1), ("update", 2)]
    paths = {c["path"] for c in waiting[1].changes}
    assert {"facts.data_subjects", "narrative.nature"} <= paths
    shown = [updates.describe(c) for c in waiting[1].changes if c["path"] == "facts.data_subjects"]
    assert shown == ["facts.data_subjects: — → 340"]

    shown = world.client.get(f"/incidents/{first['reference']}", headers=world.auth("security")).json()["chain"]
    assert [(c["notice_key"], c["pending_review"]) for c in shown] == [
        (notice_v1()["notice_key"], True),
        (UPDATE["notice_key"], True),
    ]

    accepted = _accept(world, first["reference"])
    assert accepted.outcome == "facts"
    assert accepted.notices == (notice_v1()["notice_key"], UPDATE["notice_key"])
    incident = _incident(world, first["reference"])
    assert incident.facts is not None
    assert incident.facts["data_subjects"] == 340
    assert incident.narrative is not None
    assert incident.narrative["nature"].startswith("Outbound mail of two relays")
    assert incident.status is IncidentStatus.INVESTIGATING  # accepting facts confirms nothing: a person does
    assert _pending(world, first["reference"]) == []
    shown = world.client.get(f"/incidents/{first['reference']}", headers=world.auth("security")).json()["chain"]
    assert [c["pending_review"] for c in shown] == [False, False]
    with Session(world.engine) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.event_type == notices.ACCEPTED_EVENT).order_by(col(AuditEvent.seq))
        ).all()
        assert [e.data["applied"] for e in events] == [False, True]
        assert {e.actor for e in events} == {"dpo@cloud.example.org"}
    # A repeat of the update is dropped by its key; nothing waits again.
    again = post(world, keys["mailflow"], UPDATE)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _pending(world, first["reference"]) == []


def test_nothing_to_accept_is_refused(world: World) -> None:
    keys = add_chain(world)
    first = post(world, keys["mailflow"], notice_v1()).json()
    _accept(world, first["reference"])
    with pytest.raises(InvalidInput, match="no notice") as refused:
        _accept(world, first["reference"])
    assert refused.value.field == "reference"


def test_their_all_clear_dismisses_ours_before_confirmation(world: World) -> None:
    keys = add_chain(world)
    first = post(world, keys["mailflow"], notice_v1()).json()
    post(world, keys["mailflow"], ALL_CLEAR)
    waiting = _pending(world, first["reference"])
    assert [p.all_clear for p in waiting] == [False, True]
    accepted = _accept(world, first["reference"])
    assert accepted.outcome == "dismissed"
    incident = _incident(world, first["reference"])
    assert incident.status is IncidentStatus.DISMISSED
    assert incident.dismissal_reason is not None
    assert ALL_CLEAR["notice_key"] in incident.dismissal_reason


def test_another_reference_opens_another_incident(world: World) -> None:
    """Only the same incident of theirs continues ours; a minimal form never does (it has no reference)."""
    keys = add_chain(world)
    first = post(world, keys["mailflow"], notice_v1()).json()
    other: dict[str, Any] = notice_v1(notice_key="BR-2026-0043.initial.1.aa01", reference="BR-2026-0043")
    second = post(world, keys["mailflow"], other).json()
    assert second["reference"] != first["reference"]
    assert second["pending_review"] is False
    with Session(world.engine) as session:
        assert len(session.exec(select(SubprocessorNotice)).all()) == 2


def test_the_api_accepts_what_waits_for_review(world: World) -> None:
    """``POST /incidents/{ref}/intake/accept`` (security, dpo): the CLI's use case, audited with the key's holder;
    nothing left to accept is a 409, an unknown incident a 404, another role a 403; refusals write nothing."""
    keys = add_chain(world)
    first = post(world, keys["mailflow"], notice_v1()).json()
    post(world, keys["mailflow"], UPDATE)
    path = f"/incidents/{first['reference']}/intake/accept"
    before = snapshot(world.engine)
    refused = world.client.post(path, headers=world.auth("customer_a"))
    assert refused.status_code == 403
    assert snapshot(world.engine) == before
    answer = world.client.post(path, headers=world.auth("dpo"))
    assert answer.status_code == 200, answer.text
    got = answer.json()
    assert got["outcome"] == "facts"
    assert got["notices"] == [notice_v1()["notice_key"], UPDATE["notice_key"]]
    assert got["changes"] > 0
    assert _incident(world, first["reference"]).facts["data_subjects"] == 340  # type: ignore[index]
    with Session(world.engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.event_type == notices.ACCEPTED_EVENT)).all()
        assert len(events) == 2
        assert {e.actor.split(" [key ")[0] for e in events} == {"Dana Example (DPO)"}
    before = snapshot(world.engine)
    again = world.client.post(path, headers=world.auth("security"))
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "reference"
    assert "no notice from a sub-processor waits" in again.json()["error"]["problem"]
    unknown = world.client.post("/incidents/BR-2026-9999/intake/accept", headers=world.auth("security"))
    assert unknown.status_code == 404
    assert snapshot(world.engine) == before


def test_a_later_notice_naming_another_service_tells_the_customers_it_newly_concerns(world: World) -> None:
    """Their update names a service of theirs behind another of ours: accepting it adds our service, and once
    confirmed the customer it newly concerns gets its case and first notice; one they no longer map is refused."""
    keys = add_chain(world)
    chain: dict[str, Any] = copy.deepcopy(SUBPROCESSORS)
    chain["subprocessors"][0]["services"].append({"ours": "crm-cloud", "theirs": ["crm-relay"]})
    c_customer = customer("Cloudgebruiker BV", language="en", services=[{"code": "crm-cloud", "data_subjects": 80}],
                          contacts=["json://127.0.0.1:9/c"])  # fmt: skip
    with Session(world.engine) as session:
        import_subprocessors(chain, session=session, actor="setup", now=T0, source="test")
        import_directory(
            directory(
                customer(CUSTOMER_A, contacts=["json://127.0.0.1:9/a"]),
                customer(CUSTOMER_B, language="fr", timezone="Europe/Paris", lead_authority="FR-CNIL",
                         contacts=["json://127.0.0.1:9/b"]),
                c_customer,
            ),
            session=session, actor="setup", now=T0, source="test",
        )  # fmt: skip
        session.commit()
    opening = notice_v1(not_yet_known=["likely_consequences", "measures"])
    reference = post(world, keys["mailflow"], opening).json()["reference"]
    staff = world.auth("dpo")
    assert world.client.post(f"/incidents/{reference}/intake/accept", headers=staff).status_code == 200
    confirmed = world.client.post(f"/incidents/{reference}/confirm", json={"fallback_language": "en"}, headers=staff)
    assert confirmed.status_code == 202, confirmed.text
    told_before = confirmed.json()["cases_created"]
    assert told_before == 2  # A and B use mail-hosting; the crm-cloud customer is not concerned yet

    update = notice_v1(
        notice_key="BR-2026-0042.update.2.c0de",
        kind="update",
        phase=2,
        services=[{"code": "smtp-out", "name": "Outbound SMTP"}, {"code": "crm-relay", "name": "CRM relay"}],
        not_yet_known=["likely_consequences", "measures"],
    )
    assert post(world, keys["mailflow"], update).status_code == 201
    (waiting,) = _pending(world, reference)
    assert [updates.describe(c) for c in waiting.changes if c["path"] == "services"] == ["services: — → crm-cloud"]
    answer = world.client.post(f"/incidents/{reference}/intake/accept", headers=staff)
    assert answer.status_code == 200, answer.text
    got = answer.json()
    assert got["services_added"] == ["crm-cloud"]
    assert got["cases_created"] == 1
    assert got["notices_queued"] >= 1
    shown = world.client.get(f"/incidents/{reference}", headers=staff).json()
    assert {case["customer"] for case in shown["cases"]} == {CUSTOMER_A, CUSTOMER_B, "Cloudgebruiker BV"}
    with Session(world.engine) as session:
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.event_type == updates.SERVICES_EVENT)).all()
        assert event.data["services"] == ["crm-cloud"]
        assert event.data["cases"] == 1

    # A later notice naming a service the directory stopped mapping is refused at acceptance, nothing written.
    third = notice_v1(notice_key="BR-2026-0042.update.3.d00d", kind="update", phase=3,
                      services=[{"code": "crm-relay", "name": "CRM relay"}])  # fmt: skip
    assert post(world, keys["mailflow"], third).status_code == 201
    with Session(world.engine) as session:
        import_subprocessors(SUBPROCESSORS, session=session, actor="setup", now=T0, source="test")
        session.commit()
    before = snapshot(world.engine)
    refused = world.client.post(f"/incidents/{reference}/intake/accept", headers=staff)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == "services"
    assert "no longer mapped" in refused.json()["error"]["problem"]
    assert snapshot(world.engine) == before
