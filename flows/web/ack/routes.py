"""``GET`` (and ``HEAD``) and ``POST /ack/{token}``: the page of the notice a link belongs to, and its form.

``GET`` never acknowledges, because mail scanners and link previews follow links. ``POST`` with the reader's
name records the acknowledgement. The token is the capability, so cross-site request forgery gains an
attacker nothing; cross-site form posts are refused anyway (``Sec-Fetch-Site``, ``Origin``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from flows.web.ack.handlers import Acknowledgements
from flows.web.languages import browser_language, origin_of

MAX_FORM_BYTES: Final = 4096


async def _form_name(request: Request) -> str | HTMLResponse:
    """The ``name`` field of a small URL-encoded form, or the refusal of a form too large or not UTF-8."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return HTMLResponse("form too large", status_code=413)
    try:
        # Strict: a name with invalid bytes is refused, never stored with replacement characters.
        fields = parse_qs(body.decode("utf-8"), max_num_fields=8, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return HTMLResponse("form not in UTF-8", status_code=422)
    except ValueError:  # more fields than our one-field form has: treated as a form without a name
        fields = {}
    return (fields.get("name") or [""])[0]


def _cross_site(request: Request, trusted: Collection[str]) -> bool:
    """A form posted from another site (a browser says so in ``Sec-Fetch-Site`` or ``Origin``)."""
    if request.headers.get("sec-fetch-site") in {"cross-site", "same-site"}:
        return True
    origin = request.headers.get("origin")
    # "null" is what a browser sends for our own form under Referrer-Policy: no-referrer.
    if origin is None or origin == "null":
        return False
    return origin.lower() not in {*trusted, origin_of(str(request.base_url))}


def router(handlers: Acknowledgements, *, trusted: Collection[str]) -> APIRouter:
    """The two routes; ``trusted`` are the origins a form may be posted from besides the request's own."""
    r = APIRouter()

    # HEAD too: link checkers and mail scanners probe links with it.
    @r.api_route("/ack/{token}", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    async def ack_page(token: str, request: Request) -> HTMLResponse:
        answer = await run_in_threadpool(handlers.show, token, browser_language(request))
        return HTMLResponse(answer.html, status_code=answer.status)

    @r.post("/ack/{token}", response_class=HTMLResponse, include_in_schema=False)
    async def ack_post(token: str, request: Request) -> HTMLResponse:
        browser = browser_language(request)
        if _cross_site(request, trusted):
            answer = handlers.pages.refused("cross_origin", browser)
            return HTMLResponse(answer.html, status_code=answer.status)
        name = await _form_name(request)
        if isinstance(name, HTMLResponse):
            return name
        answer = await run_in_threadpool(handlers.record, token, name, browser)
        return HTMLResponse(answer.html, status_code=answer.status)

    return r
