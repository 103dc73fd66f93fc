"""A change of our sub-processors, end to end (issue 21; GDPR Art. 28(2)): a changed directory is imported and
announced, the three customers concerned are told in their languages (Dutch, French, German) through the real
outbox, one objects through the portal, one through the API, the third lets the period lapse; our DPO is
alerted of each objection and sees all three; the evidence pack holds the objection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, select

from breach.chain.objections import NotConcerned, PeriodOver
from breach.clock import FixedClock
from breach.db import repository
from breach.db.models.chain import SubprocessorObjection
from breach.db.models.outbox import Notice
from breach.errors import InvalidInput
from breach.vocabulary import Language, NoticeKind
from flows.db import unit_of_work
from flows.evidence.verify import read_zip, verify_pack
from flows.usecases.chain.changes import import_directory as import_chain
from flows.usecases.chain.objections import for_dpo, object_to, open_periods
from flows.usecases.communications import views
from flows.usecases.directory_import import import_directory
from flows.usecases.watch import worklist
from notifications.delivery.sender import InternalRoute
from tests.api.chain.chain_world import SUBPROCESSORS, add_chain
from tests.api.support import CUSTOMER_A, CUSTOMER_B, T0, World, form_token, sign_in, snapshot
from tests.db.communications.communication_world import deliver, text_of
from tests.factories import customer, directory
from tests.servers import HttpSink, http_sink

CUSTOMER_C = "Bäckerei Beispiel GmbH"
CRM_ONLY = {"code": "crm-cloud", "data_subjects": 5}
# Mailflow (NL) is replaced for mail-hosting by a Belgian relay, and a US backup service joins on the SCCs.
CHANGED = {
    "subprocessors": [
        *SUBPROCESSORS["subprocessors"][1:],
        {**SUBPROCESSORS["subprocessors"][0], "services": [{"ours": "crm-cloud", "theirs": ["relay-eu"]}]},
        {
            "name": "Relais Deux SRL",
            "country": "BE",
            "agreement_date": "2026-03-01",
            "contacts": [{"email": "csirt@relais-deux.example.org"}],
            "services": [{"ours": "mail-hosting", "theirs": ["mx"]}],
        },
        {
            "name": "Backup Box Inc.",
            "country": "US",
            "agreement_date": "2026-03-02",
            "transfer_mechanism": "scc",
            "transfer_reference": "Commission Implementing Decision (EU) 2021/914, module 3",
            "contacts": [{"email": "security@backup-box.example.org"}],
            "services": [{"ours": "mail-hosting", "theirs": ["vault"]}],
        },
    ]
}


@pytest.fixture
def told(world: World) -> Iterator[tuple[World, HttpSink]]:
    """Three customers of mail-hosting with contacts on a loopback sink, our sub-processors, the change announced."""
    with http_sink() as sink:
        with Session(world.engine) as session:
            import_directory(
                directory(
                    customer(CUSTOMER_A, contacts=[sink.url("a")]),
                    customer(
                        CUSTOMER_B,
                        language="fr",
                        timezone="Europe/Paris",
                        lead_authority="FR-CNIL",
                        contacts=[sink.url("b")],
                    ),
                    customer(
                        CUSTOMER_C,
                        language="de",
                        timezone="Europe/Berlin",
                        lead_authority="DE-BY-LDA",
                        contacts=[sink.url("c")],
                    ),
                ),
                session=session,
                actor="setup",
                now=T0 - timedelta(hours=3),
                source="test",
            )
            session.commit()
        add_chain(world)
        yield world, sink


def _announce(world: World, **options: Any) -> str:
    with unit_of_work(world.engine) as session:
        result = import_chain(
            CHANGED, session=session, actor="dpo", now=T0, source="changed.yaml", announce=True, days=30,
            portal_url=world.base, **options,
        )  # fmt: skip
        assert result.communication is not None
        assert result.told == 3
        return result.communication.reference


def test_a_change_told_objected_to_twice_and_lapsed_once(told: tuple[World, HttpSink]) -> None:
    world, sink = told
    reference = _announce(world)
    # Before delivery each customer's notice is our clock, processor to controller (the rule's own direction,
    # controller to processor, is the customer's objection period).
    with Session(world.engine) as session:
        lines = [i for i in worklist(session=session, now=T0) if i.reference == reference]
        undelivered = [i for i in lines if i.status.startswith("notice ")]
        assert len(undelivered) == 3
        assert {(i.rule, i.owed_by, i.owed_to) for i in undelivered} == {
            ("gdpr.28.2: subprocessor_change", "processor", "controller")
        }
        (period,) = [i for i in lines if i not in undelivered]
        assert (period.status, period.owed_by, period.owed_to) == (
            "objection period: 0 of 3 objected",
            "controller",
            "processor",
        )
    clock = FixedClock(T0)
    internal = InternalRoute(urls=(sink.url("dpo"),))
    deliver(world.engine, clock, internal)
    nl, fr, de = text_of(sink, "a"), text_of(sink, "b"), text_of(sink, "c")
    assert "Wijziging van onderaannemers" in nl
    assert "Modification des sous-traitants ultérieurs" in fr
    assert "Änderung der Unterauftragsverarbeiter" in de
    for text in (nl, fr, de):
        assert "RELAIS DEUX SRL" in text.upper()
        assert "Mailflow Relay BV" in text  # whom it replaces
        assert "BACKUP BOX INC." in text.upper()
        assert "2021/914" in text  # the transfer's ground
        assert f"/me/subprocessor-changes/{reference}/objection" in text
        assert f"{world.base}/portal/subprocessor-changes" in text
    assert "België" in nl
    assert "États-Unis" in fr
    # 30 days from Friday 27 March 2026 end on Sunday 26 April: rolled over to Monday 27 April, 23:59:59 in Brussels.
    assert "U kunt bezwaar maken tot: 27 april 2026 om 23:59:59" in nl
    assert "Van kracht vanaf: 28 april 2026" in nl
    assert "Wirksam ab: 28. April 2026" in de
    # Our service in each reader's language (issue 17), never its code.
    assert "Onze betrokken diensten: Gehoste e-mail" in nl
    assert "Nos services concernés : Messagerie hébergée" in fr.replace("\xa0", " ")
    assert "Unsere betroffenen Dienste: Gehostete E-Mail" in de
    # The worklist and the dashboard show the running period, one line.
    with Session(world.engine) as session:
        lines = [i for i in worklist(session=session, now=T0) if i.reference == reference]
        assert [(i.rule, i.status) for i in lines] == [
            ("gdpr.28.2: subprocessor_change", "objection period: 0 of 3 objected")
        ]

    # Customer A objects through the portal, with its CSRF token.
    world.clock.advance(timedelta(days=2))
    with httpx.Client(base_url=world.base, follow_redirects=False) as client:
        assert sign_in(client, world.keys["customer_a"]).status_code == 303
        token = form_token(client, "/portal/subprocessor-changes")
        refused = client.post(
            f"/portal/subprocessor-changes/{reference}/objection", data={"reasons": "  ", "csrf": token}
        )
        assert refused.status_code == 422
        assert "Vermeld waarom u bezwaar maakt" in refused.text
        no_token = client.post(f"/portal/subprocessor-changes/{reference}/objection", data={"reasons": "Nee."})
        assert no_token.status_code in {400, 403}
        page = client.post(
            f"/portal/subprocessor-changes/{reference}/objection",
            data={"reasons": "Wij willen geen back-up in de Verenigde Staten.", "csrf": token},
        )
        assert page.status_code == 200, page.text
        assert "Uw bezwaar is geregistreerd" in page.text
        assert "Wij willen geen back-up in de Verenigde Staten." in page.text
        again = client.post(
            f"/portal/subprocessor-changes/{reference}/objection", data={"reasons": "Nog eens.", "csrf": token}
        )
        assert again.status_code == 409

    # Customer B objects through the API.
    path = f"/me/subprocessor-changes/{reference}/objection"
    answer = world.client.post(
        path, json={"reasons": "Pas de sauvegarde hors de l'UE."}, headers=world.auth("customer_b")
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["channel"] == "api"
    # The DPO's alerts of both objections leave at once, by the API's background delivery (no incident).
    assert world.delivered.incidents.count(None) == 2
    mine = world.client.get("/me/subprocessor-changes", headers=world.auth("customer_b")).json()
    assert [(m["reference"], m["open"], m["reasons"]) for m in mine] == [
        (reference, False, "Pas de sauvegarde hors de l'UE.")
    ]
    assert {c["name"] for c in mine[0]["changes"]} == {"Relais Deux SRL", "Backup Box Inc."}
    assert world.client.post(path, json={"reasons": "x"}, headers=world.auth("security")).status_code == 403

    # Our DPO is alerted of each objection, with the customer and its reasons.
    deliver(world.engine, clock, internal)
    alerts = [r.body["message"] for r in sink.received if r.path == "/dpo"]
    assert len(alerts) == 2
    assert any(CUSTOMER_A in a and "Verenigde Staten" in a for a in alerts)
    assert any(CUSTOMER_B in a and reference in a for a in alerts)

    # Customer C lets the period lapse: an objection after it is refused, nothing written.
    with Session(world.engine) as session:
        until = for_dpo(session=session, now=world.clock.now(), tz="Europe/Brussels")[0]
        assert until.open
    world.clock.advance(timedelta(days=40))
    late = world.clock.now()
    with unit_of_work(world.engine) as session:
        c_id = repository.customer_by_name(CUSTOMER_C, session=session).id
        with pytest.raises(PeriodOver):
            object_to(
                reference, c_id, session=session, reasons="Zu spät.", channel="staff", actor="ops", now=late,
                language=Language.EN,
            )  # fmt: skip
        session.rollback()

    # Our DPO sees all three.
    with Session(world.engine) as session:
        (view,) = for_dpo(session=session, now=late, tz="Europe/Brussels")
        assert not view.open
        assert view.objected == 2
        by_name = {c.customer: c for c in view.customers}
        assert (by_name[CUSTOMER_A].objection, by_name[CUSTOMER_A].channel) == ("objected", "portal")
        assert (by_name[CUSTOMER_B].objection, by_name[CUSTOMER_B].channel) == ("objected", "api")
        assert by_name[CUSTOMER_C].objection == "lapsed"
        assert all(c.notice == "delivered" for c in view.customers)
        assert open_periods(session=session, now=late, tz="Europe/Brussels") == []
        assert len(session.exec(select(SubprocessorObjection)).all()) == 2
        key = Ed25519PrivateKey.generate()
        pack = views.build_pack(reference, CUSTOMER_A, session=session, now=late, signing_key=key)
    assert verify_pack(pack.data, key.public_key()) == []
    objection = json.loads(read_zip(pack.data)["objection.json"])
    assert objection["objection"]["channel"] == "portal"
    assert objection["objection"]["reasons"] == "Wij willen geen back-up in de Verenigde Staten."
    assert objection["objection"]["audit"][0]["event_type"] == "subprocessor.objection_recorded"


def test_refusals_write_nothing(told: tuple[World, HttpSink]) -> None:
    """Announcing an unchanged directory, an effective date inside the period, a customer not concerned."""
    world, _sink = told
    before = snapshot(world.engine)
    with pytest.raises(InvalidInput, match="nothing to announce"), unit_of_work(world.engine) as session:
        import_chain(SUBPROCESSORS, session=session, actor="dpo", now=T0, source="same.yaml", announce=True)
    with pytest.raises(InvalidInput, match="after the objection period"), unit_of_work(world.engine) as session:
        import_chain(
            CHANGED, session=session, actor="dpo", now=T0, source="changed.yaml", announce=True,
            effective=T0.date() + timedelta(days=3),
        )  # fmt: skip
    assert snapshot(world.engine) == before
    reference = _announce(world)
    with Session(world.engine) as session:
        notices = session.exec(select(Notice).where(Notice.kind == NoticeKind.SUBPROCESSOR_CHANGE)).all()
        assert sorted(n.language.value for n in notices) == ["de", "fr", "nl"]
    # A customer that does not use mail-hosting is not concerned: 404, as another customer's case.
    with Session(world.engine) as session:
        customer_b = repository.customer_by_name(CUSTOMER_B, session=session)
        for use, service in repository.services_of(customer_b.id, session=session):
            assert service.code == "mail-hosting"
            session.delete(use)
        session.commit()
    answer = world.client.post(
        f"/me/subprocessor-changes/{reference}/objection", json={"reasons": "Non."}, headers=world.auth("customer_b")
    )
    assert answer.status_code == 201  # it was told: the change concerned it when announced
    unknown = world.client.post(
        "/me/subprocessor-changes/COM-2026-0999/objection", json={"reasons": "Non."}, headers=world.auth("customer_a")
    )
    assert unknown.status_code == 404
    with unit_of_work(world.engine) as session:
        other = import_directory(
            directory(customer("Other Customer NV", contacts=["json://127.0.0.1:9/o"], services=[CRM_ONLY])),
            session=session, actor="setup", now=T0, source="t",
        )  # fmt: skip
        assert other is not None
    with unit_of_work(world.engine) as session:
        other_id = repository.customer_by_name("Other Customer NV", session=session).id
        with pytest.raises(NotConcerned, match="does not concern Other Customer NV"):
            object_to(
                reference, other_id, session=session, reasons="Nee.", channel="staff", actor="ops", now=T0,
                language=Language.EN,
            )  # fmt: skip
