"""``breach ack TOKEN``, ``breach serve`` and ``breach customers check``.

``ack`` records an acknowledgement given another way (a telephone call, a reply by e-mail) from the notice's
link or its token; ``serve`` runs the web application the links open (``flows.web.app``); ``customers check``
sends a test message to every contact, to be acknowledged in time, and ``--report`` lists what failed or
stayed unanswered.
"""

from __future__ import annotations

from typing import Annotated, Final
from uuid import UUID

import typer
from rich.table import Table

from breach.deadlines.status import format_local
from breach.errors import ConfigurationError, InvalidInput
from breach.notices.escalation import parse_duration
from flows import db, runtime
from flows.cli.common import JsonFlag, clock, err, handled, out, print_json, print_table
from flows.settings import get_settings
from flows.usecases.contact_checks import DEFAULT_WITHIN, check_report, send_checks
from notifications import ack
from notifications.delivery.sender import BatchCounts, chunks
from notifications.i18n.catalogues import label

LOOPBACK: Final = frozenset({"127.0.0.1", "::1", "localhost"})


def _secret() -> str:
    secret = get_settings().ack_secret.get_secret_value()
    if not secret:
        raise ConfigurationError("BREACH_ACK_SECRET: not set, so no notice carries an acknowledgement link")
    return secret


def _token(text: str) -> str:
    """The token, from the whole link or the token alone."""
    return text.strip().rsplit("/ack/", 1)[-1].split("?", 1)[0].strip("/")


def ack_command(
    token: Annotated[str, typer.Argument(help="The acknowledgement link from the notice, or the token in it.")],
    name: Annotated[str, typer.Option("--name", help="Who read the notice (as they gave their name).")],
) -> None:
    """Record that someone read a notice (told us by telephone or e-mail); the link stays single-use."""
    settings = get_settings()
    with handled():
        now = clock.now()
        key = ack.verify(_token(token), secret=_secret(), now=now)
        with db.unit_of_work() as session:
            summary = ack.acknowledge(
                session=session, notice_key=key, by=name, via="cli", now=now, recorded_by=settings.operator
            )
    when = format_local(summary.acknowledged_at or now, summary.timezone)
    kind = label("en", "kind", summary.kind)
    out.print(f"{summary.reference}: {kind} to {summary.customer} acknowledged by {summary.acknowledged_by}, {when}")


def serve(
    host: Annotated[str, typer.Option(help="The address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8765,
) -> None:
    """Serve the acknowledgement pages that every notice's link opens (BREACH_PUBLIC_URL should reach them)."""
    import uvicorn  # noqa: PLC0415  (only this command needs the server)

    from flows.web.app import create_app, server_config  # noqa: PLC0415  (the other commands need no FastAPI)

    with handled():
        app = create_app()
    from flows.cli.check import warn_alert_channel  # noqa: PLC0415  (beside the server's own imports)

    warn_alert_channel()
    if host not in LOOPBACK:
        err.print(
            f"warning: listening on {host}: put a TLS-terminating proxy in front; links carry capabilities",
            markup=False,
        )
    out.print(f"acknowledgement pages on http://{host}:{port}/ack/… (public URL {get_settings().public_url})")
    uvicorn.Server(server_config(app, host=host, port=port)).run()


def _deliver(ids: list[UUID]) -> BatchCounts:
    """Deliver the checks just queued, with their links (``deliver_due`` renders without links)."""
    totals = BatchCounts()
    for batch in chunks(ids, runtime.batch_size()):
        totals.add(runtime.deliver(limit=len(batch), notice_ids=batch))
    return totals


def customers_check(
    within: Annotated[str, typer.Option(help="How long each contact has to acknowledge: 90m, 24h, 3d.")] = "24h",
    customer: Annotated[str | None, typer.Option(help="Check one customer's contacts only.")] = None,
    report: Annotated[bool, typer.Option("--report", help="List the latest check of every contact.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Send a test message to every contact, to be acknowledged in time; --report lists the results."""
    if report:
        _report(customer, as_json=as_json)
        return
    settings = get_settings()
    with handled():
        _secret()
        try:
            span = parse_duration(within) if within else DEFAULT_WITHIN
        except ValueError as exc:
            raise InvalidInput("within", within, str(exc)) from None
        with db.unit_of_work() as session:
            queued = send_checks(
                session=session, now=clock.now(), within=span, customer=customer, actor=settings.operator
            )
            ids = [n.id for n in queued]
        if not ids:
            out.print("no contact to check (or this check was sent already this minute)")
            return
        out.print(f"{queued[0].details['check_id']}: test message queued for {len(ids)} contacts")
        counts = _deliver(ids)
    out.print(f"delivered {counts.delivered}, retrying {counts.retrying}, failed {counts.failed}")
    if counts.failed or counts.retrying:
        err.print("warning: some contacts did not accept the test message; see `breach customers check --report`")
    out.print(f"each contact has {within} to acknowledge; then run `breach customers check --report`")


def _report(customer: str | None, *, as_json: bool = False) -> None:
    tz = get_settings().dpo_timezone
    with handled(), db.unit_of_work() as session:
        rows = check_report(session=session, now=clock.now(), customer=customer)
    if as_json:
        print_json("contacts", rows)
        return
    if not rows:
        out.print("no contacts in the directory")
        return
    table = Table("customer", "contact", "state", "check", "answer by", "answered", "reason")
    for row in rows:
        answered = f"{row.answered_by}, {format_local(row.answered_at, tz)}" if row.answered_at is not None else "—"
        table.add_row(
            row.customer,
            f"{row.position}. {row.contact}",
            row.state,
            row.check_id or "—",
            format_local(row.answer_by, tz) if row.answer_by is not None else "—",
            answered,
            row.reason or "—",
        )
    print_table(table)
    problems = sum(1 for r in rows if r.state in ("failed", "unanswered", "never checked"))
    if problems:
        err.print(f"warning: {problems} contacts failed, did not answer, or were never checked", markup=False)


def register(app: typer.Typer) -> None:
    app.command("ack")(ack_command)
    app.command()(serve)


def register_customers(customers_app: typer.Typer) -> None:
    customers_app.command("check")(customers_check)
