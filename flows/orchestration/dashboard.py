"""What the DPO sees in Prefect's dashboard: a register table and one Markdown page per incident.

Artifacts are stored by Prefect and shown to anyone with the UI, so they hold organisations, references,
statuses and times, never a data subject's data, a narrative text or a contact address.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import Deadline, Incident
from breach.deadlines import store as tracking
from breach.deadlines.due import status
from breach.deadlines.status import format_local
from flows.settings import get_settings
from flows.usecases.unreached import unreached
from flows.usecases.watch import time_left, worklist

REGISTER_KEY = "breach-register"
WORKLIST_KEY = "breach-worklist"


def register_rows(*, session: Session, now: datetime) -> list[dict[str, str]]:
    """One row per case: reference, customer, status, each open deadline with time left, acknowledgement.

    Customers still unreached come first (``flows.usecases.unreached``): a person has to phone them.
    """
    after = timedelta(minutes=get_settings().unreached_after_minutes)
    waiting = {(u.incident_id, u.customer_id) for u in unreached(session=session, now=now, after=after)}
    rows: list[dict[str, str]] = []
    first: list[dict[str, str]] = []
    for incident in repository.list_incidents(session=session):
        notices = {n.case_id: n for n in repository.first_notices(incident.id, session=session)}
        # Grouped once: an incident at 10 000 customers has about 20 000 clocks, and a scan per case made
        # publishing the register quadratic (minutes after the last notice had left).
        open_by_case: defaultdict[UUID | None, list[Deadline]] = defaultdict(list)
        for clock in tracking.deadlines_of(session=session, incident_id=incident.id):
            if clock.met_at is None:
                open_by_case[clock.case_id].append(clock)
        for case, customer in repository.cases_of(incident.id, session=session):
            open_clocks = open_by_case.get(case.id, [])
            notice = notices.get(case.id)
            is_waiting = (incident.id, customer.id) in waiting
            (first if is_waiting else rows).append(
                {
                    "reference": incident.reference,
                    "customer": customer.name,
                    "incident": incident.status.value,
                    "notice": ("unreached: " if is_waiting else "") + (notice.status.value if notice else "-"),
                    "open deadlines": "; ".join(
                        f"{d.rule} {time_left(d.due_at - now)} ({status(d, now).value})" for d in open_clocks
                    )
                    or "-",
                    "acknowledged": format_local(case.acknowledged_at, customer.timezone)
                    if case.acknowledged_at
                    else "no",
                    "risk": str((case.override or case.assessment or {}).get("risk", "-")),
                }
            )
    return first + rows


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


def incident_markdown(incident: Incident, *, session: Session, now: datetime, tz: str) -> str:
    """The incident's page: counts, deadlines and the timeline of its audit events."""
    cases = repository.cases_of(incident.id, session=session)
    notices = repository.first_notices(incident.id, session=session)
    by_status = Counter(n.status.value for n in notices)
    lines = [
        f"# {incident.reference}",
        "",
        f"**Status:** {incident.status.value}  ",
        f"**Detected:** {format_local(incident.detected_at, tz)}  ",
        f"**Our awareness:** {format_local(incident.aware_at, tz) if incident.aware_at else 'not confirmed'}  ",
        f"**Customers affected:** {len(cases)}; first notices: "
        + (", ".join(f"{k} {v}" for k, v in sorted(by_status.items())) or "none"),
        "",
        "## Deadlines",
        "",
        "| rule | customer | due | left | status |",
        "|---|---|---|---|---|",
    ]
    names = {case.id: customer.name for case, customer in cases}
    for d in tracking.deadlines_of(session=session, incident_id=incident.id):
        who = names.get(d.case_id, "(ours)") if d.case_id else "(ours)"
        due, left = format_local(d.due_at, tz), time_left(d.due_at - now)
        lines.append(f"| {d.rule} | {who} | {due} | {left} | {status(d, now).value} |")
    lines += ["", "## Timeline", "", "| when | what | who |", "|---|---|---|"]
    events = session.exec(
        select(AuditEvent).where(AuditEvent.incident_id == incident.id).order_by(col(AuditEvent.seq))
    ).all()
    counted = Counter(e.event_type for e in events)
    for event in events:
        if event.event_type in {"notice.delivered"} and counted[event.event_type] > 20:
            continue  # thousands of deliveries: summarised below instead
        lines.append(f"| {format_local(event.at, tz)} | {event.event_type} | {event.actor} |")
    if counted["notice.delivered"] > 20:
        lines.append(f"| | notice.delivered x {counted['notice.delivered']} | outbox |")
    return "\n".join(lines) + "\n"
