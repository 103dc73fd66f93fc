"""Planning a claimed batch: each notice's context, contact, acknowledgement link and attachments.

Everything the sender reads from the database happens here, in bulk for the whole batch; the drafts it
returns are then rendered and sent without a session (``notifications.delivery.send``). A notice that cannot even
be planned (no contact left, a support pack that cannot be built) becomes a draft that already holds its
failing ``Job``, so it fails visibly when settled instead of stopping the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from sqlmodel import Session

from breach.db import repository
from breach.db.models.audit import AuditHead
from breach.db.models.directory import Contact, Customer
from breach.db.models.incidents import Incident
from breach.db.models.outbox import Notice
from breach.directory.names import name_in
from breach.dora import DoraRecord
from breach.dora import store as dora_store
from breach.errors import BreachError, DeliveryError
from breach.notices.kinds import KINDS
from breach.vocabulary import DetailLevel
from notifications.context.build import Sender, ServiceLine, alert_context, contact_check_context, notice_context
from notifications.context.models import AuditStamp
from notifications.delivery.dpo_contact import refuse_real_sends_without_dpo
from notifications.delivery.manager_route import DISPLAY as MANAGER
from notifications.delivery.manager_route import customer_of
from notifications.delivery.values import Draft, InternalRoute, Job, LinkMaker
from notifications.packs.case_packs import PackContext
from notifications.packs.support_notice import case_packs


def plan(
    claimed: Sequence[Notice],
    *,
    session: Session,
    sender: Sender,
    now: datetime,
    internal: InternalRoute = InternalRoute(),
    links: LinkMaker | None = None,
) -> list[Draft]:
    """Every claimed notice's context, contact and attachment, loading what it needs in bulk.

    Everything that reads the database happens here; ``realise`` then renders each draft without it, so
    a batch can start sending its first notice while it renders the next. Each notice carries the audit
    chain's head as read here, once for the batch: a customer's copy then anchors the chain outside our
    database (issue 15), and ``breach audit verify`` accepts it as an anchor.
    """
    head = audit_head(session=session)
    drafts = _plan(claimed, session=session, sender=sender, now=now, internal=internal, links=links)
    return [_stamped(draft, head) for draft in drafts]


def audit_head(*, session: Session) -> AuditStamp | None:
    """The chain's head now (its sequence number and hash); None when the head row is missing."""
    head = session.get(AuditHead, 1)
    return AuditStamp(seq=head.last_seq, hash=head.last_hash) if head is not None else None


def _stamped(draft: Draft, head: AuditStamp | None) -> Draft:
    if draft.context is None or head is None:
        return draft
    return replace(draft, context=draft.context.model_copy(update={"audit_head": head}))


def _plan(
    claimed: Sequence[Notice],
    *,
    session: Session,
    sender: Sender,
    now: datetime,
    internal: InternalRoute,
    links: LinkMaker | None,
) -> list[Draft]:
    incidents = repository.incidents_by_id(list({n.incident_id for n in claimed if n.incident_id}), session=session)
    customer_ids = list({n.customer_id for n in claimed if n.customer_id})
    customers = repository.customers_by_id(customer_ids, session=session)
    cases = repository.cases_by_id([n.case_id for n in claimed if n.case_id], session=session)
    contacts = repository.contacts_by_id([n.contact_id for n in claimed if n.contact_id], session=session)
    # Before anything is rendered or recorded: raising here rolls the claim back (dpo_contact explains).
    refuse_real_sends_without_dpo((c.url for c in contacts.values()), sender.dpo)
    managed = [m for m in (customer_of(n.details) for n in claimed if n.customer_id is None) if m is not None]
    managers = repository.customers_by_id(managed, session=session) if managed else {}
    services_by_incident = {i: [s.id for s in repository.incident_services(i, session=session)] for i in incidents}
    uses = {
        i: repository.service_uses_detail(customer_ids, ids, session=session) for i, ids in services_by_incident.items()
    }
    # Only for financial-entity customers (issue 20): their notices carry our DORA information.
    dora = {
        i: DoraRecord(
            nis2_section=dora_store.nis2_section(i, session=session),
            countries=dora_store.affected_countries(i, session=session),
        )
        for i in {n.incident_id for n in claimed if n.incident_id in incidents and n.customer_id in customers}
        if any(customers[n.customer_id].financial_entity for n in claimed if n.incident_id == i and n.customer_id)
    }
    drafts: list[Draft] = []
    for notice in claimed:
        incident = incidents.get(notice.incident_id) if notice.incident_id else None
        if notice.customer_id is None:
            route = _route(notice, internal, managers)
            drafts.append(_internal_draft(notice, incident, route, internal=internal, sender=sender, now=now))
            continue
        contact = contacts.get(notice.contact_id) if notice.contact_id else None
        spec = KINDS[notice.kind]
        # About no incident: a contact check, a communication, or a record of destruction of a whole customer's data
        # (DPA clause 10(2): the destruction kind, told as a communication).
        if (not spec.about_incident or notice.incident_id is None) and contact is not None:
            drafts.append(
                _check_draft(notice, customers[notice.customer_id], contact, sender=sender, now=now, links=links)
            )
            continue
        if contact is None or incident is None:
            problem = DeliveryError("no contact left to try", transient=False)
            drafts.append(Draft(notice, None, job=Job(notice.id, None, (), "", None, problem)))
            continue
        customer = customers[notice.customer_id]
        lines = [
            ServiceLine(
                code=service.code,
                name=name_in(service, customer.language),
                data_subjects=use.data_subjects,
                data_kinds=tuple(use.data_kinds),
                subject_kinds=tuple(use.subject_kinds),
            )
            for use, service in uses[incident.id].get(customer.id, [])
        ]
        case = cases.get(notice.case_id) if notice.case_id else None
        context = notice_context(
            notice=notice,
            incident=incident,
            customer=customer,
            case=case,
            services=lines,
            detail=contact.detail,
            sender=sender,
            now=now,
            ack_url=links(notice) if links is not None else None,
            details=notice.details,
            dora=dora.get(incident.id),
        )
        full = contact.detail is DetailLevel.FULL
        packs: tuple[PackContext, ...] = ()
        if spec.attaches_packs and full:
            try:
                if case is None:
                    raise DeliveryError("a support-pack notice needs its case", transient=False)
                kinds = [str(k) for k in notice.details.get("packs") or ()]
                packs = case_packs(
                    kinds, incident=incident, case=case, customer=customer, session=session, sender=sender, now=now
                )
            except (BreachError, ValueError) as exc:  # a stored pack kind or a case we cannot build: visible
                # No contact on the job: another contact would fail the same way, so the notice fails at once.
                problem = DeliveryError(f"packs not built: {exc}", transient=False)
                drafts.append(Draft(notice, None, job=Job(notice.id, None, (), contact.display, None, problem)))
                continue
        drafts.append(
            Draft(
                notice,
                context,
                urls=(contact.url,),
                display=contact.display,
                contact_id=contact.id,
                with_payload=full and spec.carries_payload,
                packs=packs,
            )
        )
    return drafts


def _check_draft(
    notice: Notice, customer: Customer, contact: Contact, *, sender: Sender, now: datetime, links: LinkMaker | None
) -> Draft:
    """A contact check (flows.usecases.contact_checks): no incident, one contact, no breach payload attached."""
    context = contact_check_context(
        notice=notice,
        customer=customer,
        detail=contact.detail,
        sender=sender,
        now=now,
        ack_url=links(notice) if links is not None else None,
    )
    return Draft(notice, context, urls=(contact.url,), display=contact.display, contact_id=contact.id)


def _route(notice: Notice, internal: InternalRoute, managers: dict[UUID, Customer]) -> tuple[tuple[str, ...], str, str]:
    """Where an alert goes: the URLs, their safe name, and the refusal when there are none."""
    target = customer_of(notice.details)
    if target is None:
        return (
            internal.urls,
            "internal alert channels",
            "no internal alert channel is configured (BREACH_DPO_ALERT_URLS)",
        )
    manager = managers.get(target)
    # Only that manager's own URL: an alert listing one manager's customers is not for another's channel.
    url = manager.account_manager_contact if manager is not None else None
    return ((url,) if url else ()), MANAGER, "the account manager has no contact now (account_manager_contact)"


def _internal_draft(
    notice: Notice,
    incident: Incident | None,
    route: tuple[tuple[str, ...], str, str],
    *,
    internal: InternalRoute,
    sender: Sender,
    now: datetime,
) -> Draft:
    urls, display, missing = route
    if not urls:
        problem = DeliveryError(missing, transient=False)
        return Draft(notice, None, job=Job(notice.id, None, (), display, None, problem))
    context = alert_context(
        notice_key=notice.notice_key,
        language=notice.language.value,
        alert=str(notice.details.get("alert", "")),
        # An alert about no incident may name what it is about (a prior consultation's reference).
        reference=incident.reference if incident is not None else str(notice.details.get("reference") or "ENGINE"),
        sender=sender,
        now=now,
        tz=internal.timezone,
        details=notice.details,
    )
    return Draft(notice, context, urls=urls, display=display, contact_id=None)
