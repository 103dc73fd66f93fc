"""A customer's downloads of its own case: the evidence pack (a signed zip, ``flows.evidence``) and our
support packs (DPA clause 8(1)(c)-(e): drafts of its authority notification, its communication to the data
subjects, our part of its DPIA) in Markdown, HTML or JSON."""

from __future__ import annotations

from typing import Annotated, Any, Final
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from flows.web.api.auth import Api
from flows.web.api.customer import evidence_pack, pack_response, support_pack
from flows.web.api.models import PackQuery
from flows.web.api.params import Kind, resource_router
from flows.web.api_keys import CustomerPrincipal
from notifications.packs.case_packs import PackContext

_PACK_ANSWER: Final[dict[int | str, dict[str, Any]]] = {
    200: {
        "model": PackContext,
        "description": "The pack as a file `PACK-<reference>-<kind>.<format>`, in the customer's "
        "language; its JSON form is the pack's context.",
        "content": {
            "text/markdown": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}


def router(api: Api) -> APIRouter:
    """The download routes of a customer's case."""
    customer = Depends(api.customer())
    r = resource_router()

    @r.get(
        "/me/cases/{case_id}/evidence",
        tags=["customers"],
        response_class=Response,
        responses={200: {"content": {"application/zip": {}}, "description": "The pack (flows.evidence)."}},
    )
    def evidence(case_id: UUID, who: CustomerPrincipal = customer) -> Response:
        """The evidence pack of the case: every notice as sent, attempts, clocks, decisions, the audit slice."""
        reference, data = evidence_pack(api, who, case_id)
        return Response(
            data,
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{reference}-evidence.zip"'},
        )

    @r.get("/me/cases/{case_id}/packs/{kind}", tags=["customers"], response_class=Response, responses=_PACK_ANSWER)
    def pack(
        case_id: UUID, kind: Kind, query: Annotated[PackQuery, Query()], who: CustomerPrincipal = customer
    ) -> Response:
        """A support pack of the case (DPA clause 8(1)(c)-(e)): our draft of its authority notification, its
        communication to the data subjects, or our part of its DPIA, to adapt and file itself."""
        name, text = support_pack(api, who, case_id, kind, query.format)
        return pack_response(name, text, query.format)

    return r
