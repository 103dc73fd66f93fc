"""A notice as the customer received it (``/portal/cases/{case}/notices/{notice}``): its subject and text
exactly as sent (the ``SentMessage`` document the evidence pack holds), and its machine-readable JSON to
download (``.../json``), so an update reads in the portal as it read in the mailbox (issue 18).

Only a notice of the customer's own case: another customer's, an internal alert or one never sent is a 404,
whether it exists or not. The text is shown as text, never the sent HTML: the page stays free of markup
that the portal did not write.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Final
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool

from breach.db.models.outbox import SentMessage
from breach.errors import NotFound
from flows.usecases import case_views
from flows.web.api_keys import CustomerPrincipal
from flows.web.pages import reader_words
from flows.web.portal.pages import local_time
from flows.web.portal.site import PortalSite
from notifications.delivery import archive
from notifications.i18n.catalogues import labels

JSON_ATTACHMENT: Final = "breach-notice.json"


@dataclass(frozen=True, slots=True)
class SentNotice:
    """What one notice's page shows: ``text`` None when retention removed the content (its hash is kept)."""

    reference: str
    case_id: UUID
    notice_id: UUID
    kind: str
    phase: int
    language: str
    timezone: str
    sent_at: str
    subject: str | None
    text: str | None
    json: bytes | None


def sent_notice(site: PortalSite, who: CustomerPrincipal, case_id: UUID, notice_id: UUID) -> SentNotice:
    """The last sending of a notice of the customer's own case; ``NotFound`` for anything else."""
    with site.api.uow() as session:
        case, incident, customer = case_views.own_case(who.customer_id, case_id, session=session)
        # The notices the case page lists (never an internal alert): the page shows only those.
        notice = next((n for n in case_views.case_notices(case, session=session) if n.id == notice_id), None)
        if notice is None:
            raise NotFound("notice", str(notice_id))
        sent = session.exec(
            select(SentMessage).where(SentMessage.notice_id == notice.id).order_by(col(SentMessage.sent_at).desc())
        ).first()
        if sent is None:
            raise NotFound("notice", str(notice_id))
        document = archive.unpack(sent.content) if sent.content is not None else None
        language = reader_words(customer)
        attached = [a for a in (document or {}).get("attachments") or () if a.get("name") == JSON_ATTACHMENT]
        return SentNotice(
            reference=incident.reference,
            case_id=case.id,
            notice_id=notice.id,
            kind=labels(language, "kind").get(notice.kind.value, notice.kind.value),
            phase=notice.phase,
            language=language,
            timezone=customer.timezone,
            sent_at=local_time(sent.sent_at, customer.timezone, language),
            subject=document.get("subject") if document else None,
            text=document.get("text") if document else None,
            json=base64.b64decode(attached[0]["base64"]) if attached else None,
        )


def router(site: PortalSite) -> APIRouter:
    """The notice page and its JSON download."""
    r = APIRouter()

    @r.get("/portal/cases/{case_id}/notices/{notice_id}", response_class=HTMLResponse, include_in_schema=False)
    async def page(request: Request, case_id: UUID, notice_id: UUID) -> Response:
        who = await site.signed_in(request)
        if isinstance(who, Response):
            return who
        try:
            notice = await run_in_threadpool(sent_notice, site, who, case_id, notice_id)
        except NotFound:
            return await site.not_found(who)
        return site.pages.render("notice.html", notice.language, notice=notice, csrf=site.session_token(request))

    @r.get("/portal/cases/{case_id}/notices/{notice_id}/json", include_in_schema=False)
    async def document(request: Request, case_id: UUID, notice_id: UUID) -> Response:
        who = await site.signed_in(request)
        if isinstance(who, Response):
            return who
        try:
            notice = await run_in_threadpool(sent_notice, site, who, case_id, notice_id)
        except NotFound:
            return await site.not_found(who)
        if notice.json is None:
            return await site.not_found(who)
        name = f"{notice.reference}-{notice.notice_id.hex[:8]}-{JSON_ATTACHMENT}"
        return Response(
            notice.json,
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return r
