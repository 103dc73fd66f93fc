"""What the DPO sees in Prefect's dashboard: a register table, a worklist and one Markdown page per incident.

Artifacts are stored by Prefect and shown to anyone with the UI, so they hold organisations, references,
statuses and times, never a data subject's data, a narrative text or a contact address.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Final

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.deadlines import store as tracking
from breach.deadlines.status import format_local
from breach.notices.kinds import FIRST_NOTICES
from breach.records.register import Clock, clock_state
from flows.orchestration.register_view import CaseExtras, clock_text, register_table
from flows.usecases.nis2.view import nis2_block, nis2_markdown
from flows.usecases.register_export import RegisterFilter, load_rows
from flows.usecases.watch import worklist
from notifications.i18n.catalogues import message

REGISTER_KEY = "breach-register"
WORKLIST_KEY = "breach-worklist"
# Beyond this many deliveries the timeline shows one summary line (an incident can reach 10 000 customers).
TIMELINE_DELIVERIES: Final = 20


def register_rows(*, session: Session, now: datetime, tz: str, language: str) -> list[dict[str, str]]:
    """Every case as the DPO reads it (``flows.orchestration.register_view``): most urgent first, in words.

    The rows are ``breach register export``'s (``flows.usecases.register_export``), so the artifact and the
    export cannot disagree; who acknowledged and when our first notice arrived are read beside them.
    """
    rows = load_rows(RegisterFilter(), session=session, now=now)
    extras: dict[tuple[str, str | None], CaseExtras] = {}
    found = session.exec(
        select(Incident.reference, Customer.name, ControllerCase.acknowledged_by, Notice.delivered_at)
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
    for reference, customer, by, delivered in found:
        extras[(reference, customer)] = CaseExtras(by, delivered)
    return register_table(rows, extras, now=now, tz=tz, language=language)


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
    """The incident's page: counts, deadlines in words (a met one with when it was met) and the timeline of
    its audit events, each with the customer it concerns and who acted."""
    cases = repository.cases_of(incident.id, session=session)
    notices = repository.first_notices(incident.id, session=session)
    by_status = Counter(n.status.value for n in notices)
    lines = [
        f"# {incident.reference}: {_cell(incident.title)}",
        "",
        f"**Status:** {message(language, 'dashboard_status', incident.status.value)}  ",
        f"**Detected:** {format_local(incident.detected_at, tz)}  ",
        f"**Our awareness:** {format_local(incident.aware_at, tz) if incident.aware_at else 'not confirmed'}  ",
        f"**Customers affected:** {len(cases)}; first notices: "
        + (", ".join(f"{k} {v}" for k, v in sorted(by_status.items())) or "none"),
        f"**Published:** {format_local(now, tz)}",
        "",
        "## Deadlines",
        "",
        "| customer | deadline |",
        "|---|---|",
    ]
    names = {case.id: customer.name for case, customer in cases}
    for d in tracking.deadlines_of(session=session, incident_id=incident.id):
        who = names.get(d.case_id, "(ours)") if d.case_id else "(ours)"
        clock = Clock(d.rule, d.start_at, d.due_at, d.met_at, clock_state(d, now), d.late_reasons)
        lines.append(f"| {_cell(who)} | {clock_text(clock, now=now, tz=tz, language=language)} |")
    lines += nis2_markdown(nis2_block(incident, session=session, language=language), language=language)
    lines += ["", "## Timeline", "", "| when | what | customer | who |", "|---|---|---|---|"]
    events = session.exec(
        select(AuditEvent).where(AuditEvent.incident_id == incident.id).order_by(col(AuditEvent.seq))
    ).all()
    counted = Counter(e.event_type for e in events)
    for event in events:
        if event.event_type in {"notice.delivered"} and counted[event.event_type] > TIMELINE_DELIVERIES:
            continue  # thousands of deliveries: summarised below instead
        customer = names.get(event.case_id, "") if event.case_id else ""
        lines.append(
            f"| {format_local(event.at, tz)} | {event.event_type} | {_cell(customer)} | {_cell(event.actor)} |"
        )
    if counted["notice.delivered"] > TIMELINE_DELIVERIES:
        delivered = counted["notice.delivered"]
        lines.append(f"| | notice.delivered x {delivered} | {len(cases)} customers | outbox |")
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    """A Markdown table cell: free text (a title, a name) breaks no row."""
    return " ".join(value.split()).replace("|", "\\|")
