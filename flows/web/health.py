"""``GET /health``: the liveness probe of ``breach serve`` (not in the API's document)."""

from __future__ import annotations

from fastapi import APIRouter


def router() -> APIRouter:
    """The probe: it answers when the server does, and reads nothing."""
    r = APIRouter()

    @r.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return r
