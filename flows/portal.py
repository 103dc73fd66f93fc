"""The customers' portal (``/portal``): their cases, each clock on a timeline, acknowledging, reporting.

Server-rendered from ``templates/_portal`` (sandboxed, autoescaping Jinja; no script: the web application's
Content Security Policy forbids it) in the customer's language, times on its own wall clock. A customer signs
in with its API key typed into a form; the portal answers with a session cookie holding the key's id and an
expiry, signed (HMAC-SHA256, its own domain) under ``BREACH_ACK_SECRET``: ``HttpOnly``, ``SameSite=Strict``,
``Path=/portal``, ``Secure`` when served over https. Every request checks the key again, so revoking it ends
the session. Failed sign-ins count against the same per-address limit as the API. Forms posted from
another site are refused (``Sec-Fetch-Site``, ``Origin``), as on the acknowledgement pages.

Acknowledging and reporting call the same functions as the API (``flows.api_customer.acknowledge_notice``,
``flows.api_customer.record_report``); the audit events name the key's holder and the name typed. The case page links
the support packs (``flows.api_customer.support_pack``, Markdown and HTML) and the evidence pack, downloaded with the
session cookie.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Final
from urllib.parse import parse_qs
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from breach import events
from breach.deadline_status import format_local
from breach.errors import InvalidInput, NotFound
from breach.models import ApiRole, Customer
from flows import api_keys, case_views
from flows.api import Api
from flows.api_customer import acknowledge_notice, evidence_pack, pack_response, record_report, support_pack
from flows.api_keys import Principal
from flows.pages import page_environment
from flows.portal_timeline import timeline
from flows.settings import Settings
from notifications import ack
from notifications.labels import LABELS
from notifications.packs import PACK_FORMATS, PACK_KINDS

COOKIE: Final = "breach_portal"
SESSION_HOURS: Final = 8
MAX_FORM_BYTES: Final = 16_384
_DOMAIN: Final = b"breach-portal.v1\x00"
LANGUAGES: Final = ("nl", "fr", "de", "en")
DETAIL_FIELDS: Final = ("authority_reference", "reason", "delay_reasons")
CASE_EVENTS: Final = tuple(name for name, spec in events.EVENTS.items() if spec.scope == "case")
PAGE_PACK_FORMATS: Final = ("md", "html")  # linked on the case page; json is served too (the API's form)


class _Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class SessionCookie:
    """``<key id>.<expiry>.<signature>``: which key signed in, until when; nothing else."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode("utf-8")

    def _mac(self, body: str) -> str:
        return _b64(hmac.new(self._secret, _DOMAIN + body.encode("ascii"), hashlib.sha256).digest())

    def make(self, key_id: UUID, now: datetime) -> str:
        body = f"{key_id.hex}.{int((now + timedelta(hours=SESSION_HOURS)).timestamp())}"
        return f"{body}.{self._mac(body)}"

    def read(self, value: str, now: datetime) -> UUID | None:
        parts = value.split(".")
        if len(parts) != 3 or len(value) > 200:
            return None
        body = f"{parts[0]}.{parts[1]}"
        if not hmac.compare_digest(self._mac(body), parts[2]):
            return None
        try:
            key_id, expiry = UUID(hex=parts[0]), int(parts[1])
        except ValueError:
            return None
        return key_id if now.timestamp() < expiry else None


class _Pages:
    def __init__(self, settings: Settings) -> None:
        self.env = page_environment("_portal", "login.html", "cases.html", "case.html", "message.html")
        self.settings = settings
        self.strings = {lang: self.env.get_template(f"{lang}.strings.jinja").module for lang in LANGUAGES}

    def render(self, page: str, language: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = self.env.get_template(page).render(
            language=language,
            t=self.strings[language],
            processor=self.settings.processor_name,
            dpo_name=self.settings.dpo_name,
            dpo_email=self.settings.dpo_email,
            **values,
        )
        return HTMLResponse(html, status_code=status)

    def message(self, language: str, status: int, reason: str) -> HTMLResponse:
        return self.render("message.html", language, status, reason=reason)


async def _form(request: Request) -> dict[str, str] | None:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    try:
        fields = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=16)
    except ValueError:
        fields = {}
    return {name: values[0] for name, values in fields.items() if values}


def _local_instant(text: str, tz: str) -> datetime:
    """A ``datetime-local`` form value, on the customer's wall clock."""
    try:
        naive = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("at", text, "expected a date and time such as 2026-03-27T14:30") from None
    at = naive if naive.tzinfo is not None else naive.replace(tzinfo=ZoneInfo(tz))
    try:
        at.astimezone(UTC)  # stored in UTC: year 1 just after midnight east of Greenwich is no instant
    except OverflowError:
        raise InvalidInput("at", text, "out of range once converted to UTC (years 1 to 9999)") from None
    return at


class Portal:
    def __init__(self, api: Api, pages: _Pages, cookie: SessionCookie, *, secure: bool) -> None:
        self.api = api
        self.pages = pages
        self.cookie = cookie
        self.secure = secure

    def who(self, request: Request) -> Principal | None:
        value = request.cookies.get(COOKIE)
        key_id = self.cookie.read(value, self.api.clock.now()) if value else None
        if key_id is None:
            return None
        with self.api.uow() as session:
            principal = api_keys.principal_by_id(key_id, session=session)
        return principal if principal is not None and principal.role is ApiRole.CUSTOMER else None

    def language(self, who: Principal) -> tuple[str, str]:
        with self.api.uow() as session:
            customer = session.get(Customer, who.customer_id)
        if customer is None:  # pragma: no cover - a customer key's customer is a foreign key
            return "en", "UTC"
        return customer.language.value, customer.timezone

    def sign_in(self, client: str, key: str) -> Principal:
        wait = self.api.limiter.retry_after(client)
        if wait is not None:
            raise _Refused(429, "too_many")
        with self.api.uow() as session:
            principal = api_keys.authenticate(key.strip(), session=session)
        if principal is None:
            self.api.limiter.fail(client)
            raise _Refused(401, "bad_key")
        if principal.role is not ApiRole.CUSTOMER:
            raise _Refused(403, "not_customer")
        return principal

    def case_page(
        self, who: Principal, case_id: UUID, status: int = 200, problem: str = "", done: str = ""
    ) -> HTMLResponse:
        assert who.customer_id is not None  # noqa: S101
        now = self.api.clock.now()
        with self.api.uow() as session:
            case = case_views.my_case(who.customer_id, case_id, session=session, now=now)
        lang = case.language
        rules = LABELS[lang]["rule"]
        picture = timeline(case.deadlines, now=now, tz=case.timezone, label=lambda rule: rules.get(rule, rule))
        return self.pages.render(
            "case.html",
            lang,
            status,
            case=case,
            timeline=picture,
            kinds=LABELS[lang]["kind"],
            rules=rules,
            local=lambda at: case_views_local(at, case.timezone),
            events=CASE_EVENTS,
            event_labels=LABELS[lang]["event"],
            detail_labels={field: str(getattr(self.pages.strings[lang], field)) for field in DETAIL_FIELDS},
            problem=problem,
            done=done,
            now_local=now.astimezone(ZoneInfo(case.timezone)).strftime("%Y-%m-%dT%H:%M"),
            pack_kinds=PACK_KINDS,
            pack_formats=PAGE_PACK_FORMATS,
        )

    def cases_page(self, who: Principal) -> HTMLResponse:
        assert who.customer_id is not None  # noqa: S101
        lang, tz = self.language(who)
        now = self.api.clock.now()
        with self.api.uow() as session:
            cases = case_views.my_cases(who.customer_id, session=session, now=now)
        return self.pages.render(
            "cases.html",
            lang,
            cases=cases,
            holder=who.holder,
            rules=LABELS[lang]["rule"],
            local=lambda at: case_views_local(at, tz),
        )


def case_views_local(at: datetime | None, tz: str) -> str:
    return format_local(at, tz) if at is not None else "—"


def install(  # noqa: PLR0915  (the portal's routes, read top to bottom)
    app: FastAPI,
    api: Api,
    *,
    settings: Settings,
    secret: str,
    cross_site: Callable[[Request], bool],
    browser_language: Callable[[Request], str],
) -> None:
    """Mount the portal's pages on the web application."""
    pages = _Pages(settings)
    portal = Portal(api, pages, SessionCookie(secret), secure=settings.public_url.startswith("https://"))

    def signed_out(request: Request) -> Response:
        return RedirectResponse("/portal", status_code=303)

    @app.get("/portal", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request) -> Response:
        who = await run_in_threadpool(portal.who, request)
        if who is not None:
            return RedirectResponse("/portal/cases", status_code=303)
        return pages.render("login.html", browser_language(request), problem="")

    @app.post("/portal/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        lang = browser_language(request)
        if cross_site(request):
            return pages.message(lang, 403, "cross_origin")
        form = await _form(request)
        if form is None:
            return pages.message(lang, 413, "too_large")
        client = request.client.host if request.client else "unknown"
        try:
            who = await run_in_threadpool(portal.sign_in, client, form.get("key", ""))
        except _Refused as exc:
            headers = {"Retry-After": "60"} if exc.status == 429 else None
            page = pages.render("login.html", lang, exc.status, problem=exc.reason)
            if headers:
                page.headers.update(headers)
            return page
        response = RedirectResponse("/portal/cases", status_code=303)
        secure = portal.secure or request.url.scheme == "https"
        response.set_cookie(
            COOKIE,
            portal.cookie.make(who.key_id, api.clock.now()),
            max_age=SESSION_HOURS * 3600,
            path="/portal",
            httponly=True,
            samesite="strict",
            secure=secure,
        )
        return response

    @app.post("/portal/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        response = RedirectResponse("/portal", status_code=303)
        response.delete_cookie(COOKIE, path="/portal")
        return response

    @app.get("/portal/cases", response_class=HTMLResponse, include_in_schema=False)
    async def cases(request: Request) -> Response:
        who = await run_in_threadpool(portal.who, request)
        if who is None:
            return signed_out(request)
        return await run_in_threadpool(portal.cases_page, who)

    @app.get("/portal/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
    async def case(request: Request, case_id: UUID) -> Response:
        who = await run_in_threadpool(portal.who, request)
        if who is None:
            return signed_out(request)
        try:
            return await run_in_threadpool(portal.case_page, who, case_id)
        except NotFound:
            lang, _tz = await run_in_threadpool(portal.language, who)
            return pages.message(lang, 404, "unknown")

    async def _post(request: Request) -> tuple[Principal, dict[str, str], str] | Response:
        who = await run_in_threadpool(portal.who, request)
        if who is None:
            return signed_out(request)
        lang, _tz = await run_in_threadpool(portal.language, who)
        if cross_site(request):
            return pages.message(lang, 403, "cross_origin")
        form = await _form(request)
        if form is None:
            return pages.message(lang, 413, "too_large")
        return who, form, lang

    @app.post("/portal/cases/{case_id}/reports", response_class=HTMLResponse, include_in_schema=False)
    async def report(request: Request, case_id: UUID) -> Response:
        got = await _post(request)
        if isinstance(got, Response):
            return got
        who, form, lang = got
        _lang, tz = await run_in_threadpool(portal.language, who)
        details: dict[str, Any] = {k: form[k].strip() for k in DETAIL_FIELDS if form.get(k, "").strip()}
        try:
            at = _local_instant(form.get("at", ""), tz)
            await run_in_threadpool(
                record_report, api, who, case_id, event=form.get("event", ""), at=at, details=details
            )
        except NotFound:
            return pages.message(lang, 404, "unknown")
        except InvalidInput as exc:
            return await run_in_threadpool(portal.case_page, who, case_id, 422, f"{exc.field}: {exc.problem}")
        return await run_in_threadpool(portal.case_page, who, case_id, 200, "", "report_recorded")

    @app.post(
        "/portal/cases/{case_id}/notices/{notice_id}/acknowledge",
        response_class=HTMLResponse,
        include_in_schema=False,
    )
    async def acknowledge(request: Request, case_id: UUID, notice_id: UUID) -> Response:
        got = await _post(request)
        if isinstance(got, Response):
            return got
        who, form, lang = got
        try:
            await run_in_threadpool(acknowledge_notice, api, who, case_id, notice_id, form.get("name", ""), via="web")
        except NotFound:
            return pages.message(lang, 404, "unknown")
        except ack.AlreadyAcknowledged:
            return await run_in_threadpool(portal.case_page, who, case_id, 409, "", "already_acknowledged")
        except InvalidInput as exc:
            return await run_in_threadpool(portal.case_page, who, case_id, 422, f"{exc.field}: {exc.problem}")
        return await run_in_threadpool(portal.case_page, who, case_id, 200, "", "acknowledged")

    @app.get("/portal/cases/{case_id}/evidence", include_in_schema=False)
    async def evidence(request: Request, case_id: UUID) -> Response:
        who = await run_in_threadpool(portal.who, request)
        if who is None:
            return signed_out(request)
        try:
            reference, data = await run_in_threadpool(evidence_pack, api, who, case_id)
        except NotFound:
            lang, _tz = await run_in_threadpool(portal.language, who)
            return pages.message(lang, 404, "unknown")
        disposition = f'attachment; filename="{reference}-evidence.zip"'
        return Response(data, media_type="application/zip", headers={"Content-Disposition": disposition})

    @app.get("/portal/cases/{case_id}/packs/{kind}", include_in_schema=False)
    async def pack(
        request: Request, case_id: UUID, kind: str, fmt: Annotated[str, Query(alias="format")] = "md"
    ) -> Response:
        who = await run_in_threadpool(portal.who, request)
        if who is None:
            return signed_out(request)
        chosen = next((k for k in PACK_KINDS if k == kind), None)
        chosen_format = next((f for f in PACK_FORMATS if f == fmt), None)
        reason = "unknown_pack"
        if chosen is not None and chosen_format is not None:
            try:
                name, text = await run_in_threadpool(support_pack, api, who, case_id, chosen, chosen_format)
            except NotFound:
                reason = "unknown"
            else:
                return pack_response(name, text, chosen_format)
        lang, _tz = await run_in_threadpool(portal.language, who)
        return pages.message(lang, 404, reason)
