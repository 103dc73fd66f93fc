"""Rendering in a worker process sends exactly what rendering in the sending process would."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from breach.clock import FixedClock
from breach.db.models.directory import Customer, CustomerService, Service
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.vocabulary import CustomerRole, IncidentStatus, Language, NoticeKind, NoticeStatus
from notifications.channels.channel import RecordingChannel
from notifications.context.build import AlertContext, NoticeContext
from notifications.delivery.sender import MIN_POOLED_BATCH, Draft, render_and_send
from notifications.packs.case_packs import PackContext, pack_context
from notifications.packs.support_notice import render_with_packs
from notifications.render import rendering
from notifications.render.rendering import (
    Rendered,
    RenderPool,
    Rendition,
    render,
    render_notice,
    render_or_reason,
    render_pool,
    shutdown_render_pools,
)
from tests.notice_contexts import complete_context, internal_alert_context, processor_context
from tests.notice_kind_contexts import support_pack_context

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
LANGUAGES = ("nl", "fr", "de", "en")


@pytest.fixture(scope="module")
def pool() -> Iterator[RenderPool]:
    """The process-wide pool of one worker, started and answering (a spawned worker takes a second)."""
    workers = render_pool(1)
    assert workers is not None
    deadline = time.monotonic() + 60
    while not workers.ready():
        assert time.monotonic() < deadline, "the render worker did not start"
        time.sleep(0.05)
    try:
        yield workers
    finally:
        shutdown_render_pools()


def _drafts(count: int) -> list[Draft]:
    drafts = []
    for i in range(count):
        language = LANGUAGES[i % len(LANGUAGES)]
        key = f"BR-2026-0001.initial.1.{i:032x}"
        notice = Notice(
            notice_key=key,
            kind=NoticeKind.INITIAL,
            phase=1,
            language=Language(language),
            status=NoticeStatus.SENDING,
            created_at=NOW,
        )
        context = complete_context(language=language, notice_key=key, customer_name=f"Klant {i} BV")
        drafts.append(Draft(notice, context, urls=(f"json://127.0.0.1:9/c{i}",), display="json://…", with_payload=True))
    return drafts


def test_a_worker_renders_what_this_process_renders(pool: RenderPool) -> None:
    """Subject, text and HTML of every kind of context are the same whichever process renders them."""
    contexts: list[tuple[str, NoticeContext | AlertContext]] = [
        *(("initial", complete_context(language=language)) for language in LANGUAGES),
        ("pass_on", processor_context()),
        ("internal_alert", internal_alert_context()),
    ]
    for kind, context in contexts:
        assert pool.submit(render_or_reason, kind, context.language, context).result(timeout=60) == render(
            kind, context.language, context
        )


def test_a_template_defect_comes_back_as_its_reason(pool: RenderPool) -> None:
    """A failure in a worker is returned as the notice's reason, never as an exception to unpickle."""
    context = complete_context(language="nl")
    reason = pool.submit(render_or_reason, "no_such_kind", "nl", context).result(timeout=60)
    assert isinstance(reason, str)
    assert "no_such_kind" in reason
    outcome = pool.submit(render_notice, "no_such_kind", "nl", context, True).result(timeout=60)
    assert outcome == Rendition(None, problem=f"not rendered: {reason}")


def test_a_batch_sent_through_the_workers_is_the_batch_rendered_here(
    pool: RenderPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``render_and_send`` with a render worker hands the channel the same messages, attachments included,
    and renders none of them in this process."""
    drafts = _drafts(MIN_POOLED_BATCH + 4)
    here, there = RecordingChannel(), RecordingChannel()
    clock = FixedClock(NOW)
    rendered_here: list[str] = []

    def counted(kind: str, language: str, context: Any) -> Rendered | str:
        rendered_here.append(kind)
        return render_or_reason(kind, language, context)

    # Patched here only: a worker process imports its own, so it counts nothing.
    monkeypatch.setattr(rendering, "render_or_reason", counted)
    inline = render_and_send(drafts, channel=here, clock=clock, concurrency=4)
    assert len(rendered_here) == len(drafts)
    pooled = render_and_send(drafts, channel=there, clock=clock, concurrency=4, render_processes=1)
    assert len(rendered_here) == len(drafts)  # none more: the worker rendered them all
    assert [r.error for r in pooled] == [None] * len(drafts)
    assert [r.job.message for r in pooled] == [r.job.message for r in inline]
    assert sorted(m.notice_key for _, m in there.sent) == sorted(m.notice_key for _, m in here.sent)
    assert all(m.attachments and m.attachments[0].content.startswith(b"{") for _, m in there.sent)


def _dpia_pack() -> PackContext:
    """A DPIA pack of an unsaved case: ``pack_context`` is pure, so rows built in memory will do."""
    incident = Incident(
        reference="INC-2025-0042",
        title="Unauthorised access to the CRM database",
        description="Found by the SIEM.",
        status=IncidentStatus.NOTIFIED,
        reported_by="soc@wolkenwerk.example.org",
        detected_at=NOW,
        reported_at=NOW,
        updated_at=NOW,
        narrative={"nature": "An attacker read the CRM database.", "failed_measures": ["electronic_access"]},
    )
    customer = Customer(
        name="Brouwerij Voorbeeld BV",
        role=CustomerRole.CONTROLLER,
        language=Language.NL,
        timezone="Europe/Brussels",
        lead_authority="BE-GBA",
        other_authorities=[],
    )
    case = ControllerCase(incident_id=incident.id, customer_id=customer.id, data_subjects=1200, created_at=NOW)
    service = Service(code="crm-cloud", name="CRM cloud", description="Hosted CRM.")
    use = CustomerService(customer_id=customer.id, service_id=service.id, data_subjects=1200, data_kinds=["name"])
    return pack_context(
        "dpia",
        incident=incident,
        case=case,
        customer=customer,
        deadlines=(),
        reports=(),
        sender=support_pack_context().sender,
        now=NOW,
        uses=[(use, service)],
    )


def test_a_worker_attaches_the_packs_this_process_would(pool: RenderPool) -> None:
    """A support-pack notice rendered in a worker carries the same pack files as one rendered here."""
    context = support_pack_context(language="nl", packs=("dpia",))
    packs = (_dpia_pack(),)
    here = render_with_packs("support_pack", "nl", context, False, packs)
    there = pool.submit(render_with_packs, "support_pack", "nl", context, False, packs).result(timeout=60)
    assert there == here
    assert [name for name, _, _ in here.files] == [f"PACK-INC-2025-0042-dpia.{fmt}" for fmt in ("md", "html", "json")]
