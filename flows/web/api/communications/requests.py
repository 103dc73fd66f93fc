"""``POST /requests``: a data subject's request forwarded to its controller (DPA clause 4(1)), as
``breach requests forward`` does, with a staff key (security or dpo).

201 with the communication's reference, our clock and the notice's key. The request's text is the person's
data: it is stored, queued to the customer's full-detail contacts and never echoed back, logged or handed
to Prefect; its notice leaves at once, after the answer, in a thread of this server, as a confirmed
incident's do (``flows.web.api.delivery``: a communication has no incident, so no Prefect flow run), and a
delivery that stops leaves it queued for the watchdog's next pass. Refusals in the API's shape, nothing
written: 404 an unknown customer, 422 a bad kind, text or time (a ``received_at`` without an offset, or in
the future).
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlmodel import col, select

from breach.db.models.access import ApiRole
from breach.db.models.communications import CommunicationRecipient
from breach.db.models.outbox import Notice
from flows.settings import get_settings
from flows.usecases.communications.requests import RULE, forward_hours, forward_request
from flows.web.api.auth import Api
from flows.web.api.models import Instant
from flows.web.api.params import resource_router
from flows.web.api_keys import Principal


class RequestForward(BaseModel):
    customer: str = Field(min_length=1, max_length=200, description="The customer (controller) it concerns.")
    kind: str = Field(description="rectification | erasure | restriction | access | portability | objection")
    received_at: Instant = Field(description="When we received it, ISO 8601 with its offset.")
    text: str = Field(min_length=1, description="The request as the person sent it.")


class RequestForwarded(BaseModel):
    reference: str
    customer: str
    rule: str
    due_at: datetime
    notice_key: str


def router(api: Api) -> APIRouter:
    staff = Depends(api.role(ApiRole.SECURITY, ApiRole.DPO))
    r = resource_router()

    @r.post("/requests", status_code=201, tags=["communications"])
    def forward(body: RequestForward, who: Principal = staff) -> RequestForwarded:
        """Forward a data subject's request to its controller: full-detail contacts only, within its hours."""
        settings = get_settings()
        hours = forward_hours(body.customer, settings.request_forward_hours, settings.request_forward_hours_by_customer)
        with api.work(who) as session:
            communication = forward_request(
                session=session,
                customer=body.customer,
                kind=body.kind,
                received_at=body.received_at,
                raw=body.text.encode("utf-8"),
                hours=hours,
                actor=who.actor,
                now=api.clock.now(),
            )
            recipient, notice = session.exec(
                select(CommunicationRecipient, Notice)
                .join(Notice, col(Notice.id) == col(CommunicationRecipient.notice_id))
                .where(CommunicationRecipient.communication_id == communication.id)
            ).one()
            result = RequestForwarded(
                reference=communication.reference,
                customer=body.customer,
                rule=RULE,
                due_at=recipient.due_at,
                notice_key=notice.notice_key,
            )
        api.deliver(None)
        return result

    return r
