"""What every portal route shares (``PortalSite``): who is signed in (a ``CustomerPrincipal`` from the session
cookie, the key checked again on every request), the customer's language and clock, signing in, the sign-in
page with its pre-session cookie, and reading a form of the signed-in session."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from breach.db.models.directory import Customer
from flows.web import api_keys
from flows.web.api.auth import Api
from flows.web.api_keys import CustomerPrincipal
from flows.web.languages import browser_language
from flows.web.pages import reader_words
from flows.web.portal.csrf import PRE_COOKIE, Tokens, new_pre_session
from flows.web.portal.forms import FormRefused, read_form
from flows.web.portal.pages import PortalPages
from flows.web.portal.session import COOKIE, SessionCookie


@dataclass(frozen=True, slots=True)
class Posted:
    """A form the signed-in customer posted: who, the fields, its language and clock, the next form's token."""

    who: CustomerPrincipal
    form: dict[str, str]
    lang: str
    tz: str
    csrf: str


class SignInRefused(Exception):
    """A sign-in refused: ``reason`` names the message on the sign-in page, ``status`` the HTTP answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class PortalSite:
    """The portal's shared parts: the API's database, clock and limiter, the pages, the cookie and tokens."""

    def __init__(self, api: Api, pages: PortalPages, *, secret: str, origins: Collection[str], secure: bool) -> None:
        self.api = api
        self.pages = pages
        self.cookie = SessionCookie(secret)
        self.tokens = Tokens(secret)
        self.origins = origins
        self.secure = secure

    def who(self, request: Request) -> CustomerPrincipal | None:
        """The signed-in customer's key, or ``None`` (no or an expired session, a revoked or staff key)."""
        value = request.cookies.get(COOKIE)
        key_id = self.cookie.read(value, self.api.clock.now()) if value else None
        if key_id is None:
            return None
        with self.api.uow() as session:
            principal = api_keys.principal_by_id(key_id, session=session)
        return api_keys.customer_of(principal) if principal is not None else None

    def language(self, who: CustomerPrincipal) -> tuple[str, str]:
        """The customer's words (its language as written in its lead authority's country: "nl_NL" under the
        Dutch AP, as its notices) and time zone."""
        with self.api.uow() as session:
            customer = session.get(Customer, who.customer_id)
        if customer is None:  # pragma: no cover - a customer key's customer is a foreign key
            return "en", "UTC"
        return reader_words(customer), customer.timezone

    def sign_in(self, client: str, key: str) -> CustomerPrincipal:
        with self.api.uow() as session:
            principal = api_keys.authenticate(key.strip(), session=session)
        if principal is None:
            # As in the API: only failures are limited, so a valid key signs in from a busy address too.
            if self.api.limiter.retry_after(client) is not None:
                raise SignInRefused(429, "too_many")
            self.api.limiter.fail(client)
            raise SignInRefused(401, "bad_key")
        customer = api_keys.customer_of(principal)
        if customer is None:
            raise SignInRefused(403, "not_customer")
        return customer

    def is_secure(self, request: Request) -> bool:
        """Whether cookies get ``Secure``: served over https, or configured so."""
        return self.secure or request.url.scheme == "https"

    def session_token(self, request: Request) -> str:
        """The forgery token of the signed-in session's forms."""
        return self.tokens.token("session", request.cookies.get(COOKIE, ""))

    def login_page(self, request: Request, status: int = 200, problem: str = "") -> Response:
        """The sign-in form, bound to the browser's pre-session cookie (made now if it has none)."""
        pre = request.cookies.get(PRE_COOKIE) or ""
        fresh = not (pre.isascii() and 20 <= len(pre) <= 64)
        if fresh:
            pre = new_pre_session()
        page = self.pages.render(
            "login.html", browser_language(request), status, problem=problem, csrf=self.tokens.token("login", pre)
        )
        if fresh:
            page.set_cookie(
                PRE_COOKIE, pre, path="/portal", httponly=True, samesite="strict", secure=self.is_secure(request)
            )
        return page

    def refused(self, lang: str, exc: FormRefused) -> Response:
        return self.pages.message(lang, exc.status, exc.reason)

    async def session_form(self, request: Request, lang: str) -> dict[str, str] | Response:
        """The signed-in session's form (URL-encoded, our origin, its token), or the page refusing it."""
        try:
            return await read_form(
                request, origins=self.origins, tokens=self.tokens, purpose="session", cookie=request.cookies.get(COOKIE)
            )
        except FormRefused as exc:
            return self.refused(lang, exc)

    async def posted(self, request: Request) -> Posted | Response:
        """The signed-in session's form, or the redirect or refusal that answers instead."""
        who = await self.signed_in(request)
        if isinstance(who, Response):
            return who
        lang, tz = await run_in_threadpool(self.language, who)
        form = await self.session_form(request, lang)
        if isinstance(form, Response):
            return form
        return Posted(who, form, lang, tz, self.session_token(request))

    async def signed_in(self, request: Request) -> CustomerPrincipal | Response:
        """Who is signed in, or the redirect to the sign-in page."""
        who = await run_in_threadpool(self.who, request)
        return who if who is not None else RedirectResponse("/portal", status_code=303)

    async def not_found(self, who: CustomerPrincipal, reason: str = "unknown") -> HTMLResponse:
        """The 404 page in the customer's language."""
        lang, _tz = await run_in_threadpool(self.language, who)
        return self.pages.message(lang, 404, reason)
