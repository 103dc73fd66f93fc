"""``breach keys create|list|revoke``: the HTTP API's bearer keys (``flows.web.api_keys``).

``create`` prints the key once, on stdout alone (so ``KEY=$(breach keys create ...)`` works); only its
hash is kept. Making and revoking a key are audit events naming the operator.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from flows import db
from flows.cli.common import JsonFlag, clock, err, handled, out, print_json, print_table
from flows.settings import get_settings
from flows.web import api_keys

keys_app = typer.Typer(no_args_is_help=True, help="Bearer keys of the HTTP API and the customers' portal.")


def _when(value: datetime | None) -> str:
    return value.isoformat(timespec="minutes") if value else "—"


@keys_app.command("create")
def create(
    role: Annotated[str, typer.Option(help="security, dpo, customer or subprocessor.")],
    holder: Annotated[str, typer.Option(help="The named person or system that will act with the key.")],
    customer: Annotated[str | None, typer.Option(help="The customer a customer key is bound to.")] = None,
    subprocessor: Annotated[
        str | None, typer.Option(help="The sub-processor a subprocessor key is bound to (it sends us its breaches).")
    ] = None,
) -> None:
    """Make a key; it is printed once and only its hash is kept."""
    settings = get_settings()
    with handled(), db.unit_of_work() as session:
        row, key = api_keys.create_key(
            session=session,
            role=role,
            holder=holder,
            customer=customer,
            actor=settings.operator,
            now=clock.now(),
            subprocessor=subprocessor,
        )
    err.print(
        f"key {row.prefix} ({row.role.value}) for {row.holder}; store it now, it is not shown again:", markup=False
    )
    print(key)


@keys_app.command("list")
def list_command(as_json: JsonFlag = False) -> None:
    """Every key: prefix, role, holder, customer, when made, last used and revoked. Never the key."""
    with handled(), db.unit_of_work() as session:
        rows = api_keys.list_keys(session=session)
    if as_json:
        keys = ("prefix", "role", "holder", "created_at", "last_used_at", "revoked_at")
        print_json(
            "keys", [{**{k: getattr(key, k) for k in keys}, "customer": c.name if c else None} for key, c in rows]
        )
        return
    table = Table("prefix", "role", "holder", "customer", "created", "last used", "revoked")
    for key, customer in rows:
        table.add_row(
            key.prefix,
            key.role.value,
            key.holder,
            customer.name if customer else "—",
            _when(key.created_at),
            _when(key.last_used_at),
            _when(key.revoked_at),
        )
    print_table(table, "prefix")


@keys_app.command("revoke")
def revoke(prefix: Annotated[str, typer.Argument(help="The key's prefix (as `breach keys list` shows it).")]) -> None:
    """Revoke a key: from now on it is refused."""
    settings = get_settings()
    with handled(), db.unit_of_work() as session:
        row = api_keys.revoke_key(prefix, session=session, actor=settings.operator, now=clock.now())
    out.print(f"key {row.prefix} of {row.holder} revoked at {_when(row.revoked_at)}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
