"""``breach requests forward``, ``breach dpo change`` and ``breach inspections record``: record one thing the
DPA asks us to tell customers immediately, queue its notices and deliver them now (as ``breach outbox run``).

A refusal is one line naming the field, exit code 2, nothing written (``flows.cli.common.handled``). Only ids,
references and counts are printed: a request's text stays out of the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from breach.clock import to_utc
from breach.communications.facts import dpo_contact
from breach.errors import InvalidInput
from flows import db, runtime
from flows.cli.common import clock, handled, out
from flows.cli.lifecycle import deliver_and_report
from flows.settings import get_settings
from flows.timeparse import parse_instant
from flows.usecases.communications.dpo import announce_dpo
from flows.usecases.communications.inspections import record_inspection
from flows.usecases.communications.requests import forward_hours, forward_request


def _file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput("FILE", str(path), exc.strerror or "cannot be read") from None


def forward(
    file: Annotated[Path, typer.Argument(help="The request as the person sent it (UTF-8 text).")],
    customer: Annotated[str, typer.Option(help="The customer (controller) whose data it concerns.")],
    kind: Annotated[str, typer.Option(help="rectification | erasure | restriction | access | portability | objection")],
    received_at: Annotated[str, typer.Option(help="When we received it: 2026-03-14T16:30+01:00 or … Europe/Brussels.")],
) -> None:
    """Forward a data subject's request to its controller now (DPA clause 4(1)); full-detail contacts only."""
    settings = get_settings()
    with handled():
        received = parse_instant(received_at, "received_at")
        raw = _file(file)
        hours = forward_hours(customer, settings.request_forward_hours, settings.request_forward_hours_by_customer)
        with db.unit_of_work() as session:
            communication = forward_request(
                session=session,
                customer=customer,
                kind=kind,
                received_at=received,
                raw=raw,
                hours=hours,
                actor=settings.operator,
                now=clock.now(),
            )
            reference = communication.reference
    out.print(f"{reference}: request forwarded to {customer} (within {hours} h of receipt, rule dpa.4.1)")
    deliver_and_report()


def dpo_change(
    effective_at: Annotated[str | None, typer.Option(help="Since when the new DPO is in office; default now.")] = None,
    previous_name: Annotated[str | None, typer.Option(help="Whom the new DPO replaces, the first time.")] = None,
    previous_email: Annotated[str | None, typer.Option(help="The previous DPO's e-mail, with --previous-name.")] = None,
) -> None:
    """Tell every customer of our new DPO now (DPA clause 5(a)): the DPO the settings name (BREACH_DPO_NAME,
    BREACH_DPO_EMAIL, BREACH_DPO_PHONE), which every notice names from then on. Change the settings first."""
    settings = get_settings()
    with handled():
        now = clock.now()
        at = to_utc(parse_instant(effective_at, "effective_at"), "effective_at") if effective_at else now
        previous = None
        if previous_name is not None or previous_email is not None:
            previous = dpo_contact(previous_name or "", previous_email or "", "")
        with db.unit_of_work() as session:
            communication = announce_dpo(
                session=session,
                current=runtime.sender(settings).dpo,
                effective_at=at,
                previous=previous,
                actor=settings.operator,
                now=now,
            )
            reference = communication.reference
    out.print(f"{reference}: every customer is told of our DPO {settings.dpo_name} <{settings.dpo_email}>")
    deliver_and_report()


def inspection(  # every parameter an option: Typer reads keyword-only ones too
    *,
    authority: Annotated[
        str, typer.Option(help="The authority's id, such as BE-GBA (`breach customers authorities`).")
    ],
    action: Annotated[str, typer.Option(help="inspection | measure | investigation")],
    disclose: Annotated[str, typer.Option(help="fact_only | scope | findings: what we may tell the customers.")],
    service: Annotated[list[str] | None, typer.Option(help="A service concerned (its customers are told).")] = None,
    customer: Annotated[list[str] | None, typer.Option(help="A customer concerned, by name.")] = None,
    note: Annotated[str, typer.Option(help="What we may disclose (scope or findings), as the customers read it.")] = "",
    occurred_at: Annotated[str | None, typer.Option(help="When it was announced or began; default now.")] = None,
) -> None:
    """Tell the customers an authority's inspection or measure concerns (DPA clause 5(e)); a support task each."""
    settings = get_settings()
    with handled():
        now = clock.now()
        at = parse_instant(occurred_at, "occurred_at") if occurred_at else now
        with db.unit_of_work() as session:
            communication = record_inspection(
                session=session,
                authority=authority,
                action=action,
                disclose=disclose,
                note=note,
                occurred_at=at,
                services=service or [],
                customers=customer or [],
                owner=settings.dpo_name,
                actor=settings.operator,
                now=now,
            )
            reference = communication.reference
    out.print(f"{reference}: the customers concerned are told; `breach communications list` shows each")
    deliver_and_report()
