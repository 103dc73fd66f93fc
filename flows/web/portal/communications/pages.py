"""``/portal/communications``: what we told the signed-in customer besides a breach (a data subject's request,
our DPO's change, an authority's action, its instructions, the destruction of its data: DPA clauses 4(1), 5(a),
5(e), 9, 10(2)), each with when it was delivered and who acknowledged it; and its instructions, each with its
state and, while it may still move, a form to confirm it in writing, change it or withdraw it.

``POST /portal/communications/{notice_key}/acknowledge`` acknowledges one of them as its link does;
``POST /portal/instructions/{ref}/answer`` records the answer as ``POST /me/instructions/{ref}/answer`` does
(``flows.usecases.communications.instructions.answer``), CSRF-checked as every portal form; the audit names
the key's holder and the name typed. A refusal is said in the customer's language: no name or no changed text
422, a move the states refuse 409, another customer's instruction 404.
"""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from breach.db import repository
from breach.errors import IllegalTransition, InvalidInput, NotFound
from flows.usecases.communications import views
from flows.usecases.communications.instructions import answer, instruction_rows
from flows.web.api_keys import CustomerPrincipal
from flows.web.portal.site import PortalSite
from notifications import ack
from notifications.i18n.catalogues import labels


def communications_page(
    site: PortalSite, who: CustomerPrincipal, csrf: str, *, status: int = 200, problem: str = "", done: str = ""
) -> HTMLResponse:
    lang, _tz = site.language(who)
    with site.api.uow() as session:
        name = repository.customers_by_id([who.customer_id], session=session)[who.customer_id].name
        told = views.rows(session=session, now=site.api.clock.now(), customer=name)
        instructions = instruction_rows(session=session, customer_id=who.customer_id)
    return site.pages.render(
        "communications.html",
        lang,
        status,
        told=told,
        instructions=instructions,
        kinds=labels(lang, "kind"),
        forms=labels(lang, "instruction_form"),
        holder=who.holder,
        csrf=csrf,
        problem=problem,
        done=done,
    )


def router(site: PortalSite) -> APIRouter:
    r = APIRouter()

    @r.get("/portal/communications", response_class=HTMLResponse, include_in_schema=False)
    async def communications(request: Request) -> Response:
        who = await site.signed_in(request)
        if isinstance(who, Response):
            return who
        return await run_in_threadpool(communications_page, site, who, site.session_token(request))

    @r.post("/portal/instructions/{reference}/answer", response_class=HTMLResponse, include_in_schema=False)
    async def answer_instruction(request: Request, reference: str) -> Response:
        posted = await site.posted(request)
        if isinstance(posted, Response):
            return posted
        who, form, lang, csrf = posted.who, posted.form, posted.lang, posted.csrf
        try:
            await run_in_threadpool(_record, site, who, reference, form)
        except NotFound:
            return site.pages.message(lang, 404, "unknown")
        except (InvalidInput, IllegalTransition) as exc:
            status, problem = _refusal(exc)
            words = site.pages.strings[lang]
            page = partial(communications_page, site, who, csrf, status=status, problem=str(getattr(words, problem)))
            return await run_in_threadpool(page)
        return await run_in_threadpool(partial(communications_page, site, who, csrf, done="ins_done"))

    @r.post("/portal/communications/{notice_key}/acknowledge", response_class=HTMLResponse, include_in_schema=False)
    async def acknowledge(request: Request, notice_key: str) -> Response:
        posted = await site.posted(request)
        if isinstance(posted, Response):
            return posted
        who, form, lang, csrf = posted.who, posted.form, posted.lang, posted.csrf
        try:
            await run_in_threadpool(_acknowledge, site, who, notice_key, form.get("name", ""))
        except NotFound:
            return site.pages.message(lang, 404, "unknown")
        except ack.AlreadyAcknowledged:
            return await run_in_threadpool(
                partial(communications_page, site, who, csrf, done="done_already_acknowledged")
            )
        except InvalidInput:
            words = site.pages.strings[lang]
            page = partial(communications_page, site, who, csrf, status=422, problem=str(words.ins_problem_name))
            return await run_in_threadpool(page)
        return await run_in_threadpool(partial(communications_page, site, who, csrf, done="done_acknowledged"))

    return r


def _acknowledge(site: PortalSite, who: CustomerPrincipal, notice_key: str, name: str) -> None:
    with site.api.work(who) as session:
        views.acknowledge_own(
            notice_key, who.customer_id, session=session, by=name, via="portal", actor=who.actor,
            now=site.api.clock.now(),
        )  # fmt: skip


def _refusal(exc: InvalidInput | IllegalTransition) -> tuple[int, str]:
    """The HTTP status and the portal's message for a refused answer."""
    if isinstance(exc, IllegalTransition):
        return 409, "ins_problem_final"
    if exc.field == "amendment":
        return 422, "ins_problem_amendment"
    if exc.field == "name":
        return 422, "ins_problem_name"
    return 422, "ins_problem_state"


def _record(site: PortalSite, who: CustomerPrincipal, reference: str, form: dict[str, str]) -> None:
    with site.api.uow() as session:
        answer(
            session=session,
            reference=reference,
            state=form.get("state", ""),
            by=form.get("name", ""),
            via="portal",
            now=site.api.clock.now(),
            amendment=form.get("amendment") or None,
            customer_id=who.customer_id,
            recorded_by=who.actor,
        )
