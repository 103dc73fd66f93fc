"""Support packs sent as a notice (DPA clause 8(1)(c)-(e)): queued for one case, audited, delivered by the
outbox with the packs attached, to full-detail contacts only; and the failed measures a DPIA pack reports."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.directory import Contact
from breach.db.models.incidents import Deadline
from breach.db.models.outbox import Notice
from breach.db.models.support import SupportTask
from breach.errors import InvalidInput
from breach.incidents.narrative import Narrative, missing_items
from breach.vocabulary import DetailLevel, NoticeKind, NoticeStatus
from flows import db as flows_db
from flows.usecases.facts import record_facts
from flows.usecases.support_packs import load_pack, send_packs
from notifications.channels.channel import FailingChannel, OutgoingMessage, RecordingChannel
from notifications.delivery.sender import RetryPolicy, deliver_batch
from notifications.packs.case_packs import render_pack
from tests.factories import NARRATIVE, SENDER
from tests.record_world import BAKERY, BREWERY, FACTS, NOW, World, build

REF = "BR-2026-0001"
MAIL = "mailto://notify:pw@mail.example.org?to=privacy@brouwerij.example.org"
CHAT = "json://127.0.0.1:9/chat"  # a webhook standing in for a chat: its detail is what we set


@pytest.fixture
def world(session: Session, db: Engine) -> World:
    return build(session, db)


def _contacts(world: World, customer: str, *contacts: tuple[str, DetailLevel]) -> list[Contact]:
    """The customer's contacts become ``contacts``, in order (the first one rewritten: notices refer to it)."""
    _case, who = world.cases[customer]
    (first,) = repository.contacts_of(who.id, session=world.session)
    rows = [first]
    first.url, first.display, first.detail = contacts[0][0], contacts[0][0].split("?")[0], contacts[0][1]
    world.session.add(first)
    for position, (url, detail) in enumerate(contacts[1:], 2):
        row = Contact(customer_id=who.id, position=position, url=url, display=url.split("?")[0], detail=detail)
        world.session.add(row)
        rows.append(row)
    world.session.commit()
    return rows


def _deliver(world: World, channel: RecordingChannel | FailingChannel) -> None:
    deliver_batch(
        unit_of_work=partial(flows_db.unit_of_work, world.engine),
        channel=channel,
        sender=SENDER,
        clock=FixedClock(NOW + timedelta(minutes=1)),
        limit=50,
        policy=RetryPolicy(attempts_per_contact=1),
    )


def _sent(channel: RecordingChannel, kind: str) -> list[tuple[str, OutgoingMessage]]:
    return [(url, m) for url, m in channel.sent if f".{kind}." in m.notice_key]


def test_sending_queues_one_audited_notice_naming_its_packs(world: World) -> None:
    """One support-pack notice for the case, packs in catalogue order, and an audit event naming who sent it."""
    notice = send_packs(REF, BREWERY, ["dpia", "authority"], session=world.session, actor="dpo@example.org", now=NOW)
    world.session.commit()
    assert notice.kind is NoticeKind.SUPPORT_PACK
    assert notice.details == {"packs": ["authority", "dpia"]}
    assert notice.case_id == world.cases[BREWERY][0].id
    event = world.session.exec(select(AuditEvent).where(AuditEvent.event_type == "support_pack.queued")).one()
    assert (event.actor, event.data["notice_key"], event.data["packs"]) == (
        "dpo@example.org",
        notice.notice_key,
        ["authority", "dpia"],
    )
    again = send_packs(REF, BREWERY, ["subjects"], session=world.session, actor="dpo@example.org", now=NOW)
    assert (notice.phase, again.phase) == (1, 2)
    assert notice.notice_key != again.notice_key


@pytest.mark.parametrize(
    ("kinds", "problem"),
    [
        (["consultation"], "breach consultation pack"),
        ([], "at least one"),
        (["authority", "letters"], "expected one of"),
    ],
)
def test_an_unknown_or_missing_pack_is_refused(world: World, kinds: list[str], problem: str) -> None:
    """Consultation is not built here; no kind, or an unknown one, is refused naming the field."""
    with pytest.raises(InvalidInput, match=problem) as caught:
        send_packs(REF, BREWERY, kinds, session=world.session, actor="dpo", now=NOW)
    assert caught.value.field == "kind"


def test_the_outbox_delivers_the_packs_attached(world: World) -> None:
    """Markdown, HTML and JSON of each pack travel as attachments; no breach-notice document beside them."""
    send_packs(REF, BREWERY, ["authority", "dpia"], session=world.session, actor="dpo", now=NOW)
    world.session.commit()
    channel = RecordingChannel()
    _deliver(world, channel)
    ((_url, message),) = _sent(channel, "support_pack")
    names = [a.name for a in message.attachments]
    assert names == [f"PACK-{REF}-{kind}.{fmt}" for kind in ("authority", "dpia") for fmt in ("md", "html", "json")]
    files = {a.name: a for a in message.attachments}
    assert files[f"PACK-{REF}-dpia.html"].mimetype == "text/html"
    dpia = json.loads(files[f"PACK-{REF}-dpia.json"].content)
    assert dpia["kind"] == "dpia"
    assert dpia["dpia"]["processing"][0]["code"] == "mail-hosting"
    assert "Ondersteuning bij uw gegevensbeschermingseffectbeoordeling" in files[f"PACK-{REF}-dpia.md"].content.decode()
    assert f"PACK-{REF}-authority.md" in message.text
    world.reload()
    notice = world.session.exec(select(Notice).where(Notice.kind == NoticeKind.SUPPORT_PACK)).one()
    assert notice.status is NoticeStatus.DELIVERED


def test_packs_never_go_to_a_chat(world: World) -> None:
    """A customer whose only contact is minimal is refused; with a chat first, the packs go to its e-mail, and
    when that fails the chat is not tried."""
    (chat,) = _contacts(world, BREWERY, (CHAT, DetailLevel.MINIMAL))
    with pytest.raises(InvalidInput, match="full-detail"):
        send_packs(REF, BREWERY, ["dpia"], session=world.session, actor="dpo", now=NOW)
    world.session.rollback()
    mail = Contact(
        customer_id=chat.customer_id, position=2, url=MAIL, display="mailto://mail.example.org", detail=DetailLevel.FULL
    )
    world.session.add(mail)
    world.session.commit()
    notice = send_packs(REF, BREWERY, ["dpia"], session=world.session, actor="dpo", now=NOW)
    world.session.commit()
    assert notice.contact_id == mail.id
    failing = FailingChannel(failing=frozenset({MAIL}), transient=False, reason="mailbox unavailable")
    _deliver(world, failing)
    assert all(url != CHAT for url, _ in failing.inner.sent)
    world.session.expire_all()
    stored = world.session.get(Notice, notice.id)
    assert stored is not None
    assert (stored.status, stored.contact_id) == (NoticeStatus.FAILED, mail.id)


def test_a_pack_kind_stored_unknown_fails_its_notice_visibly(world: World) -> None:
    """A stored kind the engine cannot build fails the one notice with its reason, not the batch."""
    notice = send_packs(REF, BREWERY, ["dpia"], session=world.session, actor="dpo", now=NOW)
    notice.details = {"packs": ["consultation"]}
    world.session.add(notice)
    world.session.commit()
    _deliver(world, RecordingChannel())
    world.session.expire_all()
    stored = world.session.get(Notice, notice.id)
    assert stored is not None
    assert stored.status is NoticeStatus.FAILED
    assert stored.last_error is not None
    assert "consultation" in stored.last_error


def test_failed_measures_are_recorded_checked_and_shown_in_the_dpia_pack(world: World) -> None:
    """`breach facts` records the failed measures; an unknown one names field and value; the DPIA pack marks them."""
    narrative = {**{k: v for k, v in NARRATIVE.items() if k != "not_yet_known"}, "failed_measures": ["bogus"]}
    with pytest.raises(InvalidInput) as caught:
        record_facts(REF, {"narrative": narrative}, session=world.session, actor="dpo", now=NOW)
    assert (caught.value.field, caught.value.value) == ("narrative.failed_measures.0", "bogus")
    narrative["failed_measures"] = ["incident_response", "electronic_access"]
    record_facts(REF, {"facts": FACTS, "narrative": narrative}, session=world.session, actor="dpo", now=NOW)
    world.session.commit()
    world.reload()
    assert world.incident.narrative is not None
    assert world.incident.narrative["failed_measures"] == ["incident_response", "electronic_access"]
    context = load_pack(REF, BAKERY, "dpia", session=world.session, sender=SENDER, now=NOW)
    assert context.dpia is not None
    assert context.dpia.failed == ("electronic_access", "incident_response")
    assert context.narrative.failed_measures == ("electronic_access", "incident_response")
    rendered = render_pack(context)
    assert "Contrôle de l'accès électronique" in rendered.markdown
    assert rendered.markdown.count("défaillante lors de cet incident") == 2
    assert "[à compléter par vous, en tant que responsable du traitement]" in rendered.html


def test_failed_measures_leave_the_completeness_gate_alone() -> None:
    """The gate follows Art. 33(3) only: failed measures neither fill nor open an item."""
    bare = Narrative(nature="x")
    with_measures = Narrative(nature="x", failed_measures=("electronic_access",))
    assert missing_items(with_measures, has_facts=True, has_default_contact=True) == missing_items(
        bare, has_facts=True, has_default_contact=True
    )


def test_a_sent_pack_opens_its_task_due_with_the_open_clock(world: World) -> None:
    """The authority pack's task inherits the case's open Art. 33 due time; the DPIA task has none."""
    send_packs(REF, BAKERY, ["authority", "dpia"], session=world.session, actor="dpo@example.org", now=NOW)
    world.session.commit()
    case = world.cases[BAKERY][0]
    clock = world.session.exec(select(Deadline).where(Deadline.case_id == case.id, Deadline.rule == "gdpr.33.1")).one()
    assert clock.met_at is None
    due = {t.kind.value: t.due_at for t in world.session.exec(select(SupportTask)).all()}
    assert due == {"authority_notification": clock.due_at, "dpia": None}
