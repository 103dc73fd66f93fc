"""The web application of ``breach serve``: the acknowledgement pages every notice links to
(``flows.web.ack``), the HTTP API (``flows.web.api.routes``, described at ``/openapi.json``) and the customers'
portal (``flows.web.portal.routes``). This module only composes their routers, the API's error answers and
the middleware.

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

from functools import partial

import uvicorn
from fastapi import FastAPI

from breach.clock import Clock
from breach.errors import ConfigurationError
from breach.vocabulary import Language
from flows import db, runtime
from flows.evidence import publish as evidence_publish
from flows.settings import Settings, get_settings
from flows.usecases.support_packs import sender_of
from flows.web import health
from flows.web.ack import routes as ack_routes
from flows.web.ack.handlers import Acknowledgements
from flows.web.ack.pages import AckPages
from flows.web.api import routes as api_routes
from flows.web.api.auth import Api
from flows.web.api.delivery import BackgroundDelivery, Deliver
from flows.web.api.errors import error_response, install_handlers
from flows.web.api.text import Utf8Guard
from flows.web.api_keys import FailureLimiter
from flows.web.clients import ClientAddress, parse_proxies
from flows.web.failures import ServerErrors
from flows.web.headers import SecurityHeaders
from flows.web.languages import origin_of
from flows.web.limits import BodyLimit
from flows.web.portal import routes as portal_routes
from notifications import ack
from notifications.delivery.sender import UnitOfWork


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
    (``flows.web.api.routes``, described at ``/openapi.json``) and the customers' portal (``flows.web.portal.routes``).
    """
    s = settings or get_settings()
    secret = s.ack_secret.get_secret_value()
    if not secret:
        raise ConfigurationError("BREACH_ACK_SECRET: required to answer acknowledgement links")
    ack.link_maker(base_url=s.public_url, secret=secret, clock=runtime.clock)  # checks the secret's length
    uow = unit_of_work or partial(db.unit_of_work, db.get_engine(s.database_url))
    now = clock or runtime.clock
    trusted = {origin_of(s.public_url)}
    proxies = parse_proxies(s.trusted_proxies)  # a setting that is no address stops the server before anything
    app = FastAPI(
        title="Breach engine",
        summary="Personal data breach notification: intake, decisions, and each customer's own cases.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    api = Api(
        unit_of_work=uow,
        clock=now,
        limiter=limiter or FailureLimiter(),
        deliver=deliver or BackgroundDelivery(unit_of_work=uow, clock=now, language=Language(s.dpo_language)),
        sender=sender_of(s),
    )
    install_handlers(app)
    app.include_router(api_routes.router(api))
    app.include_router(portal_routes.router(api, settings=s, secret=secret, origins=trusted))
    # Our evidence public key, for customers verifying packs (flows.evidence.publish).
    evidence_publish.install(app, s.signing_key_file)
    app.include_router(health.router())
    handlers = Acknowledgements(AckPages(s), secret=secret, unit_of_work=uow, clock=now)
    app.include_router(ack_routes.router(handlers, trusted=trusted))

    # Innermost first: paths and query strings in UTF-8 (flows.web.api.text), bodies of at most
    # MAX_BODY_BYTES counted as they stream in (flows.web.limits). Then, added last so outermost: the client
    # is known before anything counts against it, and every answer, a guard's refusal included, carries the
    # headers.
    app.add_middleware(Utf8Guard, refuse=lambda field, problem: error_response(422, field, None, problem))
    app.add_middleware(
        BodyLimit,
        limit=api_routes.MAX_BODY_BYTES,
        refuse=lambda exc: error_response(413, "body", None, str(exc.detail), dict(exc.headers or {})),
    )
    app.add_middleware(ServerErrors)
    app.add_middleware(SecurityHeaders, https=s.public_url.startswith("https://"))
    app.add_middleware(ClientAddress, proxies=proxies)
    return app


def server_config(
    app: FastAPI, *, host: str = "127.0.0.1", port: int = 8765, log_level: str = "info"
) -> uvicorn.Config:
    """How ``breach serve`` runs the application: no access log (every request line holds a token), no
    ``Server`` header, no websockets or lifespan (plain pages), and no proxy headers: uvicorn would believe
    ``X-Forwarded-For`` from loopback; the application reads it only from ``BREACH_TRUSTED_PROXIES``."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=False,
        server_header=False,
        ws="none",
        lifespan="off",
        proxy_headers=False,
        log_level=log_level,
    )
