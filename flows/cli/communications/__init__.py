"""The communications' commands (issue 22): ``breach requests forward`` (DPA clause 4(1)), ``breach dpo change``
(5(a)), ``breach inspections record`` (5(e)), ``breach instructions record|concern|answer|list|show`` (9(1),
9(2)) and ``breach communications list|remind|evidence|purge``."""

from __future__ import annotations

import typer

from flows.cli.communications import announce, contract, instructions, listing


def register(app: typer.Typer) -> None:
    requests = typer.Typer(no_args_is_help=True, help="Data subjects' requests that reached us (DPA clause 4(1)).")
    requests.command("forward")(announce.forward)
    app.add_typer(requests, name="requests")
    dpo = typer.Typer(no_args_is_help=True, help="Our data protection officer (DPA clause 5(a)).")
    dpo.command("change")(announce.dpo_change)
    app.add_typer(dpo, name="dpo")
    inspections = typer.Typer(no_args_is_help=True, help="Authorities' inspections and measures (DPA clause 5(e)).")
    inspections.command("record")(announce.inspection)
    app.add_typer(inspections, name="inspections")
    instructions.register(app)
    communications = typer.Typer(no_args_is_help=True, help="What we told customers besides a breach (issue 22).")
    listing.register(communications)
    app.add_typer(communications, name="communications")


def register_customers(customers: typer.Typer) -> None:
    """``breach customers end-contract`` (DPA clause 10(2)), in the directory's group."""
    contract.register_customers(customers)
