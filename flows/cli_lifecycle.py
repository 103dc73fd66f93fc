"""``breach warn | withdraw | contain | close | security-notice`` and ``breach outbox run | list``.

Each lifecycle step queues the notices it owes and delivers them at once through the outbox; whatever
does not leave now is retried by `breach outbox run` (and, with the orchestration, by the watchdog).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from breach.deadline_status import format_local
from flows import db, lifecycle, runtime
from flows.cli_support import clock, err, handled, out
from flows.escalation_service import run_escalations
from flows.outbox_service import deliver_due, stuck
from flows.settings import get_settings

outbox_app = typer.Typer(no_args_is_help=True, help="The outbox: notices owed, retried, and stuck.")


def deliver_and_report() -> None:
    counts = deliver_due()
    if counts.claimed:
        out.print(
            f"delivered {counts.delivered}, retrying {counts.retrying}, failed {counts.failed}"
            + (f" ({counts.possible_duplicates} possible duplicates)" if counts.possible_duplicates else "")
        )
    if counts.failed or counts.retrying:
        err.print("warning: some notices did not leave; see `breach outbox list`", markup=False)


def warn(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    note: Annotated[str | None, typer.Option(help="What the customers should know now.")] = None,
) -> None:
    """Early warning: a breach is suspected and under investigation; no 72-hour clock starts with it."""
    with handled():
        with db.unit_of_work() as session:
            count = lifecycle.early_warning(
                reference, session=session, actor=get_settings().operator, now=clock.now(), note=note
            )
        out.print(f"{reference}: early warning queued for {count} customers")
        deliver_and_report()


def withdraw(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    reason: Annotated[str, typer.Option(help="Why this was not a personal data breach after all.")],
) -> None:
    """Withdraw a notified breach: every customer that was told gets an all-clear."""
    with handled():
        with db.unit_of_work() as session:
            count = lifecycle.withdraw(
                reference, reason, session=session, actor=get_settings().operator, now=clock.now()
            )
        out.print(f"{reference} withdrawn; all-clear queued for {count} customers")
        deliver_and_report()


def contain(reference: Annotated[str, typer.Argument(help="The incident reference.")]) -> None:
    """Record that the incident is contained (no longer ongoing)."""
    with handled(), db.unit_of_work() as session:
        lifecycle.contain(reference, session=session, actor=get_settings().operator, now=clock.now())
    out.print(f"{reference} contained")


def close(reference: Annotated[str, typer.Argument(help="The incident reference.")]) -> None:
    """Close the incident; each customer gets a closing notice with what it may adopt into its register."""
    with handled():
        with db.unit_of_work() as session:
            count = lifecycle.close(reference, session=session, actor=get_settings().operator, now=clock.now())
        out.print(f"{reference} closed; closing notice queued for {count} customers")
        deliver_and_report()


def security_notice(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    significant: Annotated[
        bool, typer.Option(help="Significant under NIS2 (Implementing Regulation 2024/2690).")
    ] = False,
    impact: Annotated[str | None, typer.Option(help="The impact on the service, in a sentence.")] = None,
) -> None:
    """Tell customers that want them about a security incident without personal data (NIS2, DORA)."""
    with handled():
        with db.unit_of_work() as session:
            count = lifecycle.security_notice(
                reference,
                session=session,
                actor=get_settings().operator,
                now=clock.now(),
                significant=significant,
                service_impact=impact,
            )
        out.print(f"{reference}: security-incident notice queued for {count} customers")
        deliver_and_report()


@outbox_app.command("run")
def outbox_run() -> None:
    """Deliver every notice that is due now, including retries and notices in flight at a crash."""
    with handled():
        with db.unit_of_work() as session:  # unacknowledged notices climb their chain first
            run_escalations(session=session, now=clock.now(), internal_language=runtime.internal_language())
        counts = deliver_due()
    out.print(
        f"claimed {counts.claimed}: delivered {counts.delivered}, retrying {counts.retrying}, failed {counts.failed}, "
        f"possible duplicates {counts.possible_duplicates}"
    )


@outbox_app.command("list")
def outbox_list() -> None:
    """What is stuck and why: failed notices, retries waiting, and notices in flight at a crash."""
    tz = get_settings().dpo_timezone
    with handled(), db.unit_of_work() as session:
        rows = stuck(session=session, now=clock.now())
    if not rows:
        out.print("nothing stuck: every notice was delivered")
        return
    table = Table("reference", "customer", "notice", "status", "tries", "next try", "last error")
    for row in rows:
        table.add_row(
            row.reference,
            row.customer,
            f"{row.kind} #{row.phase}",
            row.status,
            str(row.attempts),
            format_local(row.next_attempt_at, tz) if row.next_attempt_at and row.status == "pending" else "—",
            row.last_error or "—",
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command()(warn)
    app.command()(withdraw)
    app.command()(contain)
    app.command()(close)
    app.command("security-notice")(security_notice)
    app.add_typer(outbox_app, name="outbox")
