"""``POST /incidents/{ref}/nis2/assess`` and ``POST /incidents/{ref}/nis2/override``: our own NIS2 duty
(issue 20), as ``breach nis2 assess`` and ``breach nis2 override`` do.

Assess is our security staff's (security or dpo, as recording facts is); the override is the DPO's alone, as
the risk override is (``flows.web.api_keys``: only ``dpo`` decides for the DPO). Both answer with the decision
and our NIS2 record as ``GET /incidents/{ref}`` shows it. A significant decision starts ``nis2.23.4.a`` and
``.b`` and queues the alert to our DPO and security lead, delivered after the answer as the facts route's
notices are; a refusal (no entity type set or given, an override without a reason) writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from breach.db import repository
from breach.db.models.access import ApiRole
from flows.settings import get_settings
from flows.usecases.nis2.assess import Nis2Decision, assess_incident, override_significance
from flows.usecases.nis2.view import nis2_block
from flows.web.api.auth import Api
from flows.web.api.params import Reference, resource_router
from flows.web.api_keys import Principal

EntityType = Literal["cloud", "data_centre", "msp", "mssp"]
_ENTITY = "Our kind of entity for this test (default: the server's BREACH_NIS2_ENTITY_TYPE)."


class Nis2AssessRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entity_type: EntityType | None = Field(default=None, description=_ENTITY)


class Nis2OverrideRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    significant: bool = Field(description="The DPO's decision: the incident is (true) or is not (false) significant.")
    reason: str = Field(min_length=1, max_length=2000, description="Why; kept in the audit log.")
    entity_type: EntityType | None = Field(default=None, description=_ENTITY)


class Nis2Result(BaseModel):
    reference: str
    test: bool | None = Field(description="The significance test's answer; null: unknown facts could still decide.")
    decided: bool | None = Field(description="The decision that holds: a DPO's override, else the test's answer.")
    overridden: bool
    clocks_started: list[str] = Field(description="The nis2.* clocks this call started (none when already running).")
    alerts_queued: int = Field(description="Internal alerts to our DPO and security lead this call queued.")
    nis2: dict[str, Any] | None = Field(description="Our NIS2 record after the call, as GET /incidents/{ref} shows it.")


def router(api: Api) -> APIRouter:
    staff = Depends(api.role(ApiRole.SECURITY, ApiRole.DPO))
    dpo = Depends(api.role(ApiRole.DPO))
    r = resource_router()

    def answer(reference: str, who: Principal, act: Callable[[Session], Nis2Decision]) -> Nis2Result:
        with api.work(who) as session:
            decision = act(session)
            incident = repository.incident_by_reference(reference, session=session)
            result = Nis2Result(
                reference=reference,
                test=decision.result.significant,
                decided=decision.decided,
                overridden=decision.overridden,
                clocks_started=[d.rule for d in decision.clocks_started],
                alerts_queued=decision.alerts,
                nis2=nis2_block(incident, session=session, language=get_settings().dpo_language),
            )
            incident_id = incident.id
        if decision.alerts:  # nothing queued, no delivery run (as the facts route)
            api.deliver(incident_id)
        return result

    @r.post("/incidents/{reference}/nis2/assess", tags=["incidents"])
    def assess(
        reference: Reference, body: Annotated[Nis2AssessRequest | None, Body()] = None, who: Principal = staff
    ) -> Nis2Result:
        """Test our incident's significance under NIS2 on its recorded facts; significant starts the clocks."""
        return answer(
            reference,
            who,
            lambda session: assess_incident(
                reference,
                session=session,
                actor=who.actor,
                now=api.clock.now(),
                entity_type=body.entity_type if body else None,
            ),
        )

    @r.post("/incidents/{reference}/nis2/override", tags=["incidents"])
    def override(reference: Reference, body: Nis2OverrideRequest, who: Principal = dpo) -> Nis2Result:
        """The DPO decides, with a reason, whether our incident is significant; yes starts the clocks now."""
        return answer(
            reference,
            who,
            lambda session: override_significance(
                reference,
                body.significant,
                body.reason,
                session=session,
                actor=who.actor,
                now=api.clock.now(),
                entity_type=body.entity_type,
            ),
        )

    return r
