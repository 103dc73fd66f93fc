"""``breach rules`` and ``breach record``: the rule table, and the events that start and stop the clocks.

How a recorded event's clocks are shown (here and by ``breach consultation record``): first what the event
did (met, started, moved), then every clock of its case, incident or consultation, in that subject's time
zone, so the person sees the deadlines as their customer counts them.

``flows.cli.app`` adds them to its app with ``register(app)``. Refusals end with one line on stderr and exit
code 2 through ``flows.cli.common.handled``, like every command.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Protocol

import typer
from rich.table import Table

from breach.db import repository
from breach.db.models.incidents import Deadline
from breach.deadlines.due import format_local
from breach.deadlines.events import EVENTS, starters, stoppers
from breach.deadlines.rules import RULES, RULESET_EFFECTIVE_FROM, RULESET_VERSION, Rule
from breach.deadlines.status import status
from breach.incidents.reports import RecordResult
from breach.incidents.store.recorded import case_of, deadlines_in_scope, record_event
from flows import db
from flows.cli.common import JsonFlag, clock, handled, out, print_json
from flows.settings import get_settings
from flows.timeparse import parse_instant
from flows.usecases import reached


def register(app: typer.Typer) -> None:
    """Add ``rules`` and ``record`` to the ``breach`` app."""
    app.command("rules")(rules)
    app.command("record")(record)


def rules(as_json: JsonFlag = False) -> None:
    """The deadline rules as data: who owes whom what, from which event, in how long, under which law."""
    if as_json:
        print_json("rules", [{**dataclasses.asdict(rule), "started_by": starters(rule.id)} for rule in RULES.values()])
        return
    out.print(f"rule set {RULESET_VERSION}, effective from {RULESET_EFFECTIVE_FROM}")
    table = Table(show_lines=True)
    for header in ("id", "source", "start event", "period", "from → to", "options (defaults)", "since", "description"):
        # Fold, never truncate: a narrow terminal shows the whole rule on more lines.
        table.add_column(header, overflow="fold", no_wrap=header == "id")
    for rule in RULES.values():
        table.add_row(
            rule.id,
            rule.source,
            _start_event(rule),
            _period(rule),
            f"{rule.obliged} → {rule.recipient}",
            rule.options or "—",
            rule.effective_from,
            rule.description,
        )
    out.print(table)


def _period(rule: Rule) -> str:
    unit = rule.unit[:-1] if rule.amount == 1 else rule.unit
    return f"{rule.amount} {unit}"


def _start_event(rule: Rule) -> str:
    lines: list[str] = [rule.start_event]
    if starts := starters(rule.id):
        lines.append("started by: " + ", ".join(starts))
    if stops := stoppers(rule.id):
        lines.append("met by: " + ", ".join(stops))
    return "\n".join(lines)


def record(
    reference: Annotated[str, typer.Argument(help="The incident reference, e.g. BR-2026-0001.")],
    event: Annotated[str, typer.Argument(help=f"What happened, one of: {', '.join(EVENTS)}.")],
    *,
    customer: Annotated[
        str | None, typer.Option(help="The customer whose case it is; without it, the incident's own (NIS2) events.")
    ] = None,
    at: Annotated[
        str | None, typer.Option(help="When it happened (default now): ISO time with offset, or with a zone name.")
    ] = None,
    authority_reference: Annotated[
        str | None, typer.Option("--reference", help="The authority's (or CSIRT's) reference.")
    ] = None,
    delay_reasons: Annotated[str | None, typer.Option(help="Why later than the deadline (Art. 33(1)).")] = None,
    reason: Annotated[str | None, typer.Option(help="The reasoning behind a decision (kept in the register).")] = None,
    hours: Annotated[int | None, typer.Option(help="The internal target in hours of the clock it starts.")] = None,
    trust_service_provider: Annotated[
        bool, typer.Option("--trust-service-provider", help="NIS2: we notify as a trust service provider (24 h).")
    ] = False,
    follow_up: Annotated[
        bool, typer.Option("--follow-up", help="More information follows in phases (Art. 33(4)).")
    ] = False,
    authority: Annotated[str | None, typer.Option(help="The authority's id, when not the lead authority.")] = None,
    aware_at: Annotated[
        str | None, typer.Option(help="DORA: when the financial entity became aware, if not at our notice.")
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="reached-by-phone: who of ours reached the customer (kept as evidence).")
    ] = None,
) -> None:
    """Record an event of a customer's case, or of the incident itself, and show the clocks after it."""
    settings = get_settings()
    with handled():
        now = clock.now()
        when = parse_instant(at, "at") if at else now
        details: dict[str, object] = {
            "authority_reference": authority_reference,
            "delay_reasons": delay_reasons,
            "reason": reason,
            "hours": hours,
            "trust_service_provider": trust_service_provider or None,
            "follow_up": follow_up or None,
            "authority": authority,
            "aware_at": parse_instant(aware_at, "aware_at") if aware_at else None,
            "by": by,
        }
        with db.unit_of_work() as session:
            incident = repository.incident_by_reference(reference, session=session, for_update=True)
            who = repository.customer_by_name(customer, session=session) if customer is not None else None
            case = case_of(incident, who, session=session) if who is not None else None
            given = {k: v for k, v in details.items() if v is not None}
            if event == reached.EVENT and case is not None and who is not None:
                # The notice's retries stop and the customer's clock starts, as a delivery would
                # (flows.usecases.reached).
                result = reached.record_reached(
                    session=session,
                    incident=incident,
                    case=case,
                    customer=who,
                    at=when,
                    details=given,
                    actor=settings.operator,
                    now=now,
                ).result
            else:
                result = record_event(
                    session=session,
                    incident=incident,
                    case=case,
                    customer=who,
                    event=event,
                    at=when,
                    details=given,
                    actor=settings.operator,
                    now=now,
                )
            clocks = deadlines_in_scope(session=session, incident_id=incident.id, case_id=case.id if case else None)
            _print_result(result, customer or f"{reference} (ours)", clocks, now)


def _print_result(result: RecordResult, whose: str, clocks: Sequence[Deadline], now: datetime) -> None:
    tz = result.tz
    name = result.plan.event.name
    happened = format_local(result.report.occurred_at, tz)
    if result.repeated:
        out.print(f"{name} for {whose} at {happened} was already recorded: nothing changed", markup=False)
    else:
        late = " (late)" if result.plan.late else ""
        out.print(f"recorded {name} for {whose} at {happened}{late}", markup=False)
    print_changes(result, tz, now)
    print_clocks(clocks, tz, now, numbered=True)


class ClockChanges(Protocol):
    """What recording an event did to the clocks (``breach.incidents.reports.RecordResult``, ``ConsultationResult``)."""

    @property
    def met(self) -> Sequence[Deadline]: ...
    @property
    def started(self) -> Sequence[Deadline]: ...
    @property
    def moved(self) -> Sequence[Deadline]: ...


def print_changes(result: ClockChanges, tz: str, now: datetime) -> None:
    """One line per clock met, started or moved."""
    for row in result.met:
        out.print(f"met     {row.rule}: {status(row, now).value}", markup=False)
    for row in result.started:
        out.print(f"started {row.rule}: due {format_local(row.due_at, tz)}", markup=False)
    for row in result.moved:
        out.print(f"moved   {row.rule}: due {format_local(row.due_at, tz)}", markup=False)


def print_clocks(clocks: Sequence[Deadline], tz: str, now: datetime, *, numbered: bool = False) -> None:
    """The clocks as a table; ``numbered`` adds each clock's number in its series (follow-ups, DORA reports)."""
    table = Table("rule", *(["#"] if numbered else []), "started", f"due ({tz})", "status", "met")
    for row in clocks:
        table.add_row(
            row.rule,
            *([row.key.rsplit(":", 1)[1]] if numbered else []),
            format_local(row.start_at, tz),
            format_local(row.due_at, tz),
            status(row, now).value,
            format_local(row.met_at, tz) if row.met_at else "—",
        )
    out.print(table)
