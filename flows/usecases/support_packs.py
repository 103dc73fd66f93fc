"""``breach pack``: load one customer's case and render a support pack, or send packs to the customer
(DPA clause 8(1)(c)-(e)). The API and the portal render them too (``flows.web.api.customer.support_pack``).

Rendering reads only. Sending queues one ``support_pack`` notice for the case, naming its packs, to the
customer's first full-detail contact (packs hold the breach's facts: never a chat channel), with an audit
event naming who sent it, and a support task per pack (``breach tasks``) unless one is open; the outbox
delivers it with the packs attached, built as the case stands then
(``notifications.packs.support_notice``). The sender (our DPO, our name) comes from settings, as in every notice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Final

from sqlmodel import Session, select

from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.db.models.support import SupportTask
from breach.errors import InvalidInput
from breach.incidents.store.recorded import case_of, deadlines_in_scope
from breach.notices.store import queue as notices
from breach.records.store import audit
from breach.support.store import tasks
from breach.support.support_tasks import TaskLinks
from breach.vocabulary import DetailLevel, NoticeKind, SupportTaskKind, TaskStatus
from flows.settings import Settings
from notifications.context.build import Person, Sender
from notifications.delivery.notice_events import notice_event
from notifications.packs.case_packs import PACK_KINDS, PackContext, PackKind
from notifications.packs.support_notice import case_packs, pack_kinds


def sender_of(settings: Settings) -> Sender:
    return Sender(
        processor_name=settings.processor_name,
        dpo=Person(name=settings.dpo_name, email=settings.dpo_email, phone=settings.dpo_phone),
        security_lead=Person(name=settings.security_lead_name, email=settings.security_lead_email),
        public_url=settings.public_url,
    )


def pack_kind(value: str) -> PackKind:
    for kind in PACK_KINDS:
        if kind == value:
            return kind
    if value == "consultation":  # a request of its own, with or without an incident (GDPR Art. 36)
        raise InvalidInput("kind", value, "a prior consultation has its own pack: `breach consultation pack ID`")
    raise InvalidInput("kind", value, f"expected one of {', '.join(PACK_KINDS)}")


def load_pack(
    reference: str, customer_name: str, kind: PackKind, *, session: Session, sender: Sender, now: datetime
) -> PackContext:
    incident = repository.incident_by_reference(reference, session=session)
    customer = repository.customer_by_name(customer_name, session=session)
    case = case_of(incident, customer, session=session)
    return case_pack(kind, incident=incident, case=case, customer=customer, session=session, sender=sender, now=now)


def case_pack(
    kind: PackKind,
    *,
    incident: Incident,
    case: ControllerCase,
    customer: Customer,
    session: Session,
    sender: Sender,
    now: datetime,
) -> PackContext:
    """One pack of a case already loaded (the API and the portal, after checking the case is the caller's)."""
    (context,) = case_packs(
        [kind], incident=incident, case=case, customer=customer, session=session, sender=sender, now=now
    )
    return context


def send_packs(
    reference: str, customer_name: str, kinds: Sequence[str], *, session: Session, actor: str, now: datetime
) -> Notice:
    """Queue a support-pack notice for one customer's case; each call is a new, numbered one. Never commits."""
    chosen = pack_kinds([pack_kind(k) for k in kinds])
    incident = repository.incident_by_reference(reference, session=session)
    customer = repository.customer_by_name(customer_name, session=session)
    case = case_of(incident, customer, session=session)
    # Two sends at once would number the same phase (one notice key): the second waits for the first.
    session.exec(select(ControllerCase).where(ControllerCase.id == case.id).with_for_update()).one()
    full = [c for c in repository.contacts_of(customer.id, session=session) if c.detail is DetailLevel.FULL]
    if not full:
        raise InvalidInput(
            "customer", customer_name, "has no full-detail contact (e-mail or webhook): packs never go to a chat"
        )
    (notice,) = notices.queue_for_cases(
        incident,
        NoticeKind.SUPPORT_PACK,
        session=session,
        now=now,
        per_case={case.id: {"packs": list(chosen)}},
        phased=True,
    )
    # queue_for_cases starts at the customer's first contact; a support pack starts at its first full one.
    notice.contact_id = full[0].id
    session.add(notice)
    session.flush()
    queued = notice_event(notice, "support_pack.queued", actor=actor, at=now, reference=reference, packs=list(chosen))
    audit.append_many([queued], session=session)
    _open_tasks(chosen, incident=incident, case=case, customer=customer, session=session, actor=actor, now=now)
    return notice


# The help a pack starts (DPA clause 8(1)(c)-(e)), and the clock of the case the controller then works to.
TASK_OF_PACK: Final[Mapping[PackKind, tuple[SupportTaskKind, str | None]]] = {
    "authority": (SupportTaskKind.AUTHORITY_NOTIFICATION, "gdpr.33.1"),
    "subjects": (SupportTaskKind.DATA_SUBJECT_COMMUNICATION, "gdpr.34.1"),
    "dpia": (SupportTaskKind.DPIA, None),
}


def _open_tasks(
    chosen: Sequence[PackKind],
    *,
    incident: Incident,
    case: ControllerCase,
    customer: Customer,
    session: Session,
    actor: str,
    now: datetime,
) -> None:
    """A support task per pack sent, unless one of that kind is still open for the case: the effort that
    follows (answering the controller, adapting the draft) is logged and judged billable or not there."""
    existing = {
        t.kind
        for t in session.exec(select(SupportTask).where(SupportTask.case_id == case.id)).all()
        if t.status not in (TaskStatus.DONE, TaskStatus.CANCELLED)
    }
    clocks = {
        d.rule: d.due_at
        for d in deadlines_in_scope(session=session, incident_id=incident.id, case_id=case.id)
        if d.met_at is None
    }
    for pack in chosen:
        kind, rule = TASK_OF_PACK[pack]
        if kind in existing:
            continue
        tasks.create_task(
            session=session,
            kind=kind,
            title=f"Follow up the {pack} pack sent",  # the customer and the incident are columns of their own
            owner=actor,
            links=TaskLinks(incident=incident, case=case, customer=customer),
            actor=actor,
            now=now,
            due_at=clocks.get(rule) if rule is not None else None,
        )
