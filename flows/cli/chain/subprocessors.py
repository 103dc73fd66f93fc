"""``breach subprocessors``: ``import`` the sub-processor directory (the whole file or nothing), showing the
change it makes and, with ``--announce``, telling the customers concerned (GDPR Art. 28(2)); ``list`` it; the
changes and objections (``flows.cli.chain.changes``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from breach.chain.store import subprocessors as store
from breach.deadlines.status import format_local
from breach.errors import DirectoryFileError, InvalidInput
from flows import db
from flows.cli.chain.changes import print_changes
from flows.cli.chain.changes import register as register_changes
from flows.cli.common import JsonFlag, clock, handled, out, print_json, print_table
from flows.cli.lifecycle import deliver_and_report
from flows.input_files import parse, read_text
from flows.settings import get_settings
from flows.usecases.chain.changes import import_directory


def subprocessors_import(
    file: Annotated[Path, typer.Argument(help="A sub-processor file: YAML or JSON with a 'subprocessors' list.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change the file makes; write nothing.")] = False,
    announce: Annotated[
        bool,
        typer.Option(
            "--announce",
            help="Tell the customers of the services concerned, who may object (GDPR Art. 28(2)); refused when "
            "nothing changes.",
        ),
    ] = False,
    effective: Annotated[
        str | None,
        typer.Option(help="YYYY-MM-DD the change takes effect; default the day after the objection period."),
    ] = None,
) -> None:
    """Import or update our sub-processors from a file, the whole file or nothing, and show what changes."""
    settings = get_settings()
    with handled():
        suffix = file.suffix.lower()
        if suffix not in {".yaml", ".yml", ".json"}:
            raise DirectoryFileError("file", str(file), "unknown format (use .yaml, .yml or .json)")
        text = read_text(file, DirectoryFileError)
        data = parse(text, "JSON" if suffix == ".json" else "YAML", file, DirectoryFileError)
        on = _day(effective) if effective is not None else None
        with db.unit_of_work() as session:
            result = import_directory(
                data,
                session=session,
                actor=settings.operator,
                now=clock.now(),
                source=file.name,
                announce=announce,
                dry_run=dry_run,
                effective=on,
                days=settings.subprocessor_objection_days,
                portal_url=settings.public_url,
            )
            reference = result.communication.reference if result.communication else None
            facts = dict(result.communication.facts) if result.communication else {}
            if dry_run:
                session.rollback()
        print_changes(result.changes)
        if dry_run:
            out.print(f"dry run of {file.name}: nothing written")
            return
        summary = result.summary
        out.print(f"imported {file.name}: sub-processors {summary.created} new, {summary.updated} updated")
        if reference is None:
            if result.changes:
                out.print("not announced: `--announce` tells the customers concerned, who may object (GDPR Art. 28(2))")
            return
        until = format_local(datetime.fromisoformat(str(facts["objection_until"])), settings.dpo_timezone)
        out.print(
            f"{reference}: announced to {result.told} customers; objections until {until} "
            f"({facts['days']} days, rule gdpr.28.2); takes effect {facts['effective_from']}"
        )
        deliver_and_report()


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput("effective", value, "expected a date YYYY-MM-DD") from None


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
    register_changes(group)
