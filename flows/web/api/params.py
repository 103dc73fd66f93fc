"""What the API's routers share: the path parameters, the refusals every route documents, and the router
each resource area builds on (strict JSON bodies: ``flows.web.api.text``)."""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Path

from flows.web.api.models import ErrorBody
from flows.web.api.text import StrictJsonRoute
from notifications.packs.case_packs import PackKind

REFERENCE: Final = r"^BR-[0-9]{4}-[0-9]{4,6}$"
REFUSALS: Final[dict[int | str, dict[str, Any]]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (401, "No key, or an unknown or revoked one."),
        (403, "The key's role may not do this."),
        (404, "No such incident or case (or not this customer's)."),
        (409, "A conflict with what is recorded."),
        (422, "Invalid input: the field, the value and the problem."),
        (429, "Too many failed authentications from this address (a valid key still passes)."),
    )
}

Reference = Annotated[str, Path(pattern=REFERENCE, description="An incident reference, e.g. BR-2026-0001.")]
Kind = Annotated[
    PackKind,
    Path(description="authority (GDPR Art. 33(3) drafts), subjects (Art. 34 communication) or dpia (Art. 35(7))."),
]


def resource_router() -> APIRouter:
    """The router of one resource area: every route documents the refusals and reads bodies as strict JSON."""
    return APIRouter(responses=REFUSALS, route_class=StrictJsonRoute)
