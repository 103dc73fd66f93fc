"""``breach customers end-contract``: a whole customer's data returned or destroyed, and its record of
destruction sent (DPA clause 10(2)); ``--on-request`` when the customer asked for it before the contract's end.

A refusal is one line naming the field, exit code 2, nothing written; the log of the operation is read only to
fingerprint it (SHA-256), never stored or printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from breach.errors import InvalidInput
from flows import db
from flows.cli.common import clock, handled, out
from flows.cli.lifecycle import deliver_and_report
from flows.settings import get_settings
from flows.timeparse import parse_instant
from flows.usecases.communications.contract_end import end_contract


def _counts(values: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        code, sep, number = value.partition("=")
        if not sep or not code.strip() or not number.strip().isdigit():
            raise InvalidInput("service", value, "expected CODE=RECORDS, such as mail-hosting=1204")
        counts[code.strip()] = int(number)
    return counts


def end_contract_command(  # every parameter after the name an option: Typer reads keyword-only ones too
    name: Annotated[str, typer.Argument(help="The customer.")],
    *,
    action: Annotated[str, typer.Option(help="destroyed | returned (then every copy destroyed).")],
    ended_at: Annotated[str, typer.Option(help="When the contract ended, or when the customer asked.")],
    service: Annotated[list[str], typer.Option(help="CODE=RECORDS for every service the customer uses.")],
    done_at: Annotated[str | None, typer.Option(help="When the data were returned or destroyed; default now.")] = None,
    log: Annotated[Path | None, typer.Option(help="Our log of the operation: only its SHA-256 is kept.")] = None,
    on_request: Annotated[bool, typer.Option("--on-request", help="The customer asked, before the end.")] = False,
) -> None:
    """Record that a customer's data were returned or destroyed and send it the record (DPA clause 10(2))."""
    settings = get_settings()
    with handled():
        now = clock.now()
        ended = parse_instant(ended_at, "ended_at")
        done = parse_instant(done_at, "done_at") if done_at else now
        counts = _counts(service)
        try:
            raw = log.read_bytes() if log is not None else None
        except OSError as exc:
            raise InvalidInput("log", str(log), exc.strerror or "cannot be read") from None
        with db.unit_of_work() as session:
            communication = end_contract(
                session=session,
                customer=name,
                action=action,
                ended_at=ended,
                done_at=done,
                services=counts,
                log=raw,
                on_request=on_request,
                actor=settings.operator,
                now=now,
            )
            reference = communication.reference
    out.print(f"{reference}: the record of destruction goes to {name} (rule dpa.10.2)", markup=False)
    deliver_and_report()


def register_customers(customers: typer.Typer) -> None:
    customers.command("end-contract")(end_contract_command)
