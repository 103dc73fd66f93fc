"""``breach communications list | remind | evidence | purge``: what we told customers besides a breach.

``list`` is the communications' register (per customer told: our clock, delivery, acknowledgement; no personal
data), ``remind`` climbs the escalation chain of what nobody acknowledged (the watchdog does it too),
``evidence`` writes one customer's signed pack (``breach evidence verify`` checks it), ``purge`` removes the
text of requests past ``BREACH_REQUEST_RETENTION_DAYS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from breach.errors import InvalidInput
from breach.records.store import audit
from flows import db, runtime
from flows.cli.common import JsonFlag, clock, handled, out, print_json, print_table
from flows.cli.lifecycle import deliver_and_report
from flows.evidence import signing
from flows.settings import get_settings
from flows.usecases.communications import views
from flows.usecases.communications.reminders import remind
from flows.usecases.communications.retention import purge_requests


def list_command(
    customer: Annotated[str | None, typer.Option(help="One customer's only.")] = None, as_json: JsonFlag = False
) -> None:
    """Every communication per customer told, newest first: our clock, delivered, acknowledged by whom."""
    with handled(), db.unit_of_work() as session:
        rows = views.rows(session=session, now=clock.now(), customer=customer)
    if as_json:
        print_json("communications", rows)
        return
    if not rows:
        out.print("no communications yet")
        return
    table = Table("reference", "kind", "customer", "due (their time)", "state", "acknowledged by", "task")
    for row in rows:
        state = f"{row.state} (late)" if row.late else row.state
        table.add_row(
            row.reference, row.kind, row.customer, row.due_at, state, row.acknowledged_by or "—", row.task or "—"
        )
    print_table(table, "reference")


def remind_command() -> None:
    """Resend what nobody acknowledged to the next contact, or alert our DPO, as each customer's chain says."""
    with handled():
        with db.unit_of_work() as session:
            counts = remind(session=session, now=clock.now(), internal_language=runtime.internal_language())
        out.print(f"examined {counts.examined}: resent {counts.resent}, alerted {counts.alerted}")
        deliver_and_report()


def evidence_command(
    reference: Annotated[str, typer.Argument(help="The communication's reference (COM-YYYY-NNNN).")],
    customer: Annotated[str, typer.Argument(help="The customer's name.")],
    output: Annotated[Path | None, typer.Option(help="The zip to write (default: EVIDENCE-REF-CUSTOMER.zip).")] = None,
) -> None:
    """Write the signed evidence pack of what ``reference`` told ``customer`` (`breach evidence verify` checks it)."""
    settings = get_settings()
    with handled():
        now = clock.now()
        key = signing.own_key()
        with db.unit_of_work() as session:
            pack = views.build_pack(reference, customer, session=session, now=now, signing_key=key)
            audit.append(
                session=session,
                event_type="evidence.exported",
                actor=settings.operator,
                at=now,
                data={"reference": reference, "sha256": pack.sha256, "files": pack.files},
                content=pack.data,
            )
        target = output or Path(f"EVIDENCE-{reference}-{''.join(c if c.isalnum() else '-' for c in customer)}.zip")
        try:
            target.write_bytes(pack.data)
        except OSError as exc:
            raise InvalidInput("output", str(target), f"cannot be written ({exc.strerror})") from None
    out.print(f"{target}: {pack.files} files, {pack.sent_messages} sent messages; SHA-256 {pack.sha256}")


def purge_command() -> None:
    """Remove the text of data subjects' requests received more than BREACH_REQUEST_RETENTION_DAYS ago."""
    settings = get_settings()
    with handled(), db.unit_of_work() as session:
        done = purge_requests(session=session, now=clock.now(), days=settings.request_retention_days)
    out.print(f"requests purged: {len(done)}" + "".join(f"\n  {d.reference}" for d in done))


def register(group: typer.Typer) -> None:
    group.command("list")(list_command)
    group.command("remind")(remind_command)
    group.command("evidence")(evidence_command)
    group.command("purge")(purge_command)
