"""``breach register``, ``breach retention run`` and ``breach pack``: the record (evidence: ``flows.cli.evidence``).

Register exports read only; a retention run and packs sent with ``breach pack --send`` are audit events.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from breach.errors import InvalidInput
from breach.inputs import check_day
from breach.records.register import FORMATS, Format, write
from flows import db
from flows.cli.common import clock, handled, out
from flows.settings import get_settings
from flows.usecases.communications import register as communication_register
from flows.usecases.register_export import RegisterFilter, load_rows, parse_status
from flows.usecases.retention import due_incidents, run_retention
from flows.usecases.support_packs import load_pack, pack_kind, send_packs, sender_of
from notifications.packs.case_packs import PACK_FORMATS, render_pack

retention_app = typer.Typer(no_args_is_help=True, help="Retention of personal data after incidents close.")


def _date(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, value, "expected a date such as 2026-01-31") from None
    return check_day(field, day, value)


def _emit(text: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(text, bytes):
            raise InvalidInput("output", None, "a binary file needs --output FILE")
        out.file.write(text)
        return
    try:
        if isinstance(text, bytes):
            output.write_bytes(text)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInput("output", str(output), f"cannot be written: {exc}") from None


def register_export(
    *,
    fmt: Annotated[str, typer.Option("--format", help="csv, json or md.")] = "md",
    customer: Annotated[str | None, typer.Option(help="One customer's cases: the export it adopts.")] = None,
    since: Annotated[str | None, typer.Option(help="Detected on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Detected before this date (YYYY-MM-DD).")] = None,
    status: Annotated[str | None, typer.Option(help="Only incidents in this status.")] = None,
    output: Annotated[Path | None, typer.Option(help="Write to this file (default: standard output).")] = None,
    table: Annotated[
        str, typer.Option(help="csv only: breaches, or communications (DPA 4(1), 5, 9, 10(2)); json and md hold both.")
    ] = "breaches",
) -> None:
    """The breach register (GDPR Art. 33(5)): facts, effects, remedial action, recommendations, decisions; then
    the communications besides a breach (issue 22), added after the breach rows."""
    with handled():
        if fmt not in FORMATS:
            raise InvalidInput("format", fmt, f"expected one of {', '.join(FORMATS)}")
        selection = RegisterFilter(customer, _date(since, "since"), _date(until, "until"), parse_status(status))
        now = clock.now()
        if table not in ("breaches", "communications"):
            raise InvalidInput("table", table, "expected breaches or communications")
        with db.unit_of_work() as session:
            rows = load_rows(selection, session=session, now=now)
            told = communication_register.selected(selection, session=session, now=now)
        chosen: Format = "csv" if fmt == "csv" else "json" if fmt == "json" else "md"
        if chosen == "csv" and table == "communications":
            _emit(communication_register.to_csv(told), output)
        else:
            _emit(communication_register.added(write(rows, chosen, generated_at=now), chosen, told), output)
    if output is not None:
        out.print(f"{len(rows)} register rows written to {output}")


@retention_app.command("run")
def retention_run(
    days: Annotated[int | None, typer.Option(help="Override BREACH_RETENTION_DAYS for this run.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List the incidents due; remove nothing.")] = False,
) -> None:
    """Remove the personal data of incidents closed longer than the retention period; keep the hashes."""
    with handled():
        period = days if days is not None else get_settings().retention_days
        if period < 1:
            raise InvalidInput("days", period, "must be at least 1")
        now = clock.now()
        with db.unit_of_work() as session:
            if dry_run:
                due = due_incidents(session=session, now=now, days=period)
                for incident, closed in due:
                    out.print(f"{incident.reference}: closed {closed.date().isoformat()}, due for retention")
                out.print(f"retention ({period} days): {len(due)} incidents due, nothing removed (dry run)")
                return
            done = run_retention(session=session, actor=get_settings().operator, now=now, days=period)
    for item in done:
        total = sum(item.counts.values())
        out.print(
            f"{item.reference}: {total} items removed; SHA-256 of what was removed {item.removed_sha256}; "
            f"record of destruction queued for {item.notices} customers"
        )
    out.print(f"retention ({period} days): {len(done)} incidents treated")


def pack(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    customer: Annotated[str, typer.Argument(help="The customer's name.")],
    *,
    kind: Annotated[
        list[str],
        typer.Option(
            help="authority, subjects or dpia; with --send, repeat for several (consultation: its own command)."
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", help="md, html or json.")] = "md",
    output: Annotated[Path | None, typer.Option(help="A folder to write PACK-REF-KIND.FORMAT into.")] = None,
    send: Annotated[
        bool, typer.Option("--send", help="Send the packs to the customer, attached to a notice, via the outbox.")
    ] = False,
) -> None:
    """A support pack for one customer's case, in its language: a draft it adapts and files itself."""
    kinds = [k.strip() for value in kind for k in value.split(",") if k.strip()]
    if send:
        _send_packs(reference, customer, kinds)
        return
    with handled():
        if fmt not in PACK_FORMATS:
            raise InvalidInput("format", fmt, f"expected one of {', '.join(PACK_FORMATS)}")
        if len(kinds) != 1:
            raise InvalidInput("kind", ",".join(kinds), "one pack at a time, unless sent with --send")
        chosen = pack_kind(kinds[0])
        with db.unit_of_work() as session:
            context = load_pack(
                reference, customer, chosen, session=session, sender=sender_of(get_settings()), now=clock.now()
            )
        text = render_pack(context).as_format(fmt)
        target = output / f"PACK-{reference}-{chosen}.{fmt}" if output is not None else None
        if output is not None:
            output.mkdir(parents=True, exist_ok=True)
        _emit(text, target)
    if target is not None:
        out.print(f"{target}: {chosen} pack for {customer} in {context.language}")


def _send_packs(reference: str, customer: str, kinds: list[str]) -> None:
    """Queue the packs as a support-pack notice; the outbox delivers it (`breach outbox run`, the watchdog)."""
    with handled(), db.unit_of_work() as session:
        notice = send_packs(reference, customer, kinds, session=session, actor=get_settings().operator, now=clock.now())
        key, packs = notice.notice_key, ", ".join(notice.details["packs"])
    out.print(f"{reference}: support packs ({packs}) queued for {customer} as {key}; `breach outbox run` sends it")


def register(app: typer.Typer) -> None:
    app.command("pack")(pack)
    app.command("register")(register_export)
    app.add_typer(retention_app, name="retention")
