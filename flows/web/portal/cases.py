"""A signed-in customer's cases (``/portal/cases``), one case, and its two forms: report what it did and
acknowledge a notice. Both call what the API calls (``flows.web.api.customer``) and answer with the case page,
saying what was done or what was wrong."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from breach.errors import InvalidInput, NotFound
from flows.web.api.customer import acknowledge_notice, record_report
from flows.web.portal.case_pages import DETAIL_FIELDS, case_page, cases_page
from flows.web.portal.forms import local_instant
from flows.web.portal.refusals import worded
from flows.web.portal.site import PortalSite, Posted
from notifications import ack
from notifications.i18n.catalogues import labels


def router(site: PortalSite) -> APIRouter:
    """The case routes."""
    r = APIRouter()

    async def page(posted: Posted, case_id: UUID, status: int, problem: str = "", done: str = "") -> Response:
        return await run_in_threadpool(case_page, site, posted.who, case_id, posted.csrf, status, problem, done)

    def refusal(posted: Posted, exc: InvalidInput) -> str:
        words = site.pages.strings[posted.lang]
        return worded(
            exc,
            words,
            language=posted.lang,
            event_labels=labels(posted.lang, "event"),
            tz=posted.tz,
            now=site.api.clock.now(),
        )

    @r.get("/portal/cases", response_class=HTMLResponse, include_in_schema=False)
    async def cases(request: Request) -> Response:
        who = await site.signed_in(request)
        if isinstance(who, Response):
            return who
        return await run_in_threadpool(cases_page, site, who, site.session_token(request))

    @r.get("/portal/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
    async def case(request: Request, case_id: UUID) -> Response:
        who = await site.signed_in(request)
        if isinstance(who, Response):
            return who
        try:
            return await run_in_threadpool(case_page, site, who, case_id, site.session_token(request))
        except NotFound:
            return await site.not_found(who)

    @r.post("/portal/cases/{case_id}/reports", response_class=HTMLResponse, include_in_schema=False)
    async def report(request: Request, case_id: UUID) -> Response:
        posted = await site.posted(request)
        if isinstance(posted, Response):
            return posted
        form = posted.form
        details: dict[str, Any] = {k: form[k].strip() for k in DETAIL_FIELDS if form.get(k, "").strip()}
        try:
            at = local_instant(form.get("at", ""), posted.tz)
            await run_in_threadpool(
                record_report, site.api, posted.who, case_id, event=form.get("event", ""), at=at, details=details
            )
        except NotFound:
            return site.pages.message(posted.lang, 404, "unknown")
        except InvalidInput as exc:
            return await page(posted, case_id, 422, refusal(posted, exc))
        return await page(posted, case_id, 200, done="report_recorded")

    @r.post(
        "/portal/cases/{case_id}/notices/{notice_id}/acknowledge",
        response_class=HTMLResponse,
        include_in_schema=False,
    )
    async def acknowledge(request: Request, case_id: UUID, notice_id: UUID) -> Response:
        posted = await site.posted(request)
        if isinstance(posted, Response):
            return posted
        name = posted.form.get("name", "")
        try:
            await run_in_threadpool(acknowledge_notice, site.api, posted.who, case_id, notice_id, name, via="portal")
        except NotFound:
            return site.pages.message(posted.lang, 404, "unknown")
        except ack.AlreadyAcknowledged:
            return await page(posted, case_id, 409, done="already_acknowledged")
        except InvalidInput as exc:
            return await page(posted, case_id, 422, refusal(posted, exc))
        return await page(posted, case_id, 200, done="acknowledged")

    return r
