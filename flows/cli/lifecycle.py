"""``breach warn | withdraw | contain | close | security-notice`` and ``breach outbox run | list``.

Each lifecycle step queues the notices it owes and delivers them at once through the outbox; whatever
does not leave now is retried by `breach outbox run` (and, with the orchestration, by the watchdog).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer
from rich.table import Table

from breach.deadlines.status import format_local
from flows import db, runtime
from flows.cli.check import warn_alert_channel
from flows.cli.common import JsonFlag, clock, err, handled, out, print_json, print_table
from flows.settings import get_settings
from flows.timeparse import parse_instant
from flows.usecases import lifecycle, unreached
from flows.usecases.escalation import run_escalations
from flows.usecases.outbox import Pending, deliver_due, pending, stuck

outbox_app = typer.Typer(no_args_is_help=True, help="The outbox: notices owed, retried, and stuck.")


EXIT_CODES = (
    "Exit codes: 0 every notice delivered; 3 some still retrying (the watchdog and `breach outbox run` go on);"
    " 4 some failed, or customers unreached (a person must act: `breach outbox list`, `breach worklist`);"
    " 2 refused input."
)


def deliver_and_report() -> None:
    warn_alert_channel()
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


def contain(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    at: Annotated[
        str | None, typer.Option(help="When it was contained (default now): ISO time with offset, or with a zone name.")
    ] = None,
) -> None:
    """Record that the incident is contained (no longer ongoing), and when."""
    with handled():
        when = parse_instant(at, "at") if at else None
        with db.unit_of_work() as session:
            lifecycle.contain(reference, session=session, actor=get_settings().operator, now=clock.now(), at=when)
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


@outbox_app.command("run", epilog=EXIT_CODES)
def outbox_run() -> None:
    """Deliver every notice that is due now, until none is: retries, fallbacks, notices in flight at a crash.

    First, failed notices whose duty still stands go round their contacts again, and customers unreached
    too long are raised to our DPO in one alert (flows.usecases.unreached).
    """
    warn_alert_channel()
    settings = get_settings()
    with handled():
        now = clock.now()
        with db.unit_of_work() as session:  # unacknowledged notices climb their chain first
            swept = unreached.sweep(
                session=session,
                now=now,
                after=timedelta(minutes=settings.unreached_after_minutes),
                language=runtime.internal_language(),
            )
            run_escalations(session=session, now=now, internal_language=runtime.internal_language())
        counts = deliver_due()
        with db.unit_of_work() as session:
            left = pending(session=session)
    if swept.redriven or swept.raised:
        out.print(f"re-driven {swept.redriven} failed notices; {swept.raised} notices raised as unreached")
    out.print(
        f"claimed {counts.claimed}: delivered {counts.delivered}, retrying {counts.retrying}, failed {counts.failed}, "
        f"possible duplicates {counts.possible_duplicates}"
    )
    _exit_with(left)


def _exit_with(left: Pending) -> None:
    """Print what is still owed and end with its exit code (``flows.usecases.outbox``)."""
    if left.exit_code:
        err.print(left.describe() + "; see `breach outbox list`", markup=False)
        raise typer.Exit(left.exit_code)


@outbox_app.command("list", epilog=EXIT_CODES)
def outbox_list(as_json: JsonFlag = False) -> None:
    """What is stuck and why: customers unreached first, failed notices, retries waiting, crashes."""
    tz = get_settings().dpo_timezone
    with handled(), db.unit_of_work() as session:
        rows = stuck(session=session, now=clock.now())
        left = pending(session=session)
    if as_json:
        print_json("notices", rows)
        _exit_with(left)
        return
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
            format_local(row.next_attempt_at, tz) if row.next_attempt_at and row.status != "failed" else "—",
            row.last_error or "—",
        )
    print_table(table, "reference")
    _exit_with(left)


def register(app: typer.Typer) -> None:
    app.command()(warn)
    app.command()(withdraw)
    app.command()(contain)
    app.command()(close)
    app.command("security-notice")(security_notice)
    app.add_typer(outbox_app, name="outbox")
