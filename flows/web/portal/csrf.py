"""Cross-site request forgery on the portal: every form carries a token, and every state-changing POST
(sign-in and sign-out included) is checked three ways before anything is read or written.

1. **Content type**: only ``application/x-www-form-urlencoded``, what our forms send. A cross-site page can
   also post ``text/plain`` or ``multipart/form-data`` without a preflight; neither is a form of ours.
2. **Where it came from**: ``Sec-Fetch-Site: cross-site`` or ``same-site`` is refused; an ``Origin`` must be
   ours, and ``Origin: null`` (a sandboxed frame, a ``data:`` page, a redirect) is refused. Without ``Origin``
   a ``Referer``, when given, must be ours; with neither, the token alone decides.
3. **The token** (synchronizer token, stateless): an HMAC-SHA256 under ``BREACH_ACK_SECRET``, in a domain
   of its own, of the session cookie once signed in, and before sign-in of a random ``breach_portal_pre``
   cookie set with the sign-in page (so a forged sign-in, which would put the victim in the attacker's
   account, fails too). Both cookies are ``HttpOnly`` and ``SameSite=Strict``: another site can neither read
   them nor make a browser send them, so it cannot compute or replay the token. Signing in changes the
   session cookie and so the token; signing out ends both.

The portal's pages send ``Referrer-Policy: same-origin`` (``flows.web.headers``), so a browser labels our own
form posts with our origin rather than ``null``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Collection
from typing import Final
from urllib.parse import urlsplit

from fastapi import Request

FIELD: Final = "csrf"
PRE_COOKIE: Final = "breach_portal_pre"
FORM_TYPE: Final = "application/x-www-form-urlencoded"
_DOMAIN: Final = b"breach-portal-csrf.v1\x00"


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-case: what a browser sends as ``Origin``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def new_pre_session() -> str:
    """The value of a fresh ``breach_portal_pre`` cookie."""
    return secrets.token_urlsafe(32)


class Tokens:
    """The token a form must carry for the cookie it is bound to (the session, or the pre-session one)."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode("utf-8")

    def token(self, purpose: str, cookie: str) -> str:
        mac = hmac.new(self._secret, _DOMAIN + purpose.encode("ascii") + b"\x00" + cookie.encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode("ascii")

    def valid(self, purpose: str, cookie: str | None, presented: str | None) -> bool:
        if not cookie or not presented:
            return False
        return hmac.compare_digest(self.token(purpose, cookie), presented)


def refusal(request: Request, origins: Collection[str]) -> str | None:
    """Why a POST to the portal is refused before its form is read (a reason of ``message.html``), or
    ``None``: its content type and the browser's word on where it came from (steps 1 and 2 above)."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != FORM_TYPE:
        return "not_a_form"
    if request.headers.get("sec-fetch-site") in {"cross-site", "same-site"}:
        return "cross_origin"
    ours = {*origins, origin_of(str(request.base_url))}
    origin = request.headers.get("origin")
    if origin is not None:
        return None if origin.lower() in ours else "cross_origin"
    referer = request.headers.get("referer")
    if referer is not None and origin_of(referer) not in ours:
        return "cross_origin"
    return None
