"""``breach subprocessors``: ``import`` the sub-processor directory (the whole file or nothing) and ``list`` it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from breach.chain.store import subprocessors as store
from breach.errors import DirectoryFileError
from flows import db
from flows.cli.common import JsonFlag, clock, handled, out, print_json, print_table
from flows.input_files import parse, read_text
from flows.settings import get_settings
from flows.usecases.chain.directory import import_subprocessors


def subprocessors_import(
    file: Annotated[Path, typer.Argument(help="A sub-processor file: YAML or JSON with a 'subprocessors' list.")],
) -> None:
    """Import or update our sub-processors from a file; the whole file or nothing."""
    settings = get_settings()
    with handled():
        suffix = file.suffix.lower()
        if suffix not in {".yaml", ".yml", ".json"}:
            raise DirectoryFileError("file", str(file), "unknown format (use .yaml, .yml or .json)")
        text = read_text(file, DirectoryFileError)
        data = parse(text, "JSON" if suffix == ".json" else "YAML", file, DirectoryFileError)
        with db.unit_of_work() as session:
            summary = import_subprocessors(
                data, session=session, actor=settings.operator, now=clock.now(), source=file.name
            )
    out.print(f"imported {file.name}: sub-processors {summary.created} new, {summary.updated} updated")


def subprocessors_list(as_json: JsonFlag = False) -> None:
    """Our sub-processors: where they process, since when, on which transfer ground, for which services."""
    table = Table("sub-processor", "country", "agreement", "transfer", "services (ours ← theirs)", "contacts")
    rows: list[dict[str, object]] = []
    with handled(), db.unit_of_work() as session:
        for sub, uses in store.listed(session=session):
            transfer = sub.transfer_mechanism.value if sub.transfer_mechanism else None
            rows.append(
                {
                    "name": sub.name,
                    "country": sub.country,
                    "agreement_date": sub.agreement_date.isoformat(),
                    "transfer_mechanism": transfer,
                    "transfer_reference": sub.transfer_reference or None,
                    "services": [{"code": u.service.code, "theirs": list(u.theirs)} for u in uses],
                    "contacts": list(sub.contacts),
                }
            )
            table.add_row(
                sub.name,
                sub.country,
                sub.agreement_date.isoformat(),
                "—" if transfer is None else f"{transfer} {sub.transfer_reference}".strip(),
                "\n".join(f"{u.service.code} ← {', '.join(u.theirs)}" for u in uses),
                "\n".join(f"{c.get('label') or ''} <{c.get('email')}>".strip() for c in sub.contacts),
            )
    if as_json:
        print_json("subprocessors", rows)
        return
    print_table(table, "country", "agreement")


def register(group: typer.Typer) -> None:
    group.command("import")(subprocessors_import)
    group.command("list")(subprocessors_list)
