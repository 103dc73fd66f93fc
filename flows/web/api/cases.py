"""``/me/cases``: a customer follows its own cases, reports what it did and acknowledges our notices (keys of
role customer; another customer's case is "not found"). The work is shared with the portal
(``flows.web.api.customer``)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Response

from flows.usecases import case_views
from flows.web.api.auth import Api
from flows.web.api.customer import acknowledge_notice, record_report
from flows.web.api.models import AckRequest, AckResult, MyCase, MyCaseSummary, ReportRequest, ReportResult
from flows.web.api.params import resource_router
from flows.web.api_keys import CustomerPrincipal


def router(api: Api) -> APIRouter:
    """The customer's case routes."""
    customer = Depends(api.customer())
    r = resource_router()

    @r.get("/me/cases", tags=["customers"])
    def my_cases(who: CustomerPrincipal = customer) -> list[MyCaseSummary]:
        """This customer's cases, newest first."""
        with api.work(who) as session:
            return case_views.my_cases(who.customer_id, session=session, now=api.clock.now())

    @r.get("/me/cases/{case_id}", tags=["customers"])
    def my_case(case_id: UUID, who: CustomerPrincipal = customer) -> MyCase:
        """One case: its clocks, notices and the reports recorded."""
        with api.work(who) as session:
            return case_views.my_case(who.customer_id, case_id, session=session, now=api.clock.now())

    @r.post("/me/cases/{case_id}/reports", status_code=201, tags=["customers"])
    def report(
        case_id: UUID, body: ReportRequest, response: Response, who: CustomerPrincipal = customer
    ) -> ReportResult:
        """Report what the customer did (authority notified with its reference, subjects informed, a decision)."""
        result = record_report(api, who, case_id, event=body.event, at=body.at, details=body.details)
        if result.repeated:
            response.status_code = 200
        return result

    @r.post("/me/cases/{case_id}/notices/{notice_id}/acknowledge", tags=["customers"])
    def acknowledge(case_id: UUID, notice_id: UUID, body: AckRequest, who: CustomerPrincipal = customer) -> AckResult:
        """Someone at the customer read this notice: recorded, and its escalation stops."""
        return acknowledge_notice(api, who, case_id, notice_id, body.name, via="api")

    return r
