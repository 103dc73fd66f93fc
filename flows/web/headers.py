"""The headers on every answer of ``breach serve``: no caching, no framing, no script, no sniffing.

Pages holding a capability in their address (an acknowledgement link's token) send no referrer at all. The
portal's pages send one to our own origin only (``same-origin``): under ``no-referrer`` a browser labels
our own form posts ``Origin: null``, which the portal refuses as a cross-site request may carry it; its
addresses hold no secret, only case ids the customer may see.
"""

from __future__ import annotations

from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
PORTAL_HEADERS: Final[dict[str, str]] = {**SECURITY_HEADERS, "Referrer-Policy": "same-origin"}
# Sent only when the public address is https: a browser then refuses plain http to us for a year.
HSTS: Final = {"Strict-Transport-Security": "max-age=31536000"}


def headers_for(path: str, *, https: bool) -> dict[str, str]:
    """The security headers of an answer to ``path``."""
    chosen = PORTAL_HEADERS if path == "/portal" or path.startswith("/portal/") else SECURITY_HEADERS
    return {**chosen, **HSTS} if https else dict(chosen)


class SecurityHeaders:
    """Sets the security headers on every answer, replacing any the application set."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = headers_for(scope["path"], https=self.https)
        names = {name.lower().encode("latin-1") for name in wanted}

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                added = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in wanted.items()]
                message = {**message, "headers": kept + added}
            await send(message)

        await self.app(scope, receive, with_headers)
