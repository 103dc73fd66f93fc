"""``/portal/subprocessors``: the sub-processors behind the services the signed-in customer uses (DPA clause
6(2): named on request), in its language; the same views as ``GET /me/subprocessors``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from breach.db import repository
from breach.directory.names import name_in, quoted
from flows.usecases.chain.views import for_customer
from flows.web.api_keys import CustomerPrincipal
from flows.web.portal.site import PortalSite
from notifications.i18n import formats


def subprocessors_page(site: PortalSite, who: CustomerPrincipal) -> HTMLResponse:
    lang, _tz = site.language(who)
    locale = formats.locale_for(lang)
    with site.api.uow() as session:
        views = for_customer(who.customer_id, lang, session=session)
        # The page names our services in the customer's language (issue 17); the API keeps their codes.
        reader = lang.split("_")[0]
        names = {code: name_in(s, reader) for code, s in repository.services_by_code(session=session).items()}
    # A transfer's legal reference is typed by our staff in English: quoted for other readers (issue 17).
    views = [replace(v, transfer_reference=quoted(v.transfer_reference, reader)) for v in views]
    return site.pages.render(
        "subprocessors.html",
        lang,
        subprocessors=views,
        service_names=names,
        holder=who.holder,
        day=lambda d: format_date(d, "long", locale=locale) if isinstance(d, date) else "—",
    )


def router(site: PortalSite) -> APIRouter:
    r = APIRouter()

    @r.get("/portal/subprocessors", response_class=HTMLResponse, include_in_schema=False)
    async def subprocessors(request: Request) -> Response:
        who = await site.signed_in(request)
        if isinstance(who, Response):
            return who
        return await run_in_threadpool(subprocessors_page, site, who)

    return r
