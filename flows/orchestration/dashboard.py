"""What the DPO sees in Prefect's dashboard: a register table, a worklist and one Markdown page per incident.

Artifacts are stored by Prefect and shown to anyone with the UI, so they hold organisations, references,
statuses and times, never a data subject's data, a narrative text or a contact address. Nor a customer's
people: an acknowledgement shows how it came (link, portal, API, told our staff) and the role of the contact
our notice went to, and a decision taken with a customer's API key shows the key; our own operators are named
(who decided is what the timeline is for, issue 18). Headings are in the DPO's language (``dashboard``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.access import ApiKey
from breach.db.models.audit import AuditEvent
from breach.db.models.directory import Contact, Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.deadlines import store as tracking
from breach.deadlines.status import format_local
from breach.notices.kinds import FIRST_NOTICES
from breach.records.register import Clock, clock_state
from flows.orchestration.register_view import CaseExtras, clock_text, markdown_cell, register_table
from flows.usecases.chain.link import chain_markdown, received
from flows.usecases.chain.updates import pending
from flows.usecases.nis2.view import nis2_block, nis2_markdown
from flows.usecases.register_export import RegisterFilter, load_rows
from flows.usecases.watch import worklist
from notifications.ack import VIA
from notifications.i18n.catalogues import message

REGISTER_KEY = "breach-register"
WORKLIST_KEY = "breach-worklist"
# Beyond this many deliveries the timeline shows one summary line (an incident can reach 10 000 customers).
TIMELINE_DELIVERIES: Final = 20


def register_rows(*, session: Session, now: datetime, tz: str, language: str) -> list[dict[str, str]]:
    """Every case as the DPO reads it (``flows.orchestration.register_view``): most urgent first, in words.

    The rows are ``breach register export``'s (``flows.usecases.register_export``), so the artifact and the
    export cannot disagree; how each case was acknowledged and when our first notice arrived are read beside them.
    """
    rows = load_rows(RegisterFilter(), session=session, now=now)
    found = session.exec(
        select(Incident.reference, Customer.name, ControllerCase.id, Notice.delivered_at)
        .join(ControllerCase, col(ControllerCase.incident_id) == col(Incident.id))
        .join(Customer, col(Customer.id) == col(ControllerCase.customer_id))
        .join(
            Notice,
            (col(Notice.case_id) == col(ControllerCase.id))
            & col(Notice.kind).in_([kind.value for kind in FIRST_NOTICES])
            & (col(Notice.phase) == 1),
            isouter=True,
        )
    ).all()
    how = _first_acknowledgements(session=session)
    extras: dict[tuple[str, str | None], CaseExtras] = {}
    for reference, customer, case_id, delivered in found:
        via, role = how.get(case_id, (None, None))
        extras[(reference, customer)] = CaseExtras(via, role, delivered)
    return register_table(rows, extras, now=now, tz=tz, language=language)


def _first_acknowledgements(*, session: Session) -> dict[UUID, tuple[str | None, str | None]]:
    """Per case, how its first acknowledgement came (``notifications.ack.VIA``) and the role of the contact the
    acknowledged notice went to (its directory label; one holding an address is left out)."""
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.event_type == "notice.acknowledged", col(AuditEvent.case_id).is_not(None))
        .order_by(col(AuditEvent.seq))
    ).all()
    first: dict[UUID, AuditEvent] = {}
    for event in events:
        if event.case_id is not None and event.case_id not in first:
            first[event.case_id] = event
    # The acknowledged notice's id, as the audit log holds a subject: text.
    notice_ids = [UUID(e.subject_id) for e in first.values() if e.subject_id is not None]
    labels: dict[UUID, str] = {}
    if notice_ids:
        labelled = session.exec(
            select(Notice.id, Contact.label)
            .join(Contact, col(Contact.id) == col(Notice.contact_id))
            .where(col(Notice.id).in_(notice_ids))
        ).all()
        labels = {notice_id: label for notice_id, label in labelled if label and "@" not in label}
    out: dict[UUID, tuple[str | None, str | None]] = {}
    for case_id, event in first.items():
        via = event.data.get("via")
        role = labels.get(UUID(event.subject_id)) if event.subject_id is not None else None
        out[case_id] = (str(via) if via in VIA else None, role)
    return out


def worklist_rows(*, session: Session, now: datetime, tz: str) -> list[dict[str, str]]:
    """``breach worklist`` for the dashboard: every open clock (cases, the incidents' own, prior
    consultations) and every support task that is due, soonest first, in the DPO's zone. Who owns a task
    is left out: an artifact names organisations, never a person."""
    return [
        {
            "due": format_local(item.due_at, tz),
            "left": item.time_left,
            "status": item.status,
            "reference": item.reference,
            "customer": item.customer or "(ours)",
            "rule / task": item.rule,
            "owed": f"{item.owed_by} → {item.owed_to}",
        }
        for item in worklist(session=session, now=now)
    ]


def incident_markdown(incident: Incident, *, session: Session, now: datetime, tz: str, language: str = "en") -> str:
    """The incident's page in the DPO's language: counts, deadlines in words (a met one with when it was met)
    and the timeline of its audit events, each with the customer it concerns and who acted (``_who``)."""
    cases = repository.cases_of(incident.id, session=session)
    notices = repository.first_notices(incident.id, session=session)
    by_status = Counter(n.status.value for n in notices)

    def w(key: str, **values: object) -> str:
        text = message(language, "dashboard", key)
        return text % values if values else text

    aware = format_local(incident.aware_at, tz) if incident.aware_at else w("inc_not_confirmed")
    statuses = ", ".join(f"{message(language, 'notice_status', k)} {v}" for k, v in sorted(by_status.items()))
    lines = [
        f"# {incident.reference}: {markdown_cell(incident.title)}",
        "",
        f"**{w('col_status')}:** {message(language, 'dashboard_status', incident.status.value)}  ",
        f"**{w('inc_detected')}:** {format_local(incident.detected_at, tz)}  ",
        f"**{w('inc_aware')}:** {aware}  ",
        f"**{w('inc_affected')}:** {len(cases)}; {w('inc_first_notices')}: {statuses or w('inc_none')}  ",
        f"**{w('inc_published')}:** {format_local(now, tz)}",
        "",
        f"## {w('col_clocks')}",
        "",
        f"| {w('col_customer')} | {w('inc_deadline')} |",
        "|---|---|",
    ]
    names = {case.id: customer.name for case, customer in cases}
    ours = w("inc_ours")
    for d in tracking.deadlines_of(session=session, incident_id=incident.id):
        who = names.get(d.case_id, ours) if d.case_id else ours
        clock = Clock(d.rule, d.start_at, d.due_at, d.met_at, clock_state(d, now), d.late_reasons)
        lines.append(f"| {markdown_cell(who)} | {clock_text(clock, now=now, tz=tz, language=language)} |")
    lines += nis2_markdown(nis2_block(incident, session=session, language=language), language=language)
    waiting = [p.notice_key for p in pending(incident, session=session)]
    lines += chain_markdown(
        received(incident, session=session), language=language, tz=tz, reference=incident.reference, waiting=waiting
    )
    lines += ["", f"## {w('inc_timeline')}", ""]
    lines += [f"| {w('inc_when')} | {w('inc_what')} | {w('col_customer')} | {w('inc_who')} |", "|---|---|---|---|"]
    events = session.exec(
        select(AuditEvent).where(AuditEvent.incident_id == incident.id).order_by(col(AuditEvent.seq))
    ).all()
    counted = Counter(e.event_type for e in events)
    customer_keys = _customer_keys(events, session=session)
    for event in events:
        if event.event_type in {"notice.delivered"} and counted[event.event_type] > TIMELINE_DELIVERIES:
            continue  # thousands of deliveries: summarised below instead
        customer = names.get(event.case_id, "") if event.case_id else ""
        who = _who(event, customer_keys, language)
        lines.append(
            f"| {format_local(event.at, tz)} | {event.event_type} | {markdown_cell(customer)} | {markdown_cell(who)} |"
        )
    if counted["notice.delivered"] > TIMELINE_DELIVERIES:
        delivered = counted["notice.delivered"]
        summary = w("inc_delivered_summary", count=delivered, customers=len(cases))
        lines.append(f"| | notice.delivered x {delivered} | {summary} | outbox |")
    return "\n".join(lines) + "\n"


_KEY = re.compile(r"\[key (?P<prefix>[^\]]+)\]$")


def _customer_keys(events: Sequence[AuditEvent], *, session: Session) -> frozenset[str]:
    """The prefixes, among the events' actors, of API keys held at a customer (their holder is its person)."""
    prefixes = {m["prefix"] for e in events if (m := _KEY.search(e.actor))}
    if not prefixes:
        return frozenset()
    rows = session.exec(
        select(ApiKey.prefix).where(col(ApiKey.prefix).in_(sorted(prefixes)), col(ApiKey.customer_id).is_not(None))
    ).all()
    return frozenset(rows)


def _who(event: AuditEvent, customer_keys: frozenset[str], language: str) -> str:
    """Who acted, as the artifact may show it: an acknowledgement by how it came (the name typed is the
    customer's person), a customer key by its prefix, anyone else (our operators, our machines) by name."""
    if event.event_type == "notice.acknowledged":
        via = event.data.get("via")
        return message(language, "ack_via", str(via)) if via in VIA else ""
    match = _KEY.search(event.actor)
    if match and match["prefix"] in customer_keys:
        return message(language, "dashboard", "inc_customer_key") % {"prefix": match["prefix"]}
    return event.actor
