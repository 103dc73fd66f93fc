"""``GET /me/subprocessor-changes`` and ``POST /me/subprocessor-changes/{ref}/objection`` (keys of role
customer): the changes of our sub-processors told to the customer (GDPR Art. 28(2)), what each changes for its
services, until when it may object, and its objection with reasons.

Refusals in the API's shape, nothing written: 404 a change that does not concern the customer (as another
customer's case: it was not told of it), 409 after the objection period or a second objection, 422 no reasons.
The objection is audited (its reasons hashed in the log) and our DPO's alert is queued in the same unit of
work; it leaves at once after the answer, by the API's background delivery (``flows.web.api.delivery``: a
communication has no incident, so in a thread here), and a delivery that stops leaves it for the watchdog.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from breach.vocabulary import Language
from flows.settings import get_settings
from flows.usecases.chain.objections import change_by_reference, for_customer, object_to, until_of
from flows.web.api.auth import Api
from flows.web.api.params import resource_router
from flows.web.api_keys import CustomerPrincipal


class ChangeOut(BaseModel):
    kind: str = Field(description="added | replaced | removed | moved | transfer")
    name: str
    country: str
    transfer_mechanism: str | None
    transfer_reference: str
    services: list[str] = Field(description="Our services you use that the change concerns (codes).")
    service_names: list[str] = Field(default_factory=list, description="The same services, named in your language.")
    replaces: str | None = None
    country_before: str | None = None
    transfer_before: str | None = None


class MyChange(BaseModel):
    reference: str
    announced_at: datetime
    objection_until: datetime = Field(description="The end of the objection period (rule gdpr.28.2).")
    effective_from: str = Field(description="The date the change takes effect, YYYY-MM-DD.")
    open: bool = Field(description="Whether you may object now (period running, no objection yet).")
    changes: list[ChangeOut]
    objected_at: datetime | None
    reasons: str | None
    channel: str | None


class ObjectionIn(BaseModel):
    reasons: str = Field(min_length=1, max_length=4000, description="Why you object to the change.")


class ObjectionOut(BaseModel):
    reference: str
    objected_at: datetime
    channel: str
    objection_until: datetime


def _change(raw: dict[str, Any]) -> ChangeOut:
    values = {k: raw.get(k) for k in ChangeOut.model_fields}
    values |= {"services": raw["services"], "service_names": raw.get("service_names") or []}
    return ChangeOut.model_validate(values)


def router(api: Api) -> APIRouter:
    customer = Depends(api.customer())
    r = resource_router()

    @r.get("/me/subprocessor-changes", tags=["customers"])
    def my_changes(who: CustomerPrincipal = customer) -> list[MyChange]:
        """The changes of our sub-processors we told you of, newest first, with your objection if any."""
        with api.work(who) as session:
            views = for_customer(who.customer_id, session=session, now=api.clock.now())
        return [
            MyChange(
                reference=v.reference,
                announced_at=v.announced_at,
                objection_until=v.objection_until,
                effective_from=v.effective_from,
                open=v.open,
                changes=[_change(c) for c in v.changes],
                objected_at=v.objected_at,
                reasons=v.reasons,
                channel=v.channel,
            )
            for v in views
        ]

    @r.post("/me/subprocessor-changes/{reference}/objection", status_code=201, tags=["customers"])
    def object_to_change(reference: str, body: ObjectionIn, who: CustomerPrincipal = customer) -> ObjectionOut:
        """Object to a change of our sub-processors (GDPR Art. 28(2)), with your reasons, before its period ends."""
        with api.work(who) as session:
            row = object_to(
                reference,
                who.customer_id,
                session=session,
                reasons=body.reasons,
                channel="api",
                actor=who.actor,
                now=api.clock.now(),
                language=Language(get_settings().dpo_language),
            )
            until = until_of(change_by_reference(reference, session=session))
            answer = ObjectionOut(
                reference=reference, objected_at=row.recorded_at, channel=row.channel, objection_until=until
            )
        api.deliver(None)  # our DPO's alert, at once
        return answer

    return r
