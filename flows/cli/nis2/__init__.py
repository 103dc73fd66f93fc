"""``breach nis2``: our own NIS2 duty (issue 20). ``commands`` assess, override and show; ``drafts`` the CSIRT
reports we file ourselves."""

from __future__ import annotations

import typer

from flows.cli.nis2 import commands, drafts

nis2_app = typer.Typer(
    no_args_is_help=True,
    help="Our own NIS2 duty: is the incident significant (Impl. Reg. 2024/2690), and our reports to the CSIRT.",
)
commands.register(nis2_app)
drafts.register(nis2_app)
print_block = commands.print_block


def register(app: typer.Typer) -> None:
    app.add_typer(nis2_app, name="nis2")


__all__ = ["print_block", "register"]
