"""The customers' portal (``/portal``): their cases, each clock on a timeline, acknowledging, reporting.

Server-rendered from ``templates/_portal`` (sandboxed, autoescaping Jinja; no script: the web application's
Content Security Policy forbids it) in the customer's language, times on its own wall clock. A customer signs
in with its API key typed into a form; the portal answers with a session cookie holding the key's id and an
expiry, signed (HMAC-SHA256, its own domain) under ``BREACH_ACK_SECRET``: ``HttpOnly``, ``SameSite=Strict``,
``Path=/portal``, ``Secure`` when served over https. Every request checks the key again, so revoking it ends
the session. Failed sign-ins count against the same per-address limit as the API (a valid key always signs
in). Every form carries a token bound to the session (before sign-in, to a pre-session cookie), and every
POST, sign-in and sign-out included, is refused unless it is URL-encoded, from our own origin and carries
the token (``flows.web.portal.csrf``, read by ``flows.web.portal.forms``).

The routes by area: signing in and out (``flows.web.portal.signin``), the cases and their forms
(``portal.cases``, pages drawn by ``portal.case_pages``), each notice as sent (``portal.notices``), the downloads
(``portal.downloads``), the sub-processors behind its services (``portal.subprocessors``, issue 21) and the changes of
them it may object to (``portal.chain.changes``), what we told it besides a breach and its instructions
(``portal.communications.pages``, issue 22); what they share
(who is signed in, the pages, cookies and tokens) is ``portal.site.PortalSite``.

Acknowledging and reporting call the same functions as the API (``flows.web.api.customer.acknowledge_notice``,
``api.customer.record_report``); the audit events name the key's holder and the name typed. The case page links
the support packs (``api.customer.support_pack``, Markdown and HTML) and the evidence pack, downloaded with the
session cookie.
"""

from __future__ import annotations

from collections.abc import Collection

from fastapi import APIRouter

from flows.settings import Settings
from flows.web.api.auth import Api
from flows.web.portal import cases, downloads, notices, signin, subprocessors
from flows.web.portal.chain import changes as subprocessor_changes
from flows.web.portal.communications import pages as communications
from flows.web.portal.pages import PortalPages
from flows.web.portal.site import PortalSite


def router(api: Api, *, settings: Settings, secret: str, origins: Collection[str]) -> APIRouter:
    """The portal's pages; ``origins`` are where its forms may be posted from (our public address; the
    request's own origin is added)."""
    site = PortalSite(
        api, PortalPages(settings), secret=secret, origins=origins, secure=settings.public_url.startswith("https://")
    )
    composed = APIRouter()
    for area in (signin, cases, notices, downloads, subprocessors, subprocessor_changes, communications):
        composed.include_router(area.router(site))
    return composed
