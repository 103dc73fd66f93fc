"""The languages of our web pages and how a request picks one; the origin of an address (for the forms'
same-origin checks)."""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

from fastapi import Request

LANGUAGES: Final = ("nl", "fr", "de", "en")


def browser_language(request: Request) -> str:
    """The first of our languages the browser asks for (by its order, ignoring weights), else English."""
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lower-cased, as a browser's ``Origin`` header gives it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
