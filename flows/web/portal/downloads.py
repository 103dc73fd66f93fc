"""A signed-in customer's downloads, with the session cookie: its case's evidence pack and our support packs
(the same files as the API's, ``flows.web.api.customer``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from breach.errors import NotFound
from flows.web.api.customer import evidence_pack, pack_response, support_pack
from flows.web.portal.site import PortalSite
from notifications.packs.case_packs import PACK_FORMATS, PACK_KINDS


def router(site: PortalSite) -> APIRouter:
    """The two download routes."""
    r = APIRouter()

    @r.get("/portal/cases/{case_id}/evidence", include_in_schema=False)
    async def evidence(request: Request, case_id: UUID) -> Response:
        who = await site.signed_in(request)
        if isinstance(who, Response):
            return who
        try:
            reference, data = await run_in_threadpool(evidence_pack, site.api, who, case_id)
        except NotFound:
            return await site.not_found(who)
        disposition = f'attachment; filename="{reference}-evidence.zip"'
        return Response(data, media_type="application/zip", headers={"Content-Disposition": disposition})

    @r.get("/portal/cases/{case_id}/packs/{kind}", include_in_schema=False)
    async def pack(
        request: Request, case_id: UUID, kind: str, fmt: Annotated[str, Query(alias="format")] = "md"
    ) -> Response:
        who = await site.signed_in(request)
        if isinstance(who, Response):
            return who
        chosen = next((k for k in PACK_KINDS if k == kind), None)
        chosen_format = next((f for f in PACK_FORMATS if f == fmt), None)
        if chosen is None or chosen_format is None:
            return await site.not_found(who, "unknown_pack")
        try:
            name, text = await run_in_threadpool(support_pack, site.api, who, case_id, chosen, chosen_format)
        except NotFound:
            return await site.not_found(who)
        return pack_response(name, text, chosen_format)

    return r
