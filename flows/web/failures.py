"""A request that fails unexpectedly: a 500 in the API's error shape, and a log line without the input.

An exception's message often quotes what it choked on (a decoder its bytes, a database driver the value),
and a request's address may hold an acknowledgement link's token; uvicorn logs both with the traceback.
Here the log says which exception, under which route template, through which code lines (file, line and
function: no values, no message), with a reference the answer also carries so the operator can match a
complaint to the line.
"""

from __future__ import annotations

import logging
import secrets
import traceback
from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flows.web.api.errors import error_response

log = logging.getLogger(__name__)
MAX_FRAMES: Final = 12


def _frames(exc: BaseException) -> str:
    summary = traceback.extract_tb(exc.__traceback__)[-MAX_FRAMES:]
    return " <- ".join(
        f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in reversed(summary)
    )


class ServerErrors:
    """Answers an unexpected exception with 500 and logs it without its message or the request's address."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            reference = secrets.token_hex(6)
            route = getattr(scope.get("route"), "path", "(no route)")
            log.error(  # noqa: TRY400  (no traceback on purpose: its message may quote the input)
                "request failed: %s under %s %s [ref %s] at %s",
                type(exc).__name__,
                scope.get("method", "?"),
                route,
                reference,
                _frames(exc),
            )
            if started:
                return  # the answer is under way; the connection ends without the rest of it
            answer = error_response(500, "server", None, f"an internal error; the operator can find it as {reference}")
            await answer(scope, receive, send)
