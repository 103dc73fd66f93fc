"""The portal's communications page (issue 22): what we told the customer besides a breach, with its
acknowledgement (given there too), and its instructions (DPA clause 9) confirmed, changed or withdrawn through a
form."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import httpx
from sqlmodel import Session, select

from breach.db.models.communications import Instruction
from breach.db.models.outbox import Notice
from breach.vocabulary import NoticeKind
from flows.db import unit_of_work
from flows.usecases.communications.instructions import raise_concern, record_instruction
from tests.api.support import CUSTOMER_B, T0, World, form_token, sign_in, snapshot

SUMMARY = "Send the order history to our new accountant every month."


@contextmanager
def _signed_in(world: World, role: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as client:
        assert sign_in(client, world.keys[role]).status_code == 303
        yield client


def _instruction(world: World, form: str = "oral") -> str:
    with unit_of_work(world.engine) as session:
        return record_instruction(
            session=session,
            customer=CUSTOMER_B,
            form=form,
            received_at=T0 - timedelta(hours=1),
            given_by="Claire Martin",
            summary=SUMMARY,
            actor="dpo@cloud.example.org",
            now=T0,
        ).reference


def test_the_customer_sees_what_we_told_it_and_confirms_its_instruction(world: World) -> None:
    reference = _instruction(world)
    with _signed_in(world, "customer_b") as client:
        cases = client.get("/portal/cases")
        assert 'href="/portal/communications"' in cases.text
        page = client.get("/portal/communications")
        assert page.status_code == 200, page.text
        assert "Nos autres communications" in page.text
        assert "confirmation d&#39;une instruction orale" in page.text  # the kind, in French
        assert "réception pas encore confirmée" in page.text
        assert SUMMARY in page.text
        csrf = form_token(client, "/portal/communications")
        no_name = client.post(f"/portal/instructions/{reference}/answer", data={"state": "confirmed", "csrf": csrf})
        assert no_name.status_code == 422
        assert "Veuillez indiquer votre nom." in no_name.text
        done = client.post(
            f"/portal/instructions/{reference}/answer",
            data={"state": "confirmed", "name": "Claire Martin", "csrf": csrf},
        )
        assert done.status_code == 200, done.text
        assert "Votre réponse est enregistrée." in done.text
        assert "confirmée par écrit" in done.text
        again = client.post(
            f"/portal/instructions/{reference}/answer",
            data={"state": "withdrawn", "name": "Claire Martin", "csrf": csrf},
        )
        assert again.status_code == 409
    with Session(world.engine) as session:
        (row,) = session.exec(select(Instruction)).all()
        assert row.confirmed_by == "Claire Martin"


def test_another_customer_cannot_answer_and_a_refusal_writes_nothing(world: World) -> None:
    reference = _instruction(world, form="written")
    with unit_of_work(world.engine) as session:
        raise_concern(session=session, reference=reference, reasons="No legal ground named.", suspend=True,
                      actor="dpo@cloud.example.org", now=T0)  # fmt: skip
    with _signed_in(world, "customer_a") as client:
        csrf = form_token(client)  # its page has no form: it has no instruction
        assert reference not in client.get("/portal/communications").text
        other = client.post(
            f"/portal/instructions/{reference}/answer", data={"state": "withdrawn", "name": "Jan", "csrf": csrf}
        )
        assert other.status_code == 404
    with _signed_in(world, "customer_b") as client:
        csrf = form_token(client, "/portal/communications")
        page = client.get("/portal/communications")
        assert "suspendue jusqu&#39;à ce que vous la confirmiez ou la modifiiez" in page.text
        assert "No legal ground named." in page.text
        before = snapshot(world.engine)
        no_text = client.post(
            f"/portal/instructions/{reference}/answer", data={"state": "amended", "name": "Claire", "csrf": csrf}
        )
        assert no_text.status_code == 422
        assert "Rédigez l&#39;instruction modifiée" in no_text.text
        assert snapshot(world.engine) == before
        amended = client.post(
            f"/portal/instructions/{reference}/answer",
            data={"state": "amended", "name": "Claire", "amendment": "Only the invoices.", "csrf": csrf},
        )
        assert amended.status_code == 200, amended.text
        assert "Only the invoices." in amended.text


def test_the_customer_acknowledges_a_communication_on_the_portal(world: World) -> None:
    _instruction(world)
    with Session(world.engine) as session:
        key = session.exec(select(Notice).where(Notice.kind == NoticeKind.INSTRUCTION_CONFIRMATION)).one().notice_key
    with _signed_in(world, "customer_a") as client:
        other = client.post(
            f"/portal/communications/{key}/acknowledge", data={"name": "Jan", "csrf": form_token(client)}
        )
        assert other.status_code == 404
    with _signed_in(world, "customer_b") as client:
        csrf = form_token(client)
        done = client.post(f"/portal/communications/{key}/acknowledge", data={"name": "Claire Martin", "csrf": csrf})
        assert done.status_code == 200, done.text
        assert "Votre accusé de réception est enregistré." in done.text
        assert "Claire Martin" in done.text
        again = client.post(f"/portal/communications/{key}/acknowledge", data={"name": "Claire Martin", "csrf": csrf})
        assert "Cette notification a déjà été confirmée." in again.text
