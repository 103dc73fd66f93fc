"""Our staff's decisions on an incident: record facts, confirm, dismiss (security or dpo) and override the
risk recommendation (dpo only). Confirm, dismiss and facts queue notices, delivered after the answer
(``flows.web.api.delivery``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends

from breach.db.models.access import ApiRole
from breach.vocabulary import IncidentStatus
from flows import runtime
from flows.risk_wiring import assessor
from flows.settings import get_settings
from flows.usecases import case_views, intake
from flows.usecases.facts import Reassessment, override_risk, record_facts
from flows.usecases.nis2.view import nis2_block
from flows.web.api.auth import Api
from flows.web.api.errors import ApiError
from flows.web.api.models import (
    ConfirmRequest,
    ConfirmResult,
    DismissRequest,
    FactsRequest,
    FactsResult,
    IncidentSummary,
    OverrideRequest,
    OverrideResult,
    Reassessed,
    Wanted,
)
from flows.web.api.params import Reference, resource_router
from flows.web.api_keys import Principal


def _reassessed(changes: Sequence[Reassessment]) -> list[Reassessed]:
    return [Reassessed(customer=x.customer, before=x.before, after=x.after) for x in changes]


def _confirmed(
    reference: str, result: intake.Confirmation, status: IncidentStatus, mode: Literal["background", "prefect"]
) -> ConfirmResult:
    return ConfirmResult(
        reference=reference,
        status=status,
        already_confirmed=result.already_confirmed,
        affected=result.fanout.affected,
        cases_created=result.fanout.cases_created,
        notices_queued=result.fanout.notices_created,
        delivery=mode,
        translation_task=result.translation_task,
    )


def router(api: Api) -> APIRouter:
    """The decision routes, each one use case in the request's unit of work."""
    staff = Depends(api.role(ApiRole.SECURITY, ApiRole.DPO))
    dpo = Depends(api.role(ApiRole.DPO))
    r = resource_router()

    @r.post("/incidents/{reference}/facts", tags=["incidents"])
    def facts(reference: Reference, body: FactsRequest, who: Principal = staff) -> FactsResult:
        """Record the facts and/or the narrative; every case is re-assessed, customers told what changed."""
        if body.facts is None and body.narrative is None and body.nis2 is None:
            raise ApiError(422, "facts", None, "send facts, narrative, nis2 or more than one")
        sections = (("facts", body.facts), ("narrative", body.narrative), ("nis2", body.nis2))
        data = {k: v for k, v in sections if v is not None}
        with api.work(who) as session:
            update = record_facts(
                reference,
                data,
                session=session,
                actor=who.actor,
                now=api.clock.now(),
                internal_language=runtime.internal_language(),
            )
            incident_id = update.incident.id
            wanted = update.wanted
            result = FactsResult(
                reference=reference,
                reassessed=_reassessed(update.reassessed),
                worsened=_reassessed(update.worsened),
                wanted=[] if wanted is None else [Wanted.model_validate(wanted, from_attributes=True)],
                nis2=nis2_block(update.incident, session=session, language=get_settings().dpo_language),
            )
            # Our DPO's NIS2 alert leaves with the rest (issue 20: "at once").
            queued = update.queued + (update.nis2.alerts if update.nis2 is not None else 0)
        if queued:  # a change that queues nothing starts no delivery run (issue 18: an empty handle_incident run)
            api.deliver(incident_id)
        return result

    @r.post("/incidents/{reference}/confirm", status_code=202, tags=["incidents"])
    def confirm(
        reference: Reference,
        body: Annotated[ConfirmRequest | None, Body()] = None,
        who: Principal = staff,
    ) -> ConfirmResult:
        """A personal data breach: queue a notice to every affected customer; delivery runs after the answer."""
        with api.work(who) as session:
            result = intake.confirm_incident(
                reference,
                session=session,
                actor=who.actor,
                now=api.clock.now(),
                aware_at=body.aware_at if body else None,
                assessor=assessor(),
                dpo=api.sender.dpo,
                fallback_language=body.fallback_language if body else None,
            )
            incident_id, status = result.incident.id, result.incident.status
        return _confirmed(reference, result, status, api.deliver(incident_id))

    @r.post("/incidents/{reference}/dismiss", tags=["incidents"])
    def dismiss(reference: Reference, body: DismissRequest, who: Principal = staff) -> IncidentSummary:
        """Not a personal data breach: closed with the reason; customers warned early are told."""
        with api.work(who) as session:
            incident = intake.dismiss_incident(
                reference, body.reason, session=session, actor=who.actor, now=api.clock.now()
            )
            result = case_views.incident_summary(incident, session=session)
            incident_id = incident.id
        api.deliver(incident_id)
        return result

    @r.post("/incidents/{reference}/override", tags=["incidents"])
    def override(reference: Reference, body: OverrideRequest, who: Principal = dpo) -> OverrideResult:
        """The DPO overrides our risk recommendation with a reason (never the controller's decision)."""
        with api.work(who) as session:
            cases = override_risk(
                reference,
                body.risk,
                body.reason,
                session=session,
                actor=who.actor,
                now=api.clock.now(),
                customer=body.customer,
            )
        return OverrideResult(reference=reference, risk=body.risk, cases=cases)

    return r
