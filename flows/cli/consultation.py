"""``breach consultation``: prior consultations of an authority (GDPR Art. 36) we support (DPA 8(1)(e)).

``open`` starts one (and its support task), ``record`` what the authority did (its clocks start, move and
stop as in ``breach.support.store.consultations``), ``list`` shows them with their deadlines, ``pack`` renders the Art.
36(3) draft in the customer's language. Refusals are one line on stderr with exit code 2, nothing written.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlmodel import Session

from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import Incident
from breach.db.models.support import ConsultationRequest
from breach.deadlines.status import format_local, status
from breach.errors import InvalidInput
from breach.support import support_tasks
from breach.support.consultations import EVENT_NAMES, ConsultationDraft
from breach.support.store import consultations
from breach.vocabulary import ConsultationStatus
from flows import db
from flows.cli.common import JsonFlag, clock, handled, out, print_table
from flows.cli.deadlines import print_changes, print_clocks
from flows.settings import get_settings
from flows.timeparse import parse_instant
from flows.usecases.support_packs import sender_of
from notifications.context.build import Sender
from notifications.packs.consultation import (
    CONSULTATION_FORMATS,
    ConsultationPackContext,
    consultation_context,
    render_consultation_pack,
)

consultation_app = typer.Typer(
    no_args_is_help=True, help="Prior consultations of a supervisory authority (GDPR Art. 36) we support."
)
_LIST_FORMATS = ("table", "json")


@consultation_app.command("open")
def open_command(
    customer: Annotated[str, typer.Argument(help="The customer (controller) that consults its authority.")],
    *,
    title: Annotated[str, typer.Option(help="The planned processing, in a few words.")],
    incident: Annotated[str | None, typer.Option(help="The incident that prompted it, if any (its reference).")] = None,
    authority: Annotated[str | None, typer.Option(help="The authority's id (default: the lead authority).")] = None,
    description: Annotated[str, typer.Option(help="The planned processing (Art. 36(3)).")] = "",
    purposes: Annotated[str, typer.Option(help="Its purposes (Art. 36(3)(b)).")] = "",
    means: Annotated[str, typer.Option(help="Its means (Art. 36(3)(b)).")] = "",
    safeguards: Annotated[str, typer.Option(help="Measures and safeguards (Art. 36(3)(c)).")] = "",
    joint_controllers: Annotated[str, typer.Option(help="Joint controllers, if any (Art. 36(3)(a)).")] = "",
    dpia: Annotated[str, typer.Option(help="The DPIA's reference (Art. 36(3)(e)).")] = "",
    service: Annotated[
        list[str] | None, typer.Option("--service", "-s", help="A service of ours it uses (repeat; default all).")
    ] = None,
) -> None:
    """Open a prior consultation (and its support task); prints its reference."""
    settings = get_settings()
    with handled():
        draft = ConsultationDraft(
            title=title,
            description=description,
            purposes=purposes,
            means=means,
            safeguards=safeguards,
            joint_controllers=joint_controllers,
            dpia_reference=dpia,
            services=tuple(service or ()),
            authority=authority,
        )
        with db.unit_of_work() as session:
            who = repository.customer_by_name(customer, session=session)
            found = repository.incident_by_reference(incident, session=session) if incident else None
            request, task = consultations.open_consultation(
                draft, session=session, customer=who, incident=found, actor=settings.operator, now=clock.now()
            )
    out.print(request.reference)
    out.print(f"support task {task.reference}: {support_tasks.billable_label(task)} under {task.billable_rule}")


@consultation_app.command("record")
def record_command(
    reference: Annotated[str, typer.Argument(help="The consultation's reference, e.g. PC-2026-0001.")],
    event: Annotated[str, typer.Argument(help=f"What the authority did: {', '.join(EVENT_NAMES)}.")],
    *,
    at: Annotated[
        str | None, typer.Option(help="When (default now): ISO time with offset, or 'YYYY-MM-DD HH:MM Zone'.")
    ] = None,
    days: Annotated[
        int | None, typer.Option(help="suspended: the suspension's length in days, when the authority stated it.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What the authority said or asked for (kept).")] = None,
    authority_reference: Annotated[
        str | None, typer.Option("--reference", help="The authority's reference for the consultation.")
    ] = None,
) -> None:
    """Record what the authority did; its clocks start, move or stop, and are shown after."""
    settings = get_settings()
    with handled():
        now = clock.now()
        when = parse_instant(at, "at") if at else now
        details: dict[str, object] = {"days": days, "reason": note, "authority_reference": authority_reference}
        with db.unit_of_work() as session:
            request = consultations.consultation_by_reference(reference, session=session, for_update=True)
            customer = _customer(request, session=session)
            result = consultations.record_event(
                session=session,
                consultation=request,
                customer=customer,
                event=event,
                at=when,
                details={k: v for k, v in details.items() if v is not None},
                actor=settings.operator,
                now=now,
            )
            clocks = consultations.deadlines_of(request.id, session=session)
            tz = result.tz
            happened = format_local(result.event.occurred_at, tz)
            name = result.plan.event.name
            if result.repeated:
                out.print(f"{name} for {request.reference} at {happened} was already recorded: nothing changed")
            else:
                out.print(f"recorded {name} for {request.reference} at {happened}; status {request.status.value}")
            print_changes(result, tz, now)
            print_clocks(clocks, tz, now)


def _customer(request: ConsultationRequest, *, session: Session) -> Customer:
    customer = session.get(Customer, request.customer_id)
    if customer is None:  # a foreign key guards this; the check satisfies the type checker
        raise InvalidInput("consultation", request.reference, "has no customer")
    return customer


@consultation_app.command("list")
def list_command(
    *,
    customer: Annotated[str | None, typer.Option(help="Only this customer's consultations.")] = None,
    state: Annotated[str | None, typer.Option("--status", help="preparing, received, suspended or advised.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    as_json: JsonFlag = False,
) -> None:
    """The prior consultations, newest first, with the authority's deadlines in the customer's time zone."""
    fmt = "json" if as_json else fmt
    with handled():
        if fmt not in _LIST_FORMATS:
            raise InvalidInput("format", fmt, f"expected one of {', '.join(_LIST_FORMATS)}")
        chosen = _status(state) if state is not None else None
        now = clock.now()
        with db.unit_of_work() as session:
            customer_id = repository.customer_by_name(customer, session=session).id if customer else None
            rows = [
                _summary(request, session=session, now=now)
                for request in consultations.list_consultations(
                    session=session, now=now, customer_id=customer_id, status=chosen
                )
            ]
    if fmt == "json":
        out.file.write(json.dumps({"consultations": rows}, indent=2, ensure_ascii=False) + "\n")
        return
    if not rows:
        out.print("no prior consultations")
        return
    table = Table("consultation", "customer", "title", "authority", "status", "received", "advice due", "extend by")
    for row in rows:
        clocks = {c["rule"]: c for c in row["clocks"]}
        advice = clocks.get("gdpr.36.2")
        extension = clocks.get("gdpr.36.2.extension")
        table.add_row(
            row["reference"],
            row["customer"],
            row["title"],
            row["authority"],
            row["status"],
            row["received_local"] or "—",
            f"{advice['due_local']} ({advice['status']})" if advice else "—",
            f"{extension['due_local']} ({extension['status']})" if extension else "—",
        )
    print_table(table, "consultation")


def _status(value: str) -> ConsultationStatus:
    for item in ConsultationStatus:
        if item.value == value:
            return item
    raise InvalidInput("status", value, f"expected one of {', '.join(s.value for s in ConsultationStatus)}")


def _summary(request: ConsultationRequest, *, session: Session, now: datetime) -> dict[str, Any]:
    customer = _customer(request, session=session)
    incident = session.get(Incident, request.incident_id) if request.incident_id else None
    tz = customer.timezone
    return {
        "reference": request.reference,
        "customer": customer.name,
        "title": request.title,
        "incident": incident.reference if incident else None,
        "authority": request.authority,
        "status": consultations.status_now(request, session=session, now=now).value,
        "received_at": request.received_at.isoformat() if request.received_at else None,
        "received_local": format_local(request.received_at, tz) if request.received_at else None,
        "advised_at": request.advised_at.isoformat() if request.advised_at else None,
        "clocks": [
            {
                "rule": d.rule,
                "due_at": d.due_at.isoformat(),
                "due_local": format_local(d.due_at, tz),
                "status": status(d, now).value,
                "met_at": d.met_at.isoformat() if d.met_at else None,
            }
            for d in consultations.deadlines_of(request.id, session=session)
        ],
    }


def load_consultation_pack(
    reference: str, *, session: Session, sender: Sender, now: datetime
) -> ConsultationPackContext:
    """Load one consultation and build its pack's context (reads only)."""
    request = consultations.consultation_by_reference(reference, session=session)
    customer = _customer(request, session=session)
    return consultation_context(
        consultation=request,
        customer=customer,
        incident=session.get(Incident, request.incident_id) if request.incident_id else None,
        services=repository.services_of(customer.id, session=session),
        deadlines=consultations.deadlines_of(request.id, session=session),
        events=consultations.events_of(request.id, session=session),
        sender=sender,
        now=now,
    )


@consultation_app.command("pack")
def pack_command(
    reference: Annotated[str, typer.Argument(help="The consultation's reference.")],
    *,
    fmt: Annotated[str, typer.Option("--format", help="md, html or json.")] = "md",
    output: Annotated[Path | None, typer.Option(help="A folder to write PACK-REF-consultation.FORMAT into.")] = None,
) -> None:
    """The Art. 36(3) pack in the customer's language: a draft it completes and files itself."""
    with handled():
        if fmt not in CONSULTATION_FORMATS:
            raise InvalidInput("format", fmt, f"expected one of {', '.join(CONSULTATION_FORMATS)}")
        with db.unit_of_work() as session:
            context = load_consultation_pack(
                reference, session=session, sender=sender_of(get_settings()), now=clock.now()
            )
        text = render_consultation_pack(context).as_format(fmt)
        if output is None:
            out.file.write(text)
            return
        target = output / f"PACK-{context.reference}-consultation.{fmt}"
        try:
            output.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InvalidInput("output", str(output), f"cannot be written: {exc}") from None
    out.print(f"{target}: consultation pack for {context.customer_name} in {context.language}")


def register(app: typer.Typer) -> None:
    app.add_typer(consultation_app, name="consultation")
