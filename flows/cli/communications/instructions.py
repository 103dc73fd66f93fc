"""``breach instructions record | concern | answer | list | show``: a customer's instructions (DPA clause 9).

``record`` an instruction as it reached us (an oral one is sent back at once for written confirmation, 9(1));
``concern`` tells the customer we believe one infringes data-protection law, with our reasons, ``--suspend``
to stop carrying it out until the customer confirms or changes it (9(2)); ``answer`` records the customer's
written answer that reached us another way (the portal and ``POST /instructions/{ref}/answer`` take it
directly); ``list`` and ``show`` the instructions and their audited moves. A refusal is one line naming the
field, exit code 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from breach.db import repository
from breach.errors import InvalidInput
from flows import db
from flows.cli.common import JsonFlag, clock, handled, out, print_json, print_table
from flows.cli.lifecycle import deliver_and_report
from flows.settings import get_settings
from flows.timeparse import parse_instant
from flows.usecases.communications import instructions as usecase


def _text(value: str, field: str) -> str:
    """``value`` itself, or the UTF-8 text of the file it names (``@file`` or an existing path)."""
    name = value[1:] if value.startswith("@") else value
    path = Path(name)
    if value.startswith("@") or (len(name) < 4096 and "\n" not in name and path.is_file()):
        try:
            return path.read_bytes().decode("utf-8")
        except OSError as exc:
            raise InvalidInput(field, name, exc.strerror or "cannot be read") from None
        except UnicodeDecodeError:
            raise InvalidInput(field, name, "must be UTF-8 text") from None
    return value


def record(
    customer: Annotated[str, typer.Option(help="The customer whose instruction it is.")],
    received_at: Annotated[str, typer.Option(help="When it reached us: 2026-03-14T16:30+01:00 or … Europe/Brussels.")],
    summary: Annotated[str, typer.Option(help="What it asks, as we understood it: the text, or a FILE (@FILE).")],
    form: Annotated[str, typer.Option(help="oral (sent back for written confirmation, 9(1)) | written")] = "oral",
    given_by: Annotated[str, typer.Option(help="Who at the customer gave it (a business contact).")] = "",
) -> None:
    """Record a customer's instruction; an oral one is sent back now for written confirmation (DPA clause 9(1))."""
    settings = get_settings()
    with handled():
        at = parse_instant(received_at, "received_at")
        text = _text(summary, "summary")
        with db.unit_of_work() as session:
            instruction = usecase.record_instruction(
                session=session,
                customer=customer,
                form=form,
                received_at=at,
                given_by=given_by,
                summary=text,
                actor=settings.operator,
                now=clock.now(),
            )
            reference, oral = instruction.reference, instruction.request_id is not None
    tail = ": written confirmation asked (rule dpa.9)" if oral else " (written: nothing to confirm)"
    out.print(f"{reference}: instruction of {customer} recorded{tail}")
    if oral:
        deliver_and_report()


def concern(
    reference: Annotated[str, typer.Argument(help="The instruction (INS-YYYY-NNNN).")],
    reasons: Annotated[str, typer.Option(help="Why we believe it infringes data-protection law: text or @FILE.")],
    suspend: Annotated[
        bool, typer.Option("--suspend", help="Suspend it until the customer confirms or changes it.")
    ] = False,
) -> None:
    """Tell the customer now that we believe an instruction infringes data-protection law (DPA clause 9(2))."""
    settings = get_settings()
    with handled():
        text = _text(reasons, "reasons")
        with db.unit_of_work() as session:
            instruction = usecase.raise_concern(
                session=session, reference=reference, reasons=text, suspend=suspend, actor=settings.operator,
                now=clock.now(),
            )  # fmt: skip
            state = instruction.state.value
    out.print(f"{reference}: the customer is told our concern; the instruction is {state}")
    deliver_and_report()


def answer(
    reference: Annotated[str, typer.Argument(help="The instruction (INS-YYYY-NNNN).")],
    state: Annotated[str, typer.Option(help="confirmed | amended | withdrawn")],
    by: Annotated[str, typer.Option(help="Who at the customer answered, as their written answer names them.")],
    amendment: Annotated[
        str | None, typer.Option(help="The changed instruction (with amended): text or @FILE.")
    ] = None,
) -> None:
    """Record the customer's written answer that reached us by mail or letter (the portal and API take it directly)."""
    settings = get_settings()
    with handled(), db.unit_of_work() as session:
        instruction = usecase.answer(
            session=session,
            reference=reference,
            state=state,
            by=by,
            via="cli",
            now=clock.now(),
            amendment=_text(amendment, "amendment") if amendment is not None else None,
            recorded_by=settings.operator,
        )
        now_state = instruction.state.value
    out.print(f"{reference}: {now_state} by {by}")


def list_command(
    customer: Annotated[str | None, typer.Option(help="One customer's only.")] = None, as_json: JsonFlag = False
) -> None:
    """Every instruction, newest first: its state, and whether the customer still owes us an answer."""
    with handled(), db.unit_of_work() as session:
        customer_id = repository.customer_by_name(customer, session=session).id if customer else None
        rows = usecase.instruction_rows(session=session, customer_id=customer_id)
    if as_json:
        print_json("instructions", rows)
        return
    if not rows:
        out.print("no instructions yet")
        return
    table = Table("reference", "customer", "form", "received (their time)", "state", "asked / told")
    for row in rows:
        state = f"{row.state} (awaiting the customer)" if row.awaiting_customer else row.state
        table.add_row(
            row.reference,
            row.customer,
            row.form,
            row.received_at,
            state,
            " ".join(r for r in (row.asked, row.told) if r) or "—",
        )
    print_table(table, "reference")


def show(reference: Annotated[str, typer.Argument(help="The instruction (INS-YYYY-NNNN).")]) -> None:
    """One instruction: what it asks, our concern, the customer's answer, and every audited move."""
    with handled(), db.unit_of_work() as session:
        found = [r for r in usecase.instruction_rows(session=session) if r.reference == reference.strip()]
        moves = usecase.history(reference, session=session)
    row = found[0]
    out.print(
        f"{row.reference}  {row.customer}  {row.form}, received {row.received_at}  state: {row.state}", markup=False
    )
    if row.given_by:
        out.print(f"given by: {row.given_by}", markup=False)
    out.print(f"instruction: {row.summary}", markup=False)
    if row.concern:
        out.print(f"our concern (DPA 9(2)): {row.concern}", markup=False)
    if row.amendment:
        out.print(f"amended to: {row.amendment}", markup=False)
    if row.confirmed_at:
        out.print(f"confirmed {row.confirmed_at} by {row.confirmed_by}", markup=False)
    for at, event, actor in moves:
        out.print(f"  {at}  {event}  {actor}", markup=False)


def register(app: typer.Typer) -> None:
    group = typer.Typer(no_args_is_help=True, help="Customers' instructions (DPA clause 9).")
    group.command("record")(record)
    group.command("concern")(concern)
    group.command("answer")(answer)
    group.command("list")(list_command)
    group.command("show")(show)
    app.add_typer(group, name="instructions")
