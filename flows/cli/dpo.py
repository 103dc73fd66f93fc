"""``breach worklist``: the DPO's daily list; ``breach watch``: one watchdog pass without Prefect's schedule."""

from __future__ import annotations

import typer
from rich.table import Table

from flows import db
from flows.cli.common import JsonFlag, clock, handled, out, print_json, print_table
from flows.usecases.watch import worklist


def worklist_command(as_json: JsonFlag = False) -> None:
    """What we owe whom by when, across incidents, soonest first (ours and our customers' clocks, and our
    support tasks that are due)."""
    with handled(), db.unit_of_work() as session:
        items = worklist(session=session, now=clock.now())
    if as_json:
        print_json("worklist", items)
        return
    if not items:
        out.print("nothing open: no deadline is running")
        return
    # A prior consultation's clocks (breach.support.store.consultations) show its reference where an
    # incident's would be; an open support task with a due time (breach.support.store.tasks), its own.
    table = Table("due (their time)", "left", "status", "reference", "customer", "rule / task", "owed by → to")
    for item in items:
        table.add_row(
            item.due_local,
            item.time_left,
            f"{item.status} ({item.waived_by})" if item.waived_by else item.status,
            item.reference,
            item.customer or "(ours)",
            item.rule,
            f"{item.owed_by} ({item.owner}) → {item.owed_to}" if item.owner else f"{item.owed_by} → {item.owed_to}",
        )
    print_table(table, "reference")


def register(app: typer.Typer) -> None:
    app.command("worklist")(worklist_command)
