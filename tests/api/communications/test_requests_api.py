"""``POST /requests``: a data subject's request forwarded by API as by the CLI (DPA clause 4(1)), to the customer's
full-detail contact, never echoed back; refusals in the API's shape with nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from breach.db.models.communications import Communication, CommunicationRecipient
from breach.db.models.outbox import Notice
from breach.vocabulary import NoticeKind, NoticeStatus
from tests.api.support import CUSTOMER_A, CUSTOMER_B, T0, World

TEXT = "Claire Exemple, claire@exemple.test : merci d'effacer mes données."


def _body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer": CUSTOMER_B,
        "kind": "erasure",
        "received_at": "2026-03-27T09:30:00+01:00",
        "text": TEXT,
    }
    body.update(changes)
    return body


def test_a_request_is_queued_to_the_customer_and_not_echoed(world: World) -> None:
    answer = world.client.post("/requests", json=_body(), headers=world.auth("dpo"))
    assert answer.status_code == 201, answer.text
    got = answer.json()
    assert got["reference"].startswith(f"COM-{T0.year}-")
    assert got["rule"] == "dpa.4.1"
    assert got["due_at"].startswith("2026-03-28T08:30:00")  # 24 hours after receipt
    assert "claire@exemple.test" not in answer.text
    with Session(world.engine) as session:
        notice = session.exec(select(Notice).where(Notice.kind == NoticeKind.SUBJECT_REQUEST)).one()
        assert notice.notice_key == got["notice_key"]
        assert notice.status is NoticeStatus.PENDING
        assert notice.language.value == "fr"
        assert notice.contact_id is not None
    # Its delivery starts at once after the answer, about no incident (so never as a Prefect flow run).
    assert world.delivered.incidents == [None]


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"kind": "deletion"}, 422, "kind"),
        ({"received_at": "2026-03-27T09:30:00"}, 422, "received_at"),
        ({"received_at": "2099-03-27T09:30:00+01:00"}, 422, "received_at"),
        ({"text": "   "}, 422, "file"),
        ({"customer": "Nobody BV"}, 404, "customer"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    world: World, changes: dict[str, Any], status: int, field: str
) -> None:
    answer = world.client.post("/requests", json=_body(**changes), headers=world.auth("dpo"))
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["field"] == field
    with Session(world.engine) as session:
        assert session.exec(select(Communication)).all() == []
        assert session.exec(select(CommunicationRecipient)).all() == []


def test_a_customer_key_may_not_forward(world: World) -> None:
    answer = world.client.post("/requests", json=_body(customer=CUSTOMER_A), headers=world.auth("customer_a"))
    assert answer.status_code == 403
