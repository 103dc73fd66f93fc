"""A customer's instructions by API (DPA clause 9): staff record one and tell a concern, delivery starts at once;
the customer lists its own, answers one (another customer's is not found), and lists what we told it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from breach.db.models.communications import Communication, Instruction
from breach.db.models.outbox import Notice
from breach.vocabulary import NoticeKind
from tests.api.support import CUSTOMER_A, CUSTOMER_B, World

SUMMARY = "Send the monthly export of the order history to our new accountant's SFTP server."


def _record(world: World, **changes: Any) -> dict[str, Any]:
    body = {"customer": CUSTOMER_B, "received_at": "2026-03-27T09:30:00+01:00", "summary": SUMMARY, **changes}
    answer = world.client.post("/instructions", json=body, headers=world.auth("security"))
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_an_oral_instruction_is_sent_back_confirmed_by_the_customer_and_listed(world: World) -> None:
    got = _record(world, given_by="Claire Exemple")
    assert got["reference"].startswith("INS-")
    assert (got["state"], got["awaiting_customer"], got["asked"] is not None) == ("received", True, True)
    assert world.delivered.incidents == [None]  # its notice leaves at once, about no incident
    with Session(world.engine) as session:
        notice = session.exec(select(Notice).where(Notice.kind == NoticeKind.INSTRUCTION_CONFIRMATION)).one()
        assert notice.language.value == "fr"
    reference = got["reference"]
    # Another customer's instruction does not exist for it.
    other = world.client.post(
        f"/me/instructions/{reference}/answer", json={"state": "confirmed", "by": "X"}, headers=world.auth("customer_a")
    )
    assert other.status_code == 404
    assert world.client.get("/me/instructions", headers=world.auth("customer_a")).json() == []
    mine = world.client.get("/me/instructions", headers=world.auth("customer_b")).json()
    assert [i["reference"] for i in mine] == [reference]
    done = world.client.post(
        f"/me/instructions/{reference}/answer",
        json={"state": "confirmed", "by": "Claire Exemple"},
        headers=world.auth("customer_b"),
    )
    assert done.status_code == 200, done.text
    assert (done.json()["state"], done.json()["confirmed_by"]) == ("confirmed", "Claire Exemple")
    again = world.client.post(
        f"/me/instructions/{reference}/answer",
        json={"state": "withdrawn", "by": "Claire"},
        headers=world.auth("customer_b"),
    )
    assert again.status_code == 409
    told = world.client.get("/me/communications", headers=world.auth("customer_b")).json()
    assert [(c["kind"], c["what"]) for c in told] == [("instruction_confirmation", reference)]


def test_a_concern_suspends_and_the_customer_amends(world: World) -> None:
    reference = _record(world, form="written", customer=CUSTOMER_A)["reference"]
    assert world.delivered.incidents == []  # a written instruction asks for nothing
    refused = world.client.post(
        f"/instructions/{reference}/concern",
        json={"reasons": "No ground.", "suspend": True},
        headers=world.auth("security"),
    )
    assert refused.status_code == 403  # our concern is the DPO's to state
    concern = world.client.post(
        f"/instructions/{reference}/concern",
        json={"reasons": "The accountant is not named in the agreement as a recipient.", "suspend": True},
        headers=world.auth("dpo"),
    )
    assert concern.status_code == 200, concern.text
    assert (concern.json()["state"], concern.json()["told"] is not None) == ("suspended", True)
    assert world.delivered.incidents == [None]
    no_text = world.client.post(
        f"/me/instructions/{reference}/answer", json={"state": "amended", "by": "Jan"}, headers=world.auth("customer_a")
    )
    assert (no_text.status_code, no_text.json()["error"]["field"]) == (422, "amendment")
    amended = world.client.post(
        f"/me/instructions/{reference}/answer",
        json={"state": "amended", "by": "Jan Voorbeeld", "amendment": "Only the invoices, not the order lines."},
        headers=world.auth("customer_a"),
    )
    assert amended.status_code == 200, amended.text
    assert amended.json()["amendment"] == "Only the invoices, not the order lines."


def test_bad_input_is_refused_and_nothing_written(world: World) -> None:
    for changes, status, field in [
        ({"customer": "Nobody BV"}, 404, "customer"),
        ({"received_at": "2099-01-01T00:00:00+01:00"}, 422, "received_at"),
        ({"summary": "   "}, 422, "summary"),
    ]:
        body = {"customer": CUSTOMER_B, "received_at": "2026-03-27T09:30:00+01:00", "summary": SUMMARY, **changes}
        answer = world.client.post("/instructions", json=body, headers=world.auth("dpo"))
        assert answer.status_code == status, answer.text
        assert answer.json()["error"]["field"] == field
    with Session(world.engine) as session:
        assert session.exec(select(Instruction)).all() == []
        assert session.exec(select(Communication)).all() == []


def test_the_customer_acknowledges_its_communication(world: World) -> None:
    _record(world)
    with Session(world.engine) as session:
        key = session.exec(select(Notice).where(Notice.kind == NoticeKind.INSTRUCTION_CONFIRMATION)).one().notice_key
    path = f"/me/communications/{key}/acknowledge"
    other = world.client.post(path, json={"name": "Jan"}, headers=world.auth("customer_a"))
    assert other.status_code == 404
    done = world.client.post(path, json={"name": "Claire Exemple"}, headers=world.auth("customer_b"))
    assert done.status_code == 200, done.text
    assert done.json() == {"notice_key": key, "acknowledged_by": "Claire Exemple"}
    again = world.client.post(path, json={"name": "Claire Exemple"}, headers=world.auth("customer_b"))
    assert again.status_code == 409
    (told,) = world.client.get("/me/communications", headers=world.auth("customer_b")).json()
    assert told["acknowledged_by"] == "Claire Exemple"
