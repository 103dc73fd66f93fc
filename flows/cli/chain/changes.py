"""``breach subprocessors changes [REF]`` and ``breach subprocessors object REF``: the changes of our
sub-processors we announced (GDPR Art. 28(2)), each customer told, its objection or the period's lapse; and an
objection that reached us by letter or e-mail, typed in by our staff.

The change an import makes is shown by ``breach subprocessors import`` itself (``print_changes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.table import Table

from breach.chain.changes import Change
from breach.chain.objections import Channel
from breach.db import repository
from flows import db, runtime
from flows.cli.common import JsonFlag, clock, handled, out, print_json, print_table
from flows.cli.lifecycle import deliver_and_report
from flows.settings import get_settings
from flows.usecases.chain.objections import for_dpo, object_to


def _where(change: dict[str, Any]) -> str:
    ground = change.get("transfer_mechanism")
    place = str(change["country"])
    if change.get("country_before"):
        place = f"{change['country_before']} → {place}"
    if ground:
        place += f", {ground} {change.get('transfer_reference') or ''}".rstrip()
    if change.get("transfer_before"):
        place += f" (was {change['transfer_before']})"
    return place


def print_changes(changes: Sequence[Change]) -> None:
    """The change an import makes, one line per sub-processor and kind."""
    if not changes:
        out.print("no change of sub-processor for any service (contacts and their own service names do not count)")
        return
    table = Table("change", "sub-processor", "replaces", "where (transfer ground)", "our services")
    for c in changes:
        facts = c.as_facts()
        table.add_row(c.kind.value, c.name, c.replaces or "—", _where(facts), ", ".join(c.services))
    print_table(table, "change")


def changes_command(
    reference: Annotated[str | None, typer.Argument(help="One change (COM-YYYY-NNNN); all when left out.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """The changes of sub-processors we announced: until when customers may object, who objected and why."""
    settings = get_settings()
    with handled(), db.unit_of_work() as session:
        views = for_dpo(session=session, now=clock.now(), tz=settings.dpo_timezone, reference=reference)
    if as_json:
        print_json("changes", [{**asdict(v), "objected": v.objected} for v in views])
        return
    if not views:
        out.print("no change of sub-processors announced yet")
        return
    for v in views:
        state = "open" if v.open else "closed"
        out.print(
            f"{v.reference}: announced {v.announced_at}; objections until {v.objection_until} ({state}, "
            f"{v.days} days, rule gdpr.28.2); takes effect {v.effective_from}; "
            f"{v.objected} of {len(v.customers)} customers objected"
        )
        for change in v.changes:
            out.print(f"  {change['kind']}: {change['name']} ({_where(change)}) for {', '.join(change['services'])}")
        table = Table("customer", "notice", "delivered", "objection", "when", "through", "reasons")
        for c in v.customers:
            table.add_row(
                c.customer,
                c.notice,
                c.delivered_at or "—",
                c.objection,
                c.objected_at or "—",
                f"{c.channel} ({c.recorded_by})" if c.channel else "—",
                c.reasons or "—",
            )
        print_table(table, "customer")


def object_command(
    reference: Annotated[str, typer.Argument(help="The change (COM-YYYY-NNNN).")],
    customer: Annotated[str, typer.Option(help="The customer that objects.")],
    reasons: Annotated[str, typer.Option(help="Its reasons, as it wrote them.")],
) -> None:
    """Record an objection a customer sent us by letter or e-mail (GDPR Art. 28(2)); our DPO is alerted."""
    settings = get_settings()
    with handled():
        with db.unit_of_work() as session:
            who = repository.customer_by_name(customer, session=session)
            object_to(
                reference,
                who.id,
                session=session,
                reasons=reasons,
                channel=Channel.STAFF.value,
                actor=settings.operator,
                now=clock.now(),
                language=runtime.internal_language(),
            )
        out.print(f"{reference}: objection of {customer} recorded; our DPO is alerted")
        deliver_and_report()


def register(group: typer.Typer) -> None:
    group.command("changes")(changes_command)
    group.command("object")(object_command)
