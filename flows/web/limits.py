"""The request body limit, counted on the bytes as they stream in, before any key is checked.

A limit that reads only ``Content-Length`` misses a chunked upload, which has none: FastAPI reads a JSON
body whole before it runs the route's dependencies (the key check among them), so a 200 MB chunked body
sent with no key grew the server by about 500 MB before its 401 (issue 15, finding 8). ``BodyLimit`` wraps
the server's ``receive``: a declared length over the limit is refused before a byte is read, and a body that
grows past it is refused as soon as the chunk that crosses it arrives. The refusal closes the connection
(``Connection: close``), so the server neither keeps nor drains what the client still sends. A request
without a body reads nothing and is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from fastapi import Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CLOSE: Final = {"Connection": "close"}


class BodyTooLarge(HTTPException):
    """Raised inside ``receive`` once a body passes the limit. An ``HTTPException`` so that FastAPI's body
    parsing lets it through unchanged (any other exception there becomes a bare 400) and the application's
    handler answers it (413 in the API's error shape)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"at most {limit} bytes", headers=dict(CLOSE))
        self.limit = limit


class BodyLimit:
    """At most ``limit`` bytes of request body; ``refuse`` makes the 413 answered before the application
    runs (a declared ``Content-Length`` over the limit, or a body that passes it where the application does
    not answer the exception itself)."""

    def __init__(self, app: ASGIApp, *, limit: int, refuse: Callable[[BodyTooLarge], Response]) -> None:
        self.app = app
        self.limit = limit
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self.refuse(BodyTooLarge(self.limit))(scope, receive, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge as exc:
            # Reached here only where the application let it escape (a route reading the raw stream outside
            # FastAPI's handlers); once an answer has begun there is nothing left to say.
            if started:
                raise
            await self.refuse(exc)(scope, receive, send)


def _content_length(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            text: str = value.decode("latin-1")
            return text
    return None
