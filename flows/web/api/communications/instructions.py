"""A customer's instructions by API (DPA clause 9), and what we told each customer besides a breach.

Staff (security, dpo): ``POST /instructions`` records one (an oral one is sent back at once for written
confirmation, 9(1)); ``POST /instructions/{ref}/concern`` (dpo) tells the customer we believe it infringes
data-protection law, with our reasons, and may suspend it (9(2)). A customer's key: ``GET /me/instructions``
its own, ``POST /me/instructions/{ref}/answer`` confirms, amends or withdraws one (another customer's is "not
found"; a move the states do not allow is 409), ``GET /me/communications`` lists what we told it (DPA
clauses 4(1), 5(a), 5(e), 9, 10(2)) with who acknowledged each, and ``POST
/me/communications/{notice_key}/acknowledge`` acknowledges one, as its link does. Queued notices leave at
once after the answer (``flows.web.api.delivery``), as a confirmed incident's do.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from breach.db import repository
from breach.db.models.access import ApiRole
from flows.usecases.communications import instructions as usecase
from flows.usecases.communications import views
from flows.web.api.auth import Api
from flows.web.api.models import Instant
from flows.web.api.params import resource_router
from flows.web.api_keys import CustomerPrincipal, Principal


class InstructionRecord(BaseModel):
    customer: str = Field(min_length=1, max_length=200, description="The customer whose instruction it is.")
    received_at: Instant = Field(description="When it reached us, ISO 8601 with its offset.")
    summary: str = Field(min_length=1, description="What it asks, as we understood it.")
    form: Literal["oral", "written"] = Field("oral", description="An oral one is sent back for confirmation.")
    given_by: str = Field("", max_length=200, description="Who at the customer gave it (a business contact).")


class ConcernRecord(BaseModel):
    reasons: str = Field(min_length=1, description="Why we believe it infringes data-protection law (9(2)).")
    suspend: bool = Field(False, description="Suspend it until the customer confirms or changes it.")


class InstructionAnswer(BaseModel):
    state: Literal["confirmed", "amended", "withdrawn"]
    amendment: str | None = Field(None, description="The changed instruction, with state amended only.")
    by: str = Field(min_length=1, max_length=200, description="Who at the customer answers.")


class InstructionOut(BaseModel):
    reference: str
    customer: str
    form: str
    received_at: str
    given_by: str
    summary: str
    state: str
    awaiting_customer: bool
    concern: str | None
    amendment: str | None
    confirmed_at: str | None
    confirmed_by: str | None
    asked: str | None
    told: str | None


class CommunicationOut(BaseModel):
    reference: str
    kind: str
    occurred_at: str
    due_at: str
    state: str
    delivered_at: str | None
    acknowledged_by: str | None
    what: str


class Acknowledgement(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="Who at the customer read it.")


class Acknowledged(BaseModel):
    notice_key: str
    acknowledged_by: str


def _out(row: usecase.InstructionRow) -> InstructionOut:
    return InstructionOut.model_validate(row, from_attributes=True)


def router(api: Api) -> APIRouter:
    staff = Depends(api.role(ApiRole.SECURITY, ApiRole.DPO))
    dpo = Depends(api.role(ApiRole.DPO))
    customer = Depends(api.customer())
    r = resource_router()

    def _one(reference: str, customer_id: UUID | None = None) -> InstructionOut:
        with api.uow() as session:
            rows = usecase.instruction_rows(session=session, customer_id=customer_id)
        return _out(next(row for row in rows if row.reference == reference))

    @r.post("/instructions", status_code=201, tags=["communications"])
    def record(body: InstructionRecord, who: Principal = staff) -> InstructionOut:
        """Record a customer's instruction; an oral one is sent back at once for written confirmation (9(1))."""
        with api.work(who) as session:
            instruction = usecase.record_instruction(
                session=session,
                customer=body.customer,
                form=body.form,
                received_at=body.received_at,
                given_by=body.given_by,
                summary=body.summary,
                actor=who.actor,
                now=api.clock.now(),
            )
            reference, asked = instruction.reference, instruction.request_id is not None
        if asked:
            api.deliver(None)
        return _one(reference)

    @r.post("/instructions/{reference}/concern", tags=["communications"])
    def concern(reference: str, body: ConcernRecord, who: Principal = dpo) -> InstructionOut:
        """Tell the customer we believe the instruction infringes data-protection law, with our reasons (9(2))."""
        with api.work(who) as session:
            usecase.raise_concern(
                session=session,
                reference=reference,
                reasons=body.reasons,
                suspend=body.suspend,
                actor=who.actor,
                now=api.clock.now(),
            )
        api.deliver(None)
        return _one(reference)

    @r.get("/me/instructions", tags=["customers"])
    def mine(who: CustomerPrincipal = customer) -> list[InstructionOut]:
        """The customer's own instructions, newest first, with whether it still owes us an answer."""
        with api.work(who) as session:
            return [_out(row) for row in usecase.instruction_rows(session=session, customer_id=who.customer_id)]

    @r.post("/me/instructions/{reference}/answer", tags=["customers"])
    def answer(reference: str, body: InstructionAnswer, who: CustomerPrincipal = customer) -> InstructionOut:
        """Confirm, amend or withdraw one of the customer's own instructions (DPA clause 9(1), 9(2))."""
        with api.work(who) as session:
            usecase.answer(
                session=session,
                reference=reference,
                state=body.state,
                by=body.by,
                via="api",
                now=api.clock.now(),
                amendment=body.amendment,
                customer_id=who.customer_id,
                recorded_by=who.actor,
            )
        return _one(reference, who.customer_id)

    @r.post("/me/communications/{notice_key}/acknowledge", tags=["customers"])
    def acknowledge(notice_key: str, body: Acknowledgement, who: CustomerPrincipal = customer) -> Acknowledged:
        """Acknowledge one of the customer's communications, as its link does; twice is 409."""
        with api.work(who) as session:
            summary = views.acknowledge_own(
                notice_key, who.customer_id, session=session, by=body.name, via="api", actor=who.actor,
                now=api.clock.now(),
            )  # fmt: skip
            return Acknowledged(notice_key=notice_key, acknowledged_by=summary.acknowledged_by or body.name)

    @r.get("/me/communications", tags=["customers"])
    def communications(who: CustomerPrincipal = customer) -> list[CommunicationOut]:
        """What we told the customer besides a breach, newest first, with who acknowledged each."""
        with api.work(who) as session:
            name = repository.customers_by_id([who.customer_id], session=session)[who.customer_id].name
            rows = views.rows(session=session, now=api.clock.now(), customer=name)
        return [CommunicationOut.model_validate(row, from_attributes=True) for row in rows]

    return r
