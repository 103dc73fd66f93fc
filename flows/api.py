"""The HTTP API (``breach serve``, beside the acknowledgement pages): thin, over the CLI's own use cases.

Our security tools open incidents; our staff confirm, dismiss, record facts and override with their own
keys; customers follow their cases and report what they did. Every route authenticates a bearer key
(``flows.api_keys``), checks its role, and runs one unit of work: the use case, its audit event naming the
key's holder and prefix, and the key's last use commit together, and a refusal writes nothing.

==========================================  ================  ============================================
route                                       roles             use case
==========================================  ================  ============================================
POST /incidents                             security, dpo     flows.operations.open_incident
GET  /incidents, /incidents/{ref}           security, dpo     (read)
POST /incidents/{ref}/facts                 security, dpo     flows.facts.record_facts
POST /incidents/{ref}/confirm               security, dpo     flows.operations.confirm_incident, 202
POST /incidents/{ref}/dismiss               security, dpo     flows.operations.dismiss_incident
POST /incidents/{ref}/override              dpo               flows.facts.override_risk
GET  /me/cases, /me/cases/{id}              customer          (read; its own cases only)
POST /me/cases/{id}/reports                 customer          breach.reports.record_event
POST /me/cases/{id}/notices/{n}/acknowledge customer          notifications.ack.acknowledge
GET  /me/cases/{id}/evidence                customer          flows.evidence.build_pack (a zip)
GET  /me/cases/{id}/packs/{kind}            customer          flows.support.case_pack (md, html, json)
==========================================  ================  ============================================

Refusals are JSON ``{"error": {"field", "value", "problem"}}``: 401 no or a bad key, 403 a role that may
not, 404 unknown (also another customer's case: existence does not leak), 409 a conflict (already
acknowledged, a contradicting report, an illegal transition), 413 a body over 1 MiB, 422 invalid input,
429 too many failed authentications from one address (``flows.api_errors``). What a customer does with its
case is shared with the portal (``flows.api_customer``).

After confirm, dismiss and facts, the queued notices are delivered without holding the request
(``flows.api_delivery``), in a
background thread of this server: as a ``handle_incident`` flow run where ``PREFECT_API_URL`` is set (the
DPO sees it in Prefect's dashboard), otherwise by ``flows.outbox_service.deliver_due``; or, with
``BREACH_API_DELIVERY=pool``, by the ``handle_incident`` deployment on the work pool (a worker polls before
it starts: seconds later). A delivery that fails leaves its notices pending, visible in ``breach outbox
list``, and the watchdog retries them.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated, Any, Final
from uuid import UUID

from fastapi import APIRouter, Body, Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from breach import repository
from breach.clock import Clock
from breach.errors import NotFound
from breach.models import ApiRole, IdempotencyRecord, Incident
from flows import api_keys, case_views, operations
from flows.api_customer import acknowledge_notice, evidence_pack, pack_response, record_report, support_pack
from flows.api_delivery import Deliver
from flows.api_errors import ApiError, error_response, install_handlers
from flows.api_keys import FailureLimiter, Principal
from flows.api_models import (
    AckRequest,
    AckResult,
    ConfirmRequest,
    ConfirmResult,
    DismissRequest,
    ErrorBody,
    FactsRequest,
    FactsResult,
    IncidentCreate,
    IncidentDetail,
    IncidentFilter,
    IncidentSummary,
    MyCase,
    MyCaseSummary,
    OverrideRequest,
    OverrideResult,
    PackQuery,
    Reassessed,
    ReportRequest,
    ReportResult,
)
from flows.facts import override_risk, record_facts
from flows.risk_wiring import assessor
from notifications.context import Sender
from notifications.packs import PackContext, PackKind

log = logging.getLogger(__name__)

UnitOfWork = Callable[[], AbstractContextManager[Session]]

MAX_BODY_BYTES: Final = 1 << 20
REFERENCE: Final = r"^BR-[0-9]{4}-[0-9]{4,6}$"
IDEMPOTENCY_KEY: Final = r"^[\x21-\x7e]{1,200}$"
STAFF: Final = (ApiRole.SECURITY, ApiRole.DPO)
_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (401, "No key, or an unknown or revoked one."),
        (403, "The key's role may not do this."),
        (404, "No such incident or case (or not this customer's)."),
        (409, "A conflict with what is recorded."),
        (422, "Invalid input: the field, the value and the problem."),
        (429, "Too many failed authentications from this address."),
    )
}


Reference = Annotated[str, Path(pattern=REFERENCE, description="An incident reference, e.g. BR-2026-0001.")]
Kind = Annotated[
    PackKind,
    Path(description="authority (GDPR Art. 33(3) drafts), subjects (Art. 34 communication) or dpia (Art. 35(7))."),
]
_bearer = HTTPBearer(auto_error=False, description="An API key made with `breach keys create`.")


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class Api:
    """The routes' shared parts: the database, the clock, the failure limiter, the deliverer, and the sender
    named in the support packs (our DPO, our name: ``flows.support.sender_of``)."""

    def __init__(
        self,
        *,
        unit_of_work: UnitOfWork,
        clock: Clock,
        limiter: FailureLimiter,
        deliver: Deliver,
        sender: Sender,
    ) -> None:
        self.uow = unit_of_work
        self.clock = clock
        self.limiter = limiter
        self.deliver = deliver
        self.sender = sender

    def authenticate(self, request: Request, credentials: HTTPAuthorizationCredentials | None) -> Principal:
        client = _client(request)
        wait = self.limiter.retry_after(client)
        if wait is not None:
            problem = f"too many failed authentications from this address; retry in {wait} s"
            raise ApiError(429, "Authorization", None, problem, {"Retry-After": str(wait)})
        principal = None
        if credentials is not None:
            with self.uow() as session:
                principal = api_keys.authenticate(credentials.credentials, session=session)
        if principal is None:
            self.limiter.fail(client)
            problem = (
                "a valid API key is required: Authorization: Bearer brk_…"
                if credentials is None
                else ("unknown or revoked API key")
            )
            raise ApiError(401, "Authorization", None, problem, {"WWW-Authenticate": "Bearer"})
        return principal

    def role(self, *roles: ApiRole) -> Callable[..., Principal]:
        def dependency(
            request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
        ) -> Principal:
            principal = self.authenticate(request, credentials)
            if principal.role not in roles:
                allowed = ", ".join(r.value for r in roles)
                raise ApiError(403, "Authorization", principal.role.value, f"this needs a key of role {allowed}")
            return principal

        return dependency

    def work(self, who: Principal) -> AbstractContextManager[Session]:
        """The request's unit of work, noting the key's use inside it."""
        return _Work(self, who)


class _Work(AbstractContextManager[Session]):
    def __init__(self, api: Api, who: Principal) -> None:
        self._cm = api.uow()
        self._api = api
        self._who = who

    def __enter__(self) -> Session:
        session = self._cm.__enter__()
        api_keys.touch(self._who, session=session, now=self._api.clock.now())
        return session

    def __exit__(self, *exc: Any) -> bool | None:
        return self._cm.__exit__(*exc)


def _request_hash(body: IncidentCreate) -> str:
    return hashlib.sha256(body.model_dump_json().encode("utf-8")).hexdigest()


def _replay(session: Session, who: Principal, key: str, digest: str, now: Any) -> IncidentDetail | None:
    record = session.exec(
        select(IdempotencyRecord).where(IdempotencyRecord.api_key_id == who.key_id, IdempotencyRecord.key == key)
    ).first()
    if record is None:
        return None
    if record.request_hash != digest:
        raise ApiError(422, "Idempotency-Key", key, "already used by this key for a different request")
    incident = session.get(Incident, record.incident_id)
    if incident is None:  # pragma: no cover - a foreign key keeps it
        raise NotFound("incident", str(record.incident_id))
    return case_views.incident_detail(incident, session=session, now=now)


def router(api: Api) -> APIRouter:  # noqa: PLR0915  (one route per use case, read top to bottom)
    staff = Depends(api.role(*STAFF))
    dpo = Depends(api.role(ApiRole.DPO))
    customer = Depends(api.role(ApiRole.CUSTOMER))
    r = APIRouter(responses=_ERRORS)

    @r.post("/incidents", status_code=201, tags=["incidents"])
    def open_incident(
        body: IncidentCreate,
        response: Response,
        idempotency_key: Annotated[
            str | None,
            Header(alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY, description="Retry-safe intake."),
        ] = None,
        who: Principal = staff,
    ) -> IncidentDetail:
        """Open an incident (a SIEM's intake); with an ``Idempotency-Key`` a retry returns the same incident."""
        now = api.clock.now()
        digest = _request_hash(body)
        try:
            with api.work(who) as session:
                if idempotency_key is not None:
                    replayed = _replay(session, who, idempotency_key, digest, now)
                    if replayed is not None:
                        response.headers["Idempotent-Replayed"] = "true"
                        return replayed
                draft = operations.IncidentDraft(
                    title=body.title,
                    description=body.description,
                    services=body.services,
                    detected_at=body.detected_at or now,
                    occurred_at=body.occurred_at,
                )
                incident = operations.open_incident(draft, session=session, actor=who.actor, now=now)
                if idempotency_key is not None:
                    session.add(
                        IdempotencyRecord(
                            api_key_id=who.key_id,
                            key=idempotency_key,
                            request_hash=digest,
                            incident_id=incident.id,
                            created_at=now,
                        )
                    )
                    session.flush()
                return case_views.incident_detail(incident, session=session, now=now)
        except IntegrityError:
            # The same key raced us to it: the first request's incident is the answer.
            if idempotency_key is None:
                raise
            with api.uow() as session:
                replayed = _replay(session, who, idempotency_key, digest, now)
            if replayed is None:
                raise
            response.headers["Idempotent-Replayed"] = "true"
            return replayed

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
            return case_views.incident_detail(incident, session=session, now=api.clock.now())

    @r.post("/incidents/{reference}/facts", tags=["incidents"])
    def facts(reference: Reference, body: FactsRequest, who: Principal = staff) -> FactsResult:
        """Record the facts and/or the narrative; every case is re-assessed, customers told what changed."""
        if body.facts is None and body.narrative is None:
            raise ApiError(422, "facts", None, "send facts, narrative or both")
        data = {k: v for k, v in (("facts", body.facts), ("narrative", body.narrative)) if v is not None}
        with api.work(who) as session:
            update = record_facts(reference, data, session=session, actor=who.actor, now=api.clock.now())
            incident_id = update.incident.id
            result = FactsResult(
                reference=reference,
                reassessed=[Reassessed(customer=x.customer, before=x.before, after=x.after) for x in update.reassessed],
                worsened=[Reassessed(customer=x.customer, before=x.before, after=x.after) for x in update.worsened],
            )
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
            result = operations.confirm_incident(
                reference,
                session=session,
                actor=who.actor,
                now=api.clock.now(),
                aware_at=body.aware_at if body else None,
                assessor=assessor(),
            )
            incident_id, status = result.incident.id, result.incident.status
        mode = api.deliver(incident_id)
        return ConfirmResult(
            reference=reference,
            status=status,
            already_confirmed=result.already_confirmed,
            affected=result.fanout.affected,
            cases_created=result.fanout.cases_created,
            notices_queued=result.fanout.notices_created,
            delivery=mode,
        )

    @r.post("/incidents/{reference}/dismiss", tags=["incidents"])
    def dismiss(reference: Reference, body: DismissRequest, who: Principal = staff) -> IncidentSummary:
        """Not a personal data breach: closed with the reason; customers warned early are told."""
        with api.work(who) as session:
            incident = operations.dismiss_incident(
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

    @r.get("/me/cases", tags=["customers"])
    def my_cases(who: Principal = customer) -> list[MyCaseSummary]:
        """This customer's cases, newest first."""
        assert who.customer_id is not None  # noqa: S101  (a customer key is always bound: api_keys.create_key)
        with api.work(who) as session:
            return case_views.my_cases(who.customer_id, session=session, now=api.clock.now())

    @r.get("/me/cases/{case_id}", tags=["customers"])
    def my_case(case_id: UUID, who: Principal = customer) -> MyCase:
        """One case: its clocks, notices and the reports recorded."""
        assert who.customer_id is not None  # noqa: S101
        with api.work(who) as session:
            return case_views.my_case(who.customer_id, case_id, session=session, now=api.clock.now())

    @r.post("/me/cases/{case_id}/reports", status_code=201, tags=["customers"])
    def report(case_id: UUID, body: ReportRequest, response: Response, who: Principal = customer) -> ReportResult:
        """Report what the customer did (authority notified with its reference, subjects informed, a decision)."""
        assert who.customer_id is not None  # noqa: S101
        result = record_report(api, who, case_id, event=body.event, at=body.at, details=body.details)
        if result.repeated:
            response.status_code = 200
        return result

    @r.post("/me/cases/{case_id}/notices/{notice_id}/acknowledge", tags=["customers"])
    def acknowledge(case_id: UUID, notice_id: UUID, body: AckRequest, who: Principal = customer) -> AckResult:
        """Someone at the customer read this notice: recorded, and its escalation stops."""
        return acknowledge_notice(api, who, case_id, notice_id, body.name, via="api")

    @r.get(
        "/me/cases/{case_id}/evidence",
        tags=["customers"],
        response_class=Response,
        responses={200: {"content": {"application/zip": {}}, "description": "The pack (flows.evidence)."}},
    )
    def evidence(case_id: UUID, who: Principal = customer) -> Response:
        """The evidence pack of the case: every notice as sent, attempts, clocks, decisions, the audit slice."""
        reference, data = evidence_pack(api, who, case_id)
        return Response(
            data,
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{reference}-evidence.zip"'},
        )

    @r.get(
        "/me/cases/{case_id}/packs/{kind}",
        tags=["customers"],
        response_class=Response,
        responses={
            200: {
                "model": PackContext,
                "description": "The pack as a file `PACK-<reference>-<kind>.<format>`, in the customer's "
                "language; its JSON form is the pack's context.",
                "content": {
                    "text/markdown": {"schema": {"type": "string"}},
                    "text/html": {"schema": {"type": "string"}},
                },
            }
        },
    )
    def pack(case_id: UUID, kind: Kind, query: Annotated[PackQuery, Query()], who: Principal = customer) -> Response:
        """A support pack of the case (DPA clause 8(1)(c)-(e)): our draft of its authority notification, its
        communication to the data subjects, or our part of its DPIA, to adapt and file itself."""
        name, text = support_pack(api, who, case_id, kind, query.format)
        return pack_response(name, text, query.format)

    return r


def install(app: FastAPI, api: Api) -> None:
    """Mount the API's routes and its error answers on the web application."""

    @app.middleware("http")
    async def body_limit(request: Request, call_next: Callable[[Request], Any]) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return error_response(413, "body", length, f"at most {MAX_BODY_BYTES} bytes")
        response: Response = await call_next(request)
        return response

    install_handlers(app)
    app.include_router(router(api))
