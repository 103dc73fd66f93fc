"""How ``breach record`` and ``breach consultation record`` show a recorded event's clocks.

First what the event did (met, started, moved), then every clock of its case, incident or consultation,
in that subject's time zone, so the person sees the deadlines as their customer counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from rich.table import Table

from breach.deadline_status import format_local, status
from breach.models import Deadline
from flows.cli_support import out


class ClockChanges(Protocol):
    """What recording an event did to the clocks (``breach.reports.RecordResult``, ``ConsultationResult``)."""

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
