"""No real notice leaves without our DPO's name and direct contact (DPA clause 5(a); issue 17).

On the delivery path itself (``notifications.delivery.dpo_contact``, called while a batch is planned):
while a DPO setting is its placeholder or empty, a batch with a real contact is refused whole and nothing
is claimed, tried, recorded or received; ``spool://`` (files on this machine) is exempt, and its JSON
attachment then says the phone is null.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db.models.audit import AuditEvent
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.errors import ConfigurationError
from breach.vocabulary import NoticeStatus
from flows import db
from notifications.channels.channel import AppriseChannel
from notifications.context.build import Sender
from notifications.delivery.dpo_contact import PLACEHOLDER_DPO
from notifications.delivery.sender import BatchCounts, RetryPolicy, deliver_batch
from notifications.i18n.catalogues import message
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.notice_contexts import SENDER as NOTICE_SENDER
from tests.notice_contexts import complete_context
from tests.rendered_text import render_context, visible_text
from tests.servers import http_sink

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
POLICY = RetryPolicy(concurrency=2, render_processes=0)
COMPLETE = SENDER.dpo


def _sender(**dpo: str) -> Sender:
    return SENDER.model_copy(update={"dpo": COMPLETE.model_copy(update=dpo)})


def _deliver(engine: Engine, sender: Sender) -> BatchCounts:
    return deliver_batch(
        unit_of_work=partial(db.unit_of_work, engine),
        channel=AppriseChannel(connect_timeout=2, read_timeout=2),
        sender=sender,
        clock=FixedClock(T0),
        limit=50,
        policy=POLICY,
    )


INCOMPLETE = {
    "the placeholder name": ({"name": PLACEHOLDER_DPO.name}, "BREACH_DPO_NAME is not set"),
    "the placeholder e-mail": ({"email": PLACEHOLDER_DPO.email}, "BREACH_DPO_EMAIL is not set"),
    "no phone": ({"phone": ""}, "BREACH_DPO_PHONE is not set"),
    "a blank name": ({"name": "  "}, "BREACH_DPO_NAME is not set"),
    "all placeholders": (
        PLACEHOLDER_DPO.model_dump(),
        "BREACH_DPO_NAME, BREACH_DPO_EMAIL, BREACH_DPO_PHONE are not set: every notice must carry our DPO's name and"
        " direct contact (DPA clause 5(a))",
    ),
}


@pytest.mark.parametrize("case", INCOMPLETE)
def test_a_real_contact_is_refused_while_a_dpo_setting_is_a_placeholder(
    session: Session, db: Engine, case: str
) -> None:
    """The error names the settings; the notice stays pending, unclaimed, untried; no audit event; nothing arrives."""
    dpo, message = INCOMPLETE[case]
    with http_sink() as sink:
        confirmed_incident(session, customers=[customer(contacts=[sink.url("hook")])], now=T0)
        events = session.exec(select(func.count()).select_from(AuditEvent)).one()
        with pytest.raises(ConfigurationError) as refused:
            _deliver(db, _sender(**dpo))
        assert str(refused.value).startswith(message)
        received = list(sink.received)
    assert received == []
    session.expire_all()
    notice = session.exec(select(Notice)).one()
    assert (notice.status, notice.claim_token, notice.possible_duplicate) == (NoticeStatus.PENDING, None, False)
    assert session.exec(select(DeliveryAttempt)).all() == []
    assert session.exec(select(func.count()).select_from(AuditEvent)).one() == events


def test_once_the_settings_are_complete_the_same_notice_leaves(session: Session, db: Engine) -> None:
    """The refusal holds nothing back for good: with the DPO's contact complete the notice is delivered."""
    with http_sink() as sink:
        confirmed_incident(session, customers=[customer(contacts=[sink.url("hook")])], now=T0)
        with pytest.raises(ConfigurationError):
            _deliver(db, _sender(phone=""))
        assert _deliver(db, SENDER).delivered == 1
        (request,) = sink.received
    dpo = request.body["processor"]["dpo"]
    assert dpo == {"name": "Dana Example", "email": COMPLETE.email, "phone": "+32 2 000 00 00"}


def test_one_real_contact_refuses_the_whole_batch(
    session: Session, db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spool contact beside a real one does not go alone: the batch is refused as a whole."""
    monkeypatch.setenv("BREACH_SPOOL_DIR", str(tmp_path))
    with http_sink() as sink:
        confirmed_incident(
            session,
            customers=[
                customer(contacts=[sink.url("hook")]),
                customer("Boulangerie Exemple SA", language="fr", contacts=["spool://boulangerie.example.org/dpo"]),
            ],
            now=T0,
        )
        with pytest.raises(ConfigurationError):
            _deliver(db, _sender(**PLACEHOLDER_DPO.model_dump()))
        assert list(sink.received) == []
    assert list(tmp_path.rglob("*")) == []


def test_spool_contacts_are_exempt_and_their_json_says_the_phone_is_null(
    session: Session, db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's and the tests' files on this machine go out with the placeholders; the attachment carries the
    services' codes and the authorities' ids from the directory, and a null phone."""
    monkeypatch.setenv("BREACH_SPOOL_DIR", str(tmp_path))
    confirmed_incident(
        session,
        customers=[
            customer(
                contacts=["spool://brouwerij.example.org/dpo"],
                other_authorities=["NL-AP"],
            )
        ],
        now=T0,
    )
    placeholder = Sender.model_validate({**SENDER.model_dump(), "dpo": PLACEHOLDER_DPO.model_dump()})
    assert _deliver(db, placeholder).delivered == 1
    (attachment,) = tmp_path.rglob("*breach-notice.json")
    document = json.loads(attachment.read_text(encoding="utf-8"))
    dpo = document["processor"]["dpo"]
    assert dpo == {"name": "Data Protection Officer", "email": "dpo@example.org", "phone": None}
    assert document["customer"]["lead_authority"]["id"] == "BE-GBA"
    assert [a["id"] for a in document["customer"]["other_authorities"]] == ["NL-AP"]
    # The service's name in the customer's language (Dutch, issue 17); its code stays.
    assert [(s["code"], s["name"]) for s in document["services"]] == [("mail-hosting", "Gehoste e-mail")]


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_a_placeholder_name_never_signs_beside_the_title(language: str) -> None:
    """With BREACH_DPO_NAME unset the signature is the DPO's title in the reader's language alone, never
    "Data Protection Officer, Functionaris voor gegevensbescherming"; a real name signs on the line above the
    title (a title after a comma would want a small letter in Dutch and French)."""
    title = message(language, "notice", "dpo_title")
    placeholder = NOTICE_SENDER.model_copy(update={"dpo": PLACEHOLDER_DPO})
    rendered = render_context(complete_context(language=language, sender=placeholder))
    for text in (rendered.text, visible_text(rendered.html)):
        flat = " ".join(text.split())
        assert "Data Protection Officer," not in flat
        assert f"{NOTICE_SENDER.processor_name} {title}" in flat
    named = render_context(complete_context(language=language)).text
    assert f"{NOTICE_SENDER.processor_name}\n{NOTICE_SENDER.dpo.name}\n{title}\n" in named
