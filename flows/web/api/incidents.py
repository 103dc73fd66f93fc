"""``/incidents``: a security tool opens an incident (retry-safe with an ``Idempotency-Key``); our staff list
and read them. Keys of role security or dpo."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response
from sqlalchemy.exc import IntegrityError

from breach.db import repository
from breach.db.models.access import ApiRole
from flows.settings import get_settings
from flows.usecases import case_views, intake
from flows.usecases.chain.link import received
from flows.usecases.chain.updates import pending
from flows.usecases.nis2.view import nis2_block
from flows.web.api import idempotency
from flows.web.api.auth import Api
from flows.web.api.models import (
    ChainNoticeOut,
    ChainServiceOut,
    IncidentCreate,
    IncidentDetail,
    IncidentFilter,
    IncidentSummary,
)
from flows.web.api.params import Reference, resource_router
from flows.web.api_keys import Principal

REPLAYED = "Idempotent-Replayed"


def _open(api: Api, who: Principal, body: IncidentCreate, key: str | None) -> tuple[IncidentDetail, bool]:
    """The incident opened (or, for a key seen before, the one it opened) and whether it is a replay."""
    now = api.clock.now()
    digest = idempotency.request_hash(body)
    try:
        with api.work(who) as session:
            if key is not None:
                replayed = idempotency.replay(session, who, key, digest, now)
                if replayed is not None:
                    return replayed, True
            draft = intake.IncidentDraft(
                title=body.title,
                description=body.description,
                services=body.services,
                detected_at=body.detected_at or now,
                occurred_at=body.occurred_at,
            )
            incident = intake.open_incident(draft, session=session, actor=who.actor, now=now)
            if key is not None:
                idempotency.remember(session, who, key, digest, incident_id=incident.id, now=now)
            return case_views.incident_detail(incident, session=session, now=now), False
    except IntegrityError:
        # The same key raced us to it: the first request's incident is the answer.
        if key is None:
            raise
        with api.uow() as session:
            raced = idempotency.replay(session, who, key, digest, now)
        if raced is None:
            raise
        return raced, True


def router(api: Api) -> APIRouter:
    """The incident intake and reading routes."""
    staff = Depends(api.role(ApiRole.SECURITY, ApiRole.DPO))
    r = resource_router()

    @r.post("/incidents", status_code=201, tags=["incidents"])
    def open_incident(
        body: IncidentCreate,
        response: Response,
        idempotency_key: Annotated[
            str | None,
            Header(alias="Idempotency-Key", pattern=idempotency.IDEMPOTENCY_KEY, description="Retry-safe intake."),
        ] = None,
        who: Principal = staff,
    ) -> IncidentDetail:
        """Open an incident (a SIEM's intake); with an ``Idempotency-Key`` a retry returns the same incident."""
        detail, replayed = _open(api, who, body, idempotency_key)
        if replayed:
            response.headers[REPLAYED] = "true"
        return detail

    @r.get("/incidents", tags=["incidents"])
    def list_incidents(query: Annotated[IncidentFilter, Query()], who: Principal = staff) -> list[IncidentSummary]:
        """Incidents, newest first; ``status`` keeps those in that status."""
        with api.work(who) as session:
            return case_views.list_incidents(session=session, status=query.status)

    @r.get("/incidents/{reference}", tags=["incidents"])
    def show_incident(reference: Reference, who: Principal = staff) -> IncidentDetail:
        """One incident with each affected customer's case and clocks (no contact details)."""
        with api.work(who) as session:
            incident = repository.incident_by_reference(reference, session=session)
            detail = case_views.incident_detail(incident, session=session, now=api.clock.now())
            nis2 = nis2_block(incident, session=session, language=get_settings().dpo_language)
            waiting = {(p.subprocessor, p.notice_key) for p in pending(incident, session=session)}
            chain = [
                ChainNoticeOut(
                    subprocessor=link.subprocessor,
                    country=link.country,
                    notice_key=link.notice_key,
                    form=link.form,
                    schema_version=link.schema_version,
                    received_at=link.received_at,
                    their_aware_at=link.their_aware_at,
                    services=[ChainServiceOut(theirs=s.theirs, ours=list(s.ours)) for s in link.services],
                    pending_review=(link.subprocessor, link.notice_key) in waiting,
                )
                for link in received(incident, session=session)
            ]
            return detail.model_copy(update={"nis2": nis2, "chain": chain})

    return r
