"""The web application of ``breach serve``: the acknowledgement pages every notice links to, the HTTP API
(``flows.api``, described at ``/openapi.json``) and the customers' portal (``flows.portal``).

``GET /ack/{token}`` shows which notice the link belongs to and a form; it never acknowledges, because mail
scanners and link previews follow links. ``POST /ack/{token}`` with the reader's name records the
acknowledgement (``notifications.ack.acknowledge``) and thanks them. A forged or malformed link answers
400, an unknown notice 404, a reused link 409, an expired one 410; none of them changes anything. Pages
are in the notice's language (else the browser's), rendered by a sandboxed, autoescaping Jinja
environment from ``templates/_web``.

The token is the capability, so cross-site request forgery gains an attacker nothing; cross-site form posts
are refused anyway (``Sec-Fetch-Site``, ``Origin``). Every answer forbids caching, referrers, framing and
any script; the server keeps no access log (a link holds a token, a form a name), and no page or log line
repeats a token.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from breach.clock import Clock
from breach.deadline_status import format_local
from breach.errors import ConfigurationError, InvalidInput, NotFound
from flows import db, portal, runtime
from flows.api import Api
from flows.api import install as install_api
from flows.api_delivery import BackgroundDelivery, Deliver
from flows.api_keys import FailureLimiter
from flows.pages import page_environment
from flows.settings import Settings, get_settings
from flows.support import sender_of
from notifications import ack
from notifications.delivery import UnitOfWork
from notifications.labels import LABELS

LANGUAGES: Final = ("nl", "fr", "de", "en")
# Each refusal's HTTP status; the page says the same in words.
STATUS: Final[dict[str, int]] = {
    "malformed": 400,
    "forged": 400,
    "not_acknowledgeable": 400,
    "cross_origin": 403,
    "unknown": 404,
    "reused": 409,
    "expired": 410,
}
MAX_FORM_BYTES: Final = 4096
SECURITY_HEADERS: Final[dict[str, str]] = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Robots-Tag": "noindex, nofollow",
}


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    html: str


class _Pages:
    """The pages, in four languages, with who we are in every footer."""

    def __init__(self, settings: Settings) -> None:
        self.env = page_environment("_web", "ack.html", "done.html", "refused.html")
        self.settings = settings
        self.strings = {lang: self.env.get_template(f"{lang}.strings.jinja").module for lang in LANGUAGES}

    def render(self, page: str, language: str, status: int = 200, **values: Any) -> _Answer:
        html = self.env.get_template(page).render(
            language=language,
            t=self.strings[language],
            processor=self.settings.processor_name,
            dpo_name=self.settings.dpo_name,
            dpo_email=self.settings.dpo_email,
            **values,
        )
        return _Answer(status, html)

    def word(self, language: str, name: str) -> str:
        return str(getattr(self.strings[language], name))

    def refused(self, reason: str, language: str, notice: dict[str, str] | None = None) -> _Answer:
        return self.render("refused.html", language, STATUS[reason], reason=reason, notice=notice)


def _view(summary: ack.NoticeSummary) -> dict[str, str]:
    """The notice as its page shows it: times on the customer's wall clock, the kind in its words."""

    def local(value: datetime | None) -> str:
        return format_local(value, summary.timezone) if value is not None else ""

    return {
        "reference": summary.reference,
        "kind_label": LABELS[summary.language]["kind"][summary.kind],
        "customer": summary.customer,
        "delivered": local(summary.delivered_at),
        "acknowledged": local(summary.acknowledged_at),
        "acknowledged_by": summary.acknowledged_by or "",
    }


def _browser_language(request: Request) -> str:
    """The first of our languages the browser asks for (by its order, ignoring weights), else English."""
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class _Acknowledgements:
    """What the two routes do, in a worker thread (the database calls block)."""

    def __init__(self, pages: _Pages, *, secret: str, unit_of_work: UnitOfWork, clock: Clock) -> None:
        self.pages = pages
        self.secret = secret
        self.uow = unit_of_work
        self.clock = clock

    def show(self, token: str, browser: str) -> _Answer:
        pages = self.pages
        try:
            key = ack.verify(token, secret=self.secret, now=self.clock.now())
        except ack.TokenRefused as exc:
            return pages.refused(exc.reason, browser)
        try:
            with self.uow() as session:
                summary = ack.summary(key, session=session)
        except NotFound:
            return pages.refused("unknown", browser)
        except ack.NotAcknowledgeable:
            return pages.refused("not_acknowledgeable", browser)
        if summary.acknowledged_at is not None:
            # Looking again at an acknowledged notice is no conflict: the page says who acknowledged it.
            return pages.render("refused.html", summary.language, reason="reused", notice=_view(summary))
        return pages.render("ack.html", summary.language, notice=_view(summary), problem="", name="")

    def record(self, token: str, name: str, browser: str) -> _Answer:
        pages = self.pages
        now = self.clock.now()
        try:
            key = ack.verify(token, secret=self.secret, now=now)
        except ack.TokenRefused as exc:
            return pages.refused(exc.reason, browser)
        try:
            with self.uow() as session:
                summary = ack.acknowledge(session=session, notice_key=key, by=name, via="web", now=now)
        except NotFound:
            return pages.refused("unknown", browser)
        except ack.NotAcknowledgeable:
            return pages.refused("not_acknowledgeable", browser)
        except ack.AlreadyAcknowledged:
            with self.uow() as session:
                again = ack.summary(key, session=session)
            return pages.refused("reused", again.language, _view(again))
        except InvalidInput:
            # The name was missing or too long: the form again, with what was typed.
            with self.uow() as session:
                current = ack.summary(key, session=session)
            return pages.render(
                "ack.html",
                current.language,
                400,
                notice=_view(current),
                problem=pages.word(current.language, "name_problem"),
                name=name[: ack.MAX_NAME_LENGTH],
            )
        return pages.render("done.html", summary.language, notice=_view(summary))


async def _form_name(request: Request) -> str | None:
    """The ``name`` field of a small URL-encoded form; ``None`` when the body is too large."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    try:
        fields = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=8)
    except ValueError:  # more fields than our one-field form has: treated as a form without a name
        fields = {}
    return (fields.get("name") or [""])[0]


def _cross_site(request: Request, trusted: set[str]) -> bool:
    """A form posted from another site (a browser says so in ``Sec-Fetch-Site`` or ``Origin``)."""
    if request.headers.get("sec-fetch-site") in {"cross-site", "same-site"}:
        return True
    origin = request.headers.get("origin")
    # "null" is what a browser sends for our own form under Referrer-Policy: no-referrer.
    if origin is None or origin == "null":
        return False
    return origin.lower() not in trusted | {_origin(str(request.base_url))}


def create_app(
    settings: Settings | None = None,
    *,
    unit_of_work: UnitOfWork | None = None,
    clock: Clock | None = None,
    deliver: Deliver | None = None,
    limiter: FailureLimiter | None = None,
) -> FastAPI:
    """The application for ``settings`` (default: the environment's); refuses to start without a secret.

    ``unit_of_work`` and ``clock`` default to the engine's database and the system clock, ``deliver`` to
    delivery in a background thread (or Prefect's pool), ``limiter`` to 10 failed authentications a minute
    per address (tests pass theirs). Besides the acknowledgement pages it serves the HTTP API
    (``flows.api``, described at ``/openapi.json``) and the customers' portal (``flows.portal``).
    """
    s = settings or get_settings()
    secret = s.ack_secret.get_secret_value()
    if not secret:
        raise ConfigurationError("BREACH_ACK_SECRET: required to answer acknowledgement links")
    ack.link_maker(base_url=s.public_url, secret=secret, clock=runtime.clock)  # checks the secret's length
    pages = _Pages(s)
    handlers = _Acknowledgements(
        pages,
        secret=secret,
        unit_of_work=unit_of_work or partial(db.unit_of_work, db.get_engine(s.database_url)),
        clock=clock or runtime.clock,
    )
    trusted = {_origin(s.public_url)}
    app = FastAPI(
        title="Breach engine",
        summary="Personal data breach notification: intake, decisions, and each customer's own cases.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    api = Api(
        unit_of_work=handlers.uow,
        clock=handlers.clock,
        limiter=limiter or FailureLimiter(),
        deliver=deliver or BackgroundDelivery(),
        sender=sender_of(s),
    )
    install_api(app, api)
    portal.install(
        app,
        api,
        settings=s,
        secret=secret,
        cross_site=lambda request: _cross_site(request, trusted),
        browser_language=_browser_language,
    )

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    # HEAD too: link checkers and mail scanners probe links with it.
    @app.api_route("/ack/{token}", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    async def ack_page(token: str, request: Request) -> HTMLResponse:
        answer = await run_in_threadpool(handlers.show, token, _browser_language(request))
        return HTMLResponse(answer.html, status_code=answer.status)

    @app.post("/ack/{token}", response_class=HTMLResponse, include_in_schema=False)
    async def ack_post(token: str, request: Request) -> HTMLResponse:
        browser = _browser_language(request)
        if _cross_site(request, trusted):
            answer = pages.refused("cross_origin", browser)
            return HTMLResponse(answer.html, status_code=answer.status)
        name = await _form_name(request)
        if name is None:
            return HTMLResponse("form too large", status_code=413)
        answer = await run_in_threadpool(handlers.record, token, name, browser)
        return HTMLResponse(answer.html, status_code=answer.status)

    return app


def server_config(
    app: FastAPI, *, host: str = "127.0.0.1", port: int = 8765, log_level: str = "info"
) -> uvicorn.Config:
    """How ``breach serve`` runs the application: no access log (every request line holds a token), no
    ``Server`` header, no websockets or lifespan (plain pages)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=False,
        server_header=False,
        ws="none",
        lifespan="off",
        log_level=log_level,
    )
