"""``/portal/subprocessor-changes``: the changes of our sub-processors told to the signed-in customer (GDPR
Art. 28(2)), each with what changes for its services, until when it may object, and a form to object with its
reasons; ``POST /portal/subprocessor-changes/{ref}/objection`` records it as ``POST
/me/subprocessor-changes/{ref}/objection`` does (``flows.usecases.chain.objections.object_to``), CSRF-checked
as every portal form. A refusal is said in the customer's language: a period over or a second objection 409,
no reasons 422, a change that does not concern it 404."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from babel import Locale
from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from breach.chain.objections import AlreadyObjected, PeriodOver
from breach.directory.names import quoted
from breach.errors import InvalidInput, NotFound
from breach.vocabulary import Language
from flows.settings import get_settings
from flows.usecases.chain.objections import for_customer, object_to
from flows.web.api_keys import CustomerPrincipal
from flows.web.portal.pages import local_time
from flows.web.portal.site import PortalSite
from notifications.i18n import formats
from notifications.i18n.catalogues import labels, message


def _lines(changes: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    kinds = labels(lang, "subprocessor_change")
    territories = Locale.parse(formats.locale_for(lang).language).territories
    out = []
    for c in changes:
        ground = c.get("transfer_mechanism")
        out.append(
            {
                **c,
                "kind_label": kinds.get(str(c["kind"]), str(c["kind"])),
                "country_name": territories.get(str(c["country"]), str(c["country"])),
                "transfer": message(lang, "portal", f"transfer_{ground}") if ground else None,
                "transfer_reference": quoted(str(c.get("transfer_reference") or ""), lang.split("_", maxsplit=1)[0]),
            }
        )
    return out


def changes_page(
    site: PortalSite, who: CustomerPrincipal, csrf: str, *, status: int = 200, problem: str = "", done: str = ""
) -> HTMLResponse:
    lang, tz = site.language(who)
    locale = formats.locale_for(lang)
    with site.api.uow() as session:
        views = for_customer(who.customer_id, session=session, now=site.api.clock.now())
    return site.pages.render(
        "subprocessor_changes.html",
        lang,
        status,
        changes=[{"view": v, "lines": _lines(v.changes, lang)} for v in views],
        holder=who.holder,
        csrf=csrf,
        problem=problem,
        done=done,
        local=lambda at: local_time(at, tz, lang),
        day=lambda text: format_date(date.fromisoformat(text), "long", locale=locale),
    )


def router(site: PortalSite) -> APIRouter:
    r = APIRouter()

    @r.get("/portal/subprocessor-changes", response_class=HTMLResponse, include_in_schema=False)
    async def changes(request: Request) -> Response:
        who = await site.signed_in(request)
        if isinstance(who, Response):
            return who
        return await run_in_threadpool(changes_page, site, who, site.session_token(request))

    @r.post("/portal/subprocessor-changes/{reference}/objection", response_class=HTMLResponse, include_in_schema=False)
    async def objection(request: Request, reference: str) -> Response:
        posted = await site.posted(request)
        if isinstance(posted, Response):
            return posted
        who, form, lang, csrf = posted.who, posted.form, posted.lang, posted.csrf
        try:
            await run_in_threadpool(_record, site, who, reference, form.get("reasons", ""))
        except NotFound:
            return site.pages.message(lang, 404, "unknown")
        except InvalidInput as exc:
            status, problem = _refusal(exc)
            words = site.pages.strings[lang]
            page = partial(changes_page, site, who, csrf, status=status, problem=str(getattr(words, problem)))
            return await run_in_threadpool(page)
        site.api.deliver(None)  # our DPO's alert, at once, as the API's route does
        return await run_in_threadpool(partial(changes_page, site, who, csrf, done="spc_recorded"))

    return r


def _refusal(exc: InvalidInput) -> tuple[int, str]:
    """The HTTP status and the portal's message for a refused objection."""
    if isinstance(exc, PeriodOver):
        return 409, "spc_problem_over"
    if isinstance(exc, AlreadyObjected):
        return 409, "spc_problem_already"
    return 422, "spc_problem_reasons"


def _record(site: PortalSite, who: CustomerPrincipal, reference: str, reasons: str) -> None:
    with site.api.uow() as session:
        object_to(
            reference,
            who.customer_id,
            session=session,
            reasons=reasons,
            channel="portal",
            actor=who.actor,
            now=site.api.clock.now(),
            language=Language(get_settings().dpo_language),
        )
