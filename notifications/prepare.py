"""Planning a claimed batch: each notice's context, contact, acknowledgement link and attachments.

Everything the sender reads from the database happens here, in bulk for the whole batch; the drafts it
returns are then rendered and sent without a session (``notifications.send``). A notice that cannot even
be planned (no contact left, a support pack that cannot be built) becomes a draft that already holds its
failing ``Job``, so it fails visibly when settled instead of stopping the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

from sqlmodel import Session

from breach import repository
from breach.errors import BreachError, DeliveryError
from breach.models import Contact, Customer, Incident, Notice
from breach.vocabulary import DetailLevel, NoticeKind
from notifications.context import Sender, ServiceLine, alert_context, contact_check_context, notice_context
from notifications.delivery_types import Draft, InternalRoute, Job, LinkMaker
from notifications.packs import PackContext
from notifications.send import realise
from notifications.support_notice import case_packs

# Kinds that do not attach the breach notice document: a support-pack notice attaches its packs (each
# with its own JSON), a record of destruction states counts and a fingerprint, not the breach's facts.
NO_PAYLOAD: Final = frozenset({NoticeKind.SUPPORT_PACK, NoticeKind.DESTRUCTION})


def prepare(
    claimed: Sequence[Notice],
    *,
    session: Session,
    sender: Sender,
    now: datetime,
    internal: InternalRoute = InternalRoute(),
    links: LinkMaker | None = None,
) -> list[Job]:
    """Render every claimed notice for its current contact, loading what it needs in bulk."""
    return [
        realise(draft)
        for draft in plan(claimed, session=session, sender=sender, now=now, internal=internal, links=links)
    ]


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
    a batch can start sending its first notice while it renders the next.
    """
    incidents = repository.incidents_by_id(list({n.incident_id for n in claimed if n.incident_id}), session=session)
    customer_ids = list({n.customer_id for n in claimed if n.customer_id})
    customers = repository.customers_by_id(customer_ids, session=session)
    cases = repository.cases_by_id([n.case_id for n in claimed if n.case_id], session=session)
    contacts = repository.contacts_by_id([n.contact_id for n in claimed if n.contact_id], session=session)
    services_by_incident = {i: [s.id for s in repository.incident_services(i, session=session)] for i in incidents}
    uses = {
        i: repository.service_uses_detail(customer_ids, ids, session=session) for i, ids in services_by_incident.items()
    }
    drafts: list[Draft] = []
    for notice in claimed:
        incident = incidents.get(notice.incident_id) if notice.incident_id else None
        if notice.customer_id is None:
            drafts.append(_internal_draft(notice, incident, internal=internal, sender=sender, now=now))
            continue
        contact = contacts.get(notice.contact_id) if notice.contact_id else None
        if notice.kind is NoticeKind.CONTACT_CHECK and incident is None and contact is not None:
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
                name=service.name,
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
        )
        full = contact.detail is DetailLevel.FULL
        packs: tuple[PackContext, ...] = ()
        if notice.kind is NoticeKind.SUPPORT_PACK and full:
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
                with_payload=full and notice.kind not in NO_PAYLOAD,
                packs=packs,
            )
        )
    return drafts


def _check_draft(
    notice: Notice, customer: Customer, contact: Contact, *, sender: Sender, now: datetime, links: LinkMaker | None
) -> Draft:
    """A contact check (flows.contact_checks): no incident, one contact, no breach payload attached."""
    context = contact_check_context(
        notice=notice,
        customer=customer,
        detail=contact.detail,
        sender=sender,
        now=now,
        ack_url=links(notice) if links is not None else None,
    )
    return Draft(notice, context, urls=(contact.url,), display=contact.display, contact_id=contact.id)


def _internal_draft(
    notice: Notice, incident: Incident | None, *, internal: InternalRoute, sender: Sender, now: datetime
) -> Draft:
    if not internal.urls:
        problem = DeliveryError("no internal alert channel is configured (BREACH_DPO_ALERT_URLS)", transient=False)
        return Draft(notice, None, job=Job(notice.id, None, (), "internal", None, problem))
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
    return Draft(notice, context, urls=internal.urls, display="internal alert channels", contact_id=None)
