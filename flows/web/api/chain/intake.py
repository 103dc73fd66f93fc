"""``POST /intake/notices``: a sub-processor sends us its breach notice (GDPR Art. 33(2), Art. 28(4); DPA
clause 6), with a key of role subprocessor bound to it. Our breach-notice JSON (schema 1.x) or the minimal
form (``breach.chain.intake``). 201 with the incident it opened (in ``investigating``: a person confirms);
a repeat of a notice key answers the same, marked ``Idempotent-Replayed: true``, and changes nothing.
Refusals in the API's shape, nothing stored: 401 unknown or revoked key, 403 another role, 413 over 1 MiB,
422 not JSON, an unknown schema version, a bad field, or services we cannot map (then a person is alerted).
A later notice about the same incident of theirs (same ``reference``: an update, an all-clear) opens nothing:
it is kept for review on the incident the first opened (``pending_review``; ``flows.usecases.chain.updates``).
Our DPO's and security lead's alert leaves at once, by the same background delivery as a confirmation.

``POST /incidents/{ref}/intake/accept`` (keys of role security or dpo): what ``breach intake accept REF`` does,
the same use case; the notices waiting for review on our incident become our facts (their all-clear withdraws
or dismisses ours), audited with the key's holder as actor; services of ours newly named are added, and the
customers they newly concern told; what it queues leaves after the answer. 404 an
unknown incident, 409 nothing waits for review or the incident is closed, 422 a notice we cannot read."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response
from pydantic import BaseModel

from breach.db.models.access import ApiRole
from breach.errors import InvalidInput
from breach.vocabulary import Language
from flows.settings import get_settings
from flows.usecases.chain import updates
from flows.usecases.chain.intake import take_in
from flows.web import api_keys
from flows.web.api.auth import Api
from flows.web.api.errors import ApiError
from flows.web.api.params import Reference, resource_router
from flows.web.api_keys import Principal

REPLAYED = "Idempotent-Replayed"


class IntakeAnswer(BaseModel):
    reference: str
    status: str
    notice_key: str
    received_at: datetime
    services: list[str]
    # A later notice about an incident an earlier one opened (their update or all-clear): kept for our review
    # (``breach intake pending REF``), not yet our facts.
    pending_review: bool = False


class IntakeAccepted(BaseModel):
    reference: str
    # The notices accepted, first received first (the latest one's facts stand for all: each is a whole snapshot).
    notices: list[str]
    outcome: updates.Outcome
    changes: int
    notices_queued: int
    # Our services their notices named that the incident lacked, now added; once customers were told, the cases
    # opened for the customers they newly concern (each with its first notice, counted in notices_queued).
    services_added: list[str]
    cases_created: int


def router(api: Api) -> APIRouter:
    sender = Depends(api.role(ApiRole.SUBPROCESSOR))
    staff = Depends(api.role(ApiRole.SECURITY, ApiRole.DPO))
    r = resource_router()

    @r.post("/intake/notices", status_code=201, tags=["intake"])
    def take_notice(
        body: Annotated[dict[str, Any], Body(description="A breach notice: schema 1.x or the minimal form.")],
        response: Response,
        who: Principal = sender,
    ) -> IntakeAnswer:
        """Take in a sub-processor's breach notice: an incident opens, our DPO and security lead are alerted."""
        if who.subprocessor_id is None:
            raise ApiError(403, "Authorization", who.role.value, "this needs a key bound to a sub-processor")
        now = api.clock.now()
        answer = take_in(
            body,
            subprocessor_id=who.subprocessor_id,
            unit_of_work=api.uow,
            actor=who.actor,
            now=now,
            language=Language(get_settings().dpo_language),
            noted=lambda session: api_keys.touch(who, session=session, now=now),
        )
        if answer.replayed:
            response.headers[REPLAYED] = "true"
        else:
            api.deliver(answer.incident_id)
        return IntakeAnswer(
            reference=answer.reference,
            status=answer.status,
            notice_key=answer.notice_key,
            received_at=answer.received_at,
            services=list(answer.services),
            pending_review=answer.update,
        )

    @r.post("/incidents/{reference}/intake/accept", tags=["incidents"])
    def accept_intake(reference: Reference, who: Principal = staff) -> IntakeAccepted:
        """Make the sub-processors' notices waiting for review on the incident our facts (an all-clear among
        them withdraws or dismisses it); customers get our update or all-clear as recorded facts send it."""
        with api.work(who) as session:
            try:
                accepted = updates.accept(
                    reference,
                    session=session,
                    actor=who.actor,
                    now=api.clock.now(),
                    language=Language(get_settings().dpo_language),
                )
            except InvalidInput as refused:
                if refused.field != "reference":
                    raise
                raise ApiError(409, refused.field, refused.value, refused.problem) from None
        if accepted.queued or accepted.outcome == "dismissed":
            api.deliver(accepted.incident_id)
        return IntakeAccepted(
            reference=accepted.reference,
            notices=list(accepted.notices),
            outcome=accepted.outcome,
            changes=accepted.changes,
            notices_queued=accepted.queued,
            services_added=list(accepted.services_added),
            cases_created=accepted.cases_created,
        )

    return r
