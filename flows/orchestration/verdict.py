"""Whether a ``watch_deadlines`` pass ends red: the signal Prefect's own dashboard shows the DPO.

A pass that finds a clock overdue, or one due within the warning window and still unmet, ends in a named
Failed state ("Overdue", "Due soon") whose message counts them and names the incidents; a clean pass is
Completed (issue 18: the dashboard read "0 failed" while a 72-hour clock was overdue). Only clocks a
processor or a controller owes count: an authority late with its Art. 36(2) advice is no failure of ours
or our customer's. Pure: the flow loads the clocks, this decides. References are no personal data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from breach.deadlines.rules import RULES
from flows.usecases.watch import OpenDeadline

# Who owes a clock for it to count (breach.deadlines.rules: ``obliged``).
OWED_BY_US_OR_OUR_CUSTOMERS: Final = frozenset({"processor", "controller"})
WARNING_WINDOW: Final = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A pass that needs a person: its state's name and message."""

    name: str
    message: str
    overdue: int
    due_soon: int


def _hours(window: timedelta) -> str:
    return f"{window.total_seconds() / 3600:g} h"


def verdict(clocks: Sequence[OpenDeadline], *, now: datetime, window: timedelta = WARNING_WINDOW) -> Verdict | None:
    """``None`` when nothing owed is overdue or due within ``window``; else the red state to end the pass in."""
    overdue: list[str] = []
    soon: list[str] = []
    for clock in clocks:
        if clock.met_at is not None or RULES[clock.rule].obliged not in OWED_BY_US_OR_OUR_CUSTOMERS:
            continue
        if clock.due_at <= now:
            overdue.append(clock.reference)
        elif clock.due_at - now <= window:
            soon.append(clock.reference)
    if not overdue and not soon:
        return None
    counts = [f"{len(overdue)} overdue"] if overdue else []
    counts += [f"{len(soon)} due within {_hours(window)}"] if soon else []
    references = ", ".join(dict.fromkeys([*overdue, *soon]))
    return Verdict(
        name="Overdue" if overdue else "Due soon",
        message=f"{', '.join(counts)} ({references}): `breach worklist` or the breach-register artifact",
        overdue=len(overdue),
        due_soon=len(soon),
    )
