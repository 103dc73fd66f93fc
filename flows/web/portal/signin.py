"""Signing in and out of the portal: the sign-in page (``/portal``), the key typed into its form
(``/portal/login``, answered with the signed session cookie) and signing out (``/portal/logout``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from flows.web.languages import browser_language
from flows.web.portal.csrf import PRE_COOKIE
from flows.web.portal.forms import FormRefused, read_form
from flows.web.portal.session import COOKIE, SESSION_HOURS
from flows.web.portal.site import PortalSite, SignInRefused


def router(site: PortalSite) -> APIRouter:
    """The three sign-in routes."""
    r = APIRouter()

    @r.get("/portal", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request) -> Response:
        who = await run_in_threadpool(site.who, request)
        if who is not None:
            return RedirectResponse("/portal/cases", status_code=303)
        return site.login_page(request)

    @r.post("/portal/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        lang = browser_language(request)
        try:
            form = await read_form(
                request,
                origins=site.origins,
                tokens=site.tokens,
                purpose="login",
                cookie=request.cookies.get(PRE_COOKIE),
            )
        except FormRefused as exc:
            return site.refused(lang, exc)
        client = request.client.host if request.client else "unknown"
        try:
            who = await run_in_threadpool(site.sign_in, client, form.get("key", ""))
        except SignInRefused as exc:
            page = site.login_page(request, exc.status, exc.reason)
            if exc.status == 429:
                page.headers["Retry-After"] = "60"
            return page
        response = RedirectResponse("/portal/cases", status_code=303)
        response.set_cookie(
            COOKIE,
            site.cookie.make(who.key_id, site.api.clock.now()),
            max_age=SESSION_HOURS * 3600,
            path="/portal",
            httponly=True,
            samesite="strict",
            secure=site.is_secure(request),
        )
        return response

    @r.post("/portal/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        who = await run_in_threadpool(site.who, request)
        if who is not None:
            # Signing someone out is a change too: only the portal's own form, with the session's token.
            lang, _tz = await run_in_threadpool(site.language, who)
            form = await site.session_form(request, lang)
            if isinstance(form, Response):
                return form
        secure = site.is_secure(request)
        response = RedirectResponse("/portal", status_code=303)
        response.delete_cookie(COOKIE, path="/portal", httponly=True, samesite="strict", secure=secure)
        response.delete_cookie(PRE_COOKIE, path="/portal", httponly=True, samesite="strict", secure=secure)
        return response

    return r
