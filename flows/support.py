"""``breach pack``: load one customer's case and render a support pack (DPA clause 8(1)(c)-(e)).

Reads only. The sender (our DPO, our name) comes from settings, as in every notice.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from breach import repository
from breach.errors import InvalidInput
from breach.reports import case_of, deadlines_in_scope, reports_of
from flows.settings import Settings
from notifications.context import Person, Sender
from notifications.packs import PACK_KINDS, PackContext, PackKind, pack_context


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
    raise InvalidInput("kind", value, f"expected one of {', '.join(PACK_KINDS)} (dpia and consultation: not yet)")


def load_pack(
    reference: str, customer_name: str, kind: PackKind, *, session: Session, sender: Sender, now: datetime
) -> PackContext:
    incident = repository.incident_by_reference(reference, session=session)
    customer = repository.customer_by_name(customer_name, session=session)
    case = case_of(incident, customer, session=session)
    return pack_context(
        kind,
        incident=incident,
        case=case,
        customer=customer,
        deadlines=deadlines_in_scope(session=session, incident_id=incident.id, case_id=case.id),
        reports=reports_of(session=session, incident_id=incident.id, case_id=case.id),
        sender=sender,
        now=now,
    )
