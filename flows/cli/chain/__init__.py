"""The processing chain's commands (issue 21): ``breach subprocessors import|list`` and ``breach intake``."""

from __future__ import annotations

import typer

from flows.cli.chain import intake, shown, subprocessors

print_block = shown.print_block


def register(app: typer.Typer) -> None:
    group = typer.Typer(no_args_is_help=True, help="Our sub-processors (DPA clause 6): who supports which service.")
    subprocessors.register(group)
    app.add_typer(group, name="subprocessors")
    intake.register(app)


__all__ = ["print_block", "register"]
