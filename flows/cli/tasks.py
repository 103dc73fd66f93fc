"""``breach tasks``: the support we give customers (DPA clause 8(1)(c)-(e)), its time, and who pays (8(2)).

``breach tasks`` lists them, soonest due first; ``add``, ``log``, ``status`` and ``billable`` change them,
each in one unit of work with its audit event (``breach.support.store.tasks``). Refusals are one line on stderr with
exit code 2 through ``flows.cli.common.handled``, and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlmodel import Session

from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import Incident
from breach.db.models.support import ConsultationRequest, SupportTask
from breach.deadlines.status import format_local
from breach.errors import InvalidInput
from breach.incidents.store.recorded import case_of
from breach.support import support_tasks
from breach.support.rules import BILLABLE_RULES, task_kind, task_status
from breach.support.store import tasks
from breach.support.store.consultations import consultation_by_reference
from breach.vocabulary import BillableDecision
from flows import db
from flows.cli.common import JsonFlag, clock, handled, out, print_table
from flows.settings import get_settings
from flows.timeparse import parse_instant

tasks_app = typer.Typer(
    invoke_without_command=True,
    help="Support tasks for customers: time spent and whether it is billable (DPA clause 8(2)).",
)
_DECISIONS = {"confirm": BillableDecision.CONFIRMED, "clear": BillableDecision.CLEARED}
_FORMATS = ("table", "json")
_RULE_SOURCE = {rule.id: rule.source for rule in BILLABLE_RULES}


def _yes_no(value: str | None, field: str) -> bool | None:
    if value is None:
        return None
    answers = {"yes": True, "true": True, "no": False, "false": False}
    if value.lower() not in answers:
        raise InvalidInput(field, value, "expected yes or no")
    return answers[value.lower()]


def _hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


@tasks_app.callback()
def tasks_command(
    ctx: typer.Context,
    *,
    incident: Annotated[str | None, typer.Option(help="Only this incident's tasks (its reference).")] = None,
    customer: Annotated[str | None, typer.Option(help="Only this customer's tasks.")] = None,
    status: Annotated[str | None, typer.Option(help="open, in_progress, done or cancelled.")] = None,
    billable: Annotated[
        str | None, typer.Option(help="yes or no: billable as things stand (the DPO's decision, else the proposal).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    as_json: JsonFlag = False,
) -> None:
    """The support tasks, soonest due first; the subcommands add and change them."""
    if ctx.invoked_subcommand is not None:
        return
    list_tasks(incident=incident, customer=customer, status=status, billable=billable, fmt=fmt, as_json=as_json)


@tasks_app.command("list")
def list_tasks(
    *,
    incident: Annotated[str | None, typer.Option(help="Only this incident's tasks (its reference).")] = None,
    customer: Annotated[str | None, typer.Option(help="Only this customer's tasks.")] = None,
    status: Annotated[str | None, typer.Option(help="open, in_progress, done or cancelled.")] = None,
    billable: Annotated[str | None, typer.Option(help="yes or no: billable as things stand.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    as_json: JsonFlag = False,
) -> None:
    """The support tasks, soonest due first (those without a due time last)."""
    tz = get_settings().dpo_timezone
    fmt = "json" if as_json else fmt
    with handled():
        if fmt not in _FORMATS:
            raise InvalidInput("format", fmt, f"expected one of {', '.join(_FORMATS)}")
        with db.unit_of_work() as session:
            selection = support_tasks.TaskFilter(
                incident_id=repository.incident_by_reference(incident, session=session).id if incident else None,
                customer_id=repository.customer_by_name(customer, session=session).id if customer else None,
                status=task_status(status) if status is not None else None,
                billable=_yes_no(billable, "billable"),
            )
            found = tasks.list_tasks(selection, session=session)
            totals = tasks.minutes_of([t.id for t in found], session=session)
            rows = [_row(task, totals[task.id], session=session) for task in found]
    if fmt == "json":
        out.file.write(json.dumps({"tasks": rows}, indent=2, ensure_ascii=False) + "\n")
        return
    if not rows:
        out.print("no support tasks")
        return
    table = Table("due", "task", "kind", "title", "customer", "about", "owner", "status", "time", "billable")
    for row in rows:
        table.add_row(
            format_local(_instant(row["due_at"]), tz) if row["due_at"] else "—",
            row["reference"],
            row["kind"],
            row["title"],
            row["customer"] or "—",
            row["consultation"] or row["incident"] or "—",
            row["owner"],
            row["status"],
            _hours(row["minutes"]),
            row["billable_label"],
        )
    print_table(table, "task")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _row(task: SupportTask, minutes: int, *, session: Session) -> dict[str, Any]:
    """A task as JSON-ready values, with the references and names people know it by."""
    incident = session.get(Incident, task.incident_id) if task.incident_id else None
    customer = session.get(Customer, task.customer_id) if task.customer_id else None
    consultation = session.get(ConsultationRequest, task.consultation_id) if task.consultation_id else None
    return {
        "reference": task.reference,
        "kind": task.kind.value,
        "title": task.title,
        "owner": task.owner,
        "status": task.status.value,
        "due_at": task.due_at.isoformat() if task.due_at else None,
        "incident": incident.reference if incident else None,
        "customer": customer.name if customer else None,
        "case_id": str(task.case_id) if task.case_id else None,
        "consultation": consultation.reference if consultation else None,
        "minutes": minutes,
        "proposed_billable": task.proposed_billable,
        "billable_rule": task.billable_rule,
        "billable_source": _RULE_SOURCE.get(task.billable_rule),
        "billable_decision": task.billable_decision.value if task.billable_decision else None,
        "decided_by": task.decided_by,
        "decided_at": task.decided_at.isoformat() if task.decided_at else None,
        "decision_reason": task.decision_reason,
        "billable": support_tasks.billable(task),
        "billable_label": support_tasks.billable_label(task),
    }


@tasks_app.command("add")
def add(
    *,
    kind: Annotated[str, typer.Option(help="authority_notification, data_subject_communication, dpia, ... or other.")],
    title: Annotated[str, typer.Option(help="What is to be done (no personal data of data subjects).")],
    customer: Annotated[str | None, typer.Option(help="The customer it is for.")] = None,
    incident: Annotated[
        str | None, typer.Option(help="The incident that prompted it; with --customer, that customer's case.")
    ] = None,
    consultation: Annotated[str | None, typer.Option(help="The prior consultation it belongs to.")] = None,
    owner: Annotated[str | None, typer.Option(help="Who does it (default: you).")] = None,
    due: Annotated[str | None, typer.Option(help="When it is due: ISO time with offset, or with a zone.")] = None,
) -> None:
    """Add a support task; its billable proposal follows the rule table (DPA 8(2); DORA Art. 30(2)(f))."""
    settings = get_settings()
    with handled():
        now = clock.now()
        chosen = task_kind(kind)
        due_at = parse_instant(due, "due") if due else None
        with db.unit_of_work() as session:
            who = repository.customer_by_name(customer, session=session) if customer else None
            found = repository.incident_by_reference(incident, session=session) if incident else None
            case = case_of(found, who, session=session) if found is not None and who is not None else None
            request = consultation_by_reference(consultation, session=session) if consultation else None
            task = tasks.create_task(
                session=session,
                kind=chosen,
                title=title,
                owner=owner or settings.operator,
                links=support_tasks.TaskLinks(incident=found, case=case, customer=who, consultation=request),
                actor=settings.operator,
                now=now,
                due_at=due_at,
            )
    out.print(f"{task.reference}: {support_tasks.billable_label(task)} under {task.billable_rule}", markup=False)


@tasks_app.command("log")
def log(
    task: Annotated[str, typer.Argument(help="The task's reference, e.g. ST-2026-0001.")],
    minutes: Annotated[int, typer.Argument(help="Minutes spent (1 to 1440).")],
    note: Annotated[str, typer.Option(help="What was done (kept with the entry).")],
    by: Annotated[str | None, typer.Option(help="Who spent the time (default: you).")] = None,
    at: Annotated[str | None, typer.Option(help="When (default now): ISO time with offset, or with a zone.")] = None,
) -> None:
    """Log time spent on a task; entries are only ever added, so the total is never overwritten."""
    settings = get_settings()
    with handled():
        now = clock.now()
        when = parse_instant(at, "at") if at else now
        with db.unit_of_work() as session:
            row = tasks.task_by_reference(task, session=session, for_update=True)
            tasks.log_time(
                row,
                minutes,
                session=session,
                note=note,
                who=by or settings.operator,
                at=when,
                actor=settings.operator,
                now=now,
            )
            total = tasks.minutes_of([row.id], session=session)[row.id]
    out.print(f"{row.reference}: {minutes} minutes logged; {_hours(total)} in total", markup=False)


@tasks_app.command("status")
def status_command(
    task: Annotated[str, typer.Argument(help="The task's reference.")],
    new_status: Annotated[str, typer.Argument(metavar="STATUS", help="open, in_progress, done or cancelled.")],
) -> None:
    """Move a task to another status (a cancelled task stays cancelled)."""
    settings = get_settings()
    with handled():
        target = task_status(new_status)
        with db.unit_of_work() as session:
            row = tasks.task_by_reference(task, session=session, for_update=True)
            tasks.set_status(row, target, session=session, actor=settings.operator, now=clock.now())
    out.print(f"{row.reference}: {target.value}", markup=False)


@tasks_app.command("billable")
def billable_command(
    task: Annotated[str, typer.Argument(help="The task's reference.")],
    decision: Annotated[str, typer.Argument(help="confirm (billable) or clear (not billable).")],
    reason: Annotated[str, typer.Option(help="Why (kept in the record; required).")],
) -> None:
    """The DPO's decision on whether a task is billable (DPA clause 8(2)), with a reason; audited."""
    settings = get_settings()
    with handled():
        if decision not in _DECISIONS:
            raise InvalidInput("decision", decision, f"expected one of {', '.join(_DECISIONS)}")
        with db.unit_of_work() as session:
            row = tasks.task_by_reference(task, session=session, for_update=True)
            tasks.decide_billable(
                row, _DECISIONS[decision], reason, session=session, actor=settings.operator, now=clock.now()
            )
    out.print(f"{row.reference}: {support_tasks.billable_label(row)} by {settings.operator}", markup=False)


@tasks_app.command("show")
def show(task: Annotated[str, typer.Argument(help="The task's reference.")]) -> None:
    """One task with every time entry and the billable proposal and decision."""
    tz = get_settings().dpo_timezone
    with handled(), db.unit_of_work() as session:
        row = tasks.task_by_reference(task, session=session)
        entries = tasks.entries_of(row.id, session=session)
        described = _row(row, sum(e.minutes for e in entries), session=session)
    _print_task(described, tz)
    table = Table("when", "who", "minutes", "note")
    for entry in entries:
        table.add_row(format_local(entry.at, tz), entry.who, str(entry.minutes), entry.note)
    out.print(table)


def _print_task(row: dict[str, Any], tz: str) -> None:
    lines: Sequence[tuple[str, object]] = (
        ("task", f"{row['reference']}  {row['title']}"),
        ("kind", row["kind"]),
        ("status", row["status"]),
        ("owner", row["owner"]),
        ("due", format_local(_instant(row["due_at"]), tz) if row["due_at"] else "—"),
        ("customer", row["customer"] or "—"),
        ("about", row["consultation"] or row["incident"] or "—"),
        ("time", _hours(row["minutes"])),
        ("billable", f"{row['billable_label']}; rule {row['billable_rule']} ({row['billable_source']})"),
    )
    for label, value in lines:
        out.print(f"{label:<9} {value}", markup=False)
    if row["billable_decision"]:
        when = format_local(_instant(row["decided_at"]), tz)
        out.print(f"{'decided':<9} by {row['decided_by']} at {when}: {row['decision_reason']}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(tasks_app, name="tasks")
