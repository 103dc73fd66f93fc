"""The two pages of a signed-in customer: its cases, and one case with its clocks on a timeline, its notices
to acknowledge, the form to report what it did and the links to its packs."""

from __future__ import annotations

from typing import Final
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi.responses import HTMLResponse
from sqlmodel import select

from breach.db.models.directory import Customer
from breach.db.models.support import ConsultationRequest
from breach.deadlines import events
from breach.vocabulary import CustomerRole
from flows.usecases import case_views
from flows.web.api_keys import CustomerPrincipal
from flows.web.pages import reader_words
from flows.web.portal.pages import local_time
from flows.web.portal.site import PortalSite
from flows.web.portal.timeline import timeline
from notifications.i18n.catalogues import labels
from notifications.packs.case_packs import PACK_KINDS

DETAIL_FIELDS: Final = ("authority_reference", "reason", "delay_reasons")
CASE_EVENTS: Final = tuple(name for name, spec in events.EVENTS.items() if spec.scope == "case" and not spec.ours)
PAGE_PACK_FORMATS: Final = ("md", "html")  # linked on the case page; json is served too (the API's form)


def offered_events(customer: Customer, recorded: set[str], *, consultation: bool) -> list[str]:
    """The events this customer may report on this case now (issue 18: no DORA events for a customer that is
    not a financial entity, Art. 36 only under a prior consultation); the core still checks every report."""
    offered = []
    for name in CASE_EVENTS:
        spec = events.EVENTS[name]
        if spec.controller_only and customer.role is CustomerRole.PROCESSOR:
            continue
        if spec.financial_entity_only and not customer.financial_entity:
            continue
        if spec.consultation and not (consultation or "consultation-received" in recorded):
            continue
        if (spec.after and spec.after not in recorded) or (spec.once and not spec.distinct_by and name in recorded):
            continue
        offered.append(name)
    return offered


def advice(notify_authority: bool | None, notify_subjects: bool | None) -> str:
    """What we recommend the controller do, as the catalogue's message key (``advice_*``)."""
    if notify_authority is None:
        return "advice_pending"
    if notify_authority and notify_subjects:
        return "advice_authority_subjects"
    return "advice_authority" if notify_authority else "advice_register"


def case_page(  # noqa: PLR0917  (the page and what the last form did)
    site: PortalSite,
    who: CustomerPrincipal,
    case_id: UUID,
    csrf: str,
    status: int = 200,
    problem: str = "",
    done: str = "",
) -> HTMLResponse:
    """One case of the customer's (``NotFound`` for another's), with ``problem`` or ``done`` of the last form."""
    now = site.api.clock.now()
    with site.api.uow() as session:
        case = case_views.my_case(who.customer_id, case_id, session=session, now=now)
        _row, incident, customer = case_views.own_case(who.customer_id, case_id, session=session)
        consulting = session.exec(
            select(ConsultationRequest.id).where(
                ConsultationRequest.customer_id == customer.id, ConsultationRequest.incident_id == incident.id
            )
        ).first()
        offered = offered_events(customer, {r.event for r in case.reports}, consultation=consulting is not None)
    lang = reader_words(customer)
    rules = labels(lang, "rule")
    picture = timeline(
        case.deadlines, now=now, tz=case.timezone, label=lambda rule: rules.get(rule, rule), language=lang
    )
    return site.pages.render(
        "case.html",
        lang,
        status,
        case=case,
        timeline=picture,
        kinds=labels(lang, "kind"),
        rules=rules,
        local=lambda at: local_time(at, case.timezone, lang),
        events=offered,
        advice=advice(case.notify_authority, case.notify_data_subjects),
        event_labels=labels(lang, "event"),
        detail_labels={field: str(getattr(site.pages.strings[lang], field)) for field in DETAIL_FIELDS},
        problem=problem,
        done=done,
        now_local=now.astimezone(ZoneInfo(case.timezone)).strftime("%Y-%m-%dT%H:%M"),
        pack_kinds=PACK_KINDS,
        pack_formats=PAGE_PACK_FORMATS,
        csrf=csrf,
    )


def cases_page(site: PortalSite, who: CustomerPrincipal, csrf: str) -> HTMLResponse:
    """The customer's cases, newest first."""
    lang, tz = site.language(who)
    now = site.api.clock.now()
    with site.api.uow() as session:
        cases = case_views.my_cases(who.customer_id, session=session, now=now)
    return site.pages.render(
        "cases.html",
        lang,
        cases=cases,
        holder=who.holder,
        rules=labels(lang, "rule"),
        local=lambda at: local_time(at, tz, lang),
        csrf=csrf,
    )
