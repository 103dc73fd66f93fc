"""Text the API refuses before any use case sees it: lone surrogates in JSON, and non-UTF-8 bytes in a path
or a query string.

JSON may spell half of a surrogate pair on its own (``"a\\ud800b"``): valid JSON, but no Unicode text. Python
decodes it into a string that cannot be encoded back to UTF-8, so the first database write or error answer
that tried crashed with a traceback holding the input (issue 15, finding 8). Every JSON body is walked once
after decoding (``StrictJsonRoute``) and refused with 422 naming where the surrogate was, without echoing
it. A path or query string is percent-decoded by the server with replacement characters, silently turning
invalid bytes into U+FFFD; ``Utf8Guard`` refuses them as invalid instead of guessing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine
from typing import Any, Final
from urllib.parse import unquote_to_bytes

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")
SURROGATE_PROBLEM: Final = "holds half of a surrogate pair (U+D800-U+DFFF) on its own: not Unicode text"
UTF8_PROBLEM: Final = "not valid UTF-8 (percent-encoded)"


class TextRefused(HTTPException):
    """A request whose text is not Unicode: answered 422 on ``field``, never echoing the value.

    An ``HTTPException`` so that FastAPI lets it through its body parsing unchanged (any other exception
    there becomes a bare 400)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(status_code=422, detail=problem)
        self.field = field
        self.problem = problem


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a surrogate code point: a decoded pair is one astral character, so any left is
    alone."""
    return LONE_SURROGATE.search(text) is not None


def lone_surrogate_at(value: object) -> str | None:
    """Where in decoded JSON the first lone surrogate is (``title``, ``services.0``, ``facts`` for a key of
    ``facts``; ``body`` at the top), or ``None``. Iterative: nesting as deep as the parser allows is no
    recursion error here."""
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                return where or "body"
        elif isinstance(item, dict):
            children: list[tuple[str, object]] = []
            for key, child in item.items():
                if has_lone_surrogate(key):
                    return where or "body"
                children.append((f"{where}.{key}" if where else key, child))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend(reversed([(f"{where}.{i}" if where else str(i), c) for i, c in enumerate(item)]))
    return None


class _StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            value = json.loads(await self.body())
            where = lone_surrogate_at(value)
            if where is not None:
                raise TextRefused(where, SURROGATE_PROBLEM)
            self._json = value
        return self._json


class StrictJsonRoute(APIRoute):
    """An API route whose JSON body is refused when it holds a lone surrogate (FastAPI's custom request)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            return await original(_StrictJsonRequest(request.scope, request.receive))

        return handler


def _utf8(raw: bytes) -> bool:
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Utf8Guard:
    """Refuses, with 422 in the API's error shape, a request whose path or query string percent-decodes to
    bytes that are not UTF-8 (a surrogate encoded in UTF-8, ``%ED%A0%80``, is among them)."""

    def __init__(self, app: ASGIApp, refuse: Callable[[str, str], Response]) -> None:
        self.app = app
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for field, raw in (("path", scope.get("raw_path")), ("query", scope.get("query_string"))):
                if raw and not _utf8(raw):
                    await self.refuse(field, UTF8_PROBLEM)(scope, receive, send)
                    return
        await self.app(scope, receive, send)
