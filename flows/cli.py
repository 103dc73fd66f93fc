"""The ``breach`` command line: thin, over ``flows.operations`` (the HTTP API calls the same).

Every refusal is one line on stderr naming the field and the value, with exit code 2, and nothing written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import OperationalError, ProgrammingError

from breach import repository
from breach.audit import verify as verify_audit
from breach.clock import SystemClock
from breach.errors import BreachError, ConfigurationError, IllegalTransition, InvalidInput, NotFound
from flows import db, directory_files, operations
from flows.settings import get_settings
from flows.timeparse import parse_instant

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Personal data breach notification engine.")
customers_app = typer.Typer(no_args_is_help=True, help="The controller directory: our customers and contacts.")
audit_app = typer.Typer(no_args_is_help=True, help="The append-only, hash-chained audit log.")
app.add_typer(customers_app, name="customers")
app.add_typer(audit_app, name="audit")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
clock = SystemClock()


@contextmanager
def handled() -> Iterator[None]:
    """Turn the engine's refusals into one line and exit code 2; the unit of work has rolled back."""
    try:
        yield
    except (InvalidInput, NotFound, IllegalTransition, ConfigurationError) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    except BreachError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    except (OperationalError, ProgrammingError) as exc:
        if "no such table" in str(exc) or "does not exist" in str(exc):
            err.print("error: database: not initialised (run `breach init`)", markup=False)
            raise typer.Exit(2) from None
        raise


def _when(value: datetime | None) -> str:
    return value.isoformat(timespec="minutes") if value else "—"


@app.command()
def init() -> None:
    """Create the database, or upgrade it to the newest schema."""
    with handled():
        revision = db.init()
    out.print(f"database ready at revision {revision} ({_safe_url(get_settings().database_url)})")


def _safe_url(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "…@" + rest.split("@", 1)[1]
    return f"{scheme}{sep}{rest}"


@customers_app.command("import")
def customers_import(
    file: Annotated[Path, typer.Argument(help="A directory file: YAML, JSON or CSV.")],
) -> None:
    """Import or update customers (and services, in YAML) from a file; the whole file or nothing."""
    settings = get_settings()
    with handled():
        data, locate = directory_files.read(file)
        with db.unit_of_work() as session:
            summary = operations.import_directory(
                data,
                session=session,
                actor=settings.operator,
                now=clock.now(),
                source=file.name,
                locate=locate,
            )
    out.print(
        f"imported {file.name}: customers {summary.customers_created} new, {summary.customers_updated} updated; "
        f"services {summary.services_created} new, {summary.services_updated} updated"
    )


@customers_app.command("list")
def customers_list() -> None:
    """The directory: who we notify, in which language, under which authority, through which contacts."""
    with handled(), db.unit_of_work() as session:
        table = Table("customer", "role", "lang", "time zone", "authority", "SLA", "contacts", "services")
        for customer in repository.list_customers(session=session):
            contacts = repository.contacts_of(customer.id, session=session)
            uses = repository.services_of(customer.id, session=session)
            table.add_row(
                customer.name,
                customer.role.value,
                customer.language.value,
                customer.timezone,
                " ".join([customer.lead_authority, *customer.other_authorities]),
                f"{customer.sla_hours} h",
                "\n".join(f"{c.position}. {c.display} ({c.detail.value})" for c in contacts),
                "\n".join(f"{s.code} ({u.data_subjects})" for u, s in uses),
            )
    out.print(table)


@app.command("open")
def open_incident(
    title: Annotated[str, typer.Option(help="A short title, without personal data.")],
    description: Annotated[str, typer.Option(help="What happened, as known now.")],
    service: Annotated[list[str], typer.Option("--service", "-s", help="An affected service code (repeat).")],
    detected_at: Annotated[
        str | None,
        typer.Option(help="When it was detected: ISO time with offset, or 'YYYY-MM-DD HH:MM Zone'."),
    ] = None,
    occurred_at: Annotated[str | None, typer.Option(help="When it happened, if known.")] = None,
) -> None:
    """Open an incident; prints its reference."""
    settings = get_settings()
    with handled():
        now = clock.now()
        draft = operations.IncidentDraft(
            title=title,
            description=description,
            services=service,
            detected_at=parse_instant(detected_at, "detected_at") if detected_at else now,
            occurred_at=parse_instant(occurred_at, "occurred_at") if occurred_at else None,
        )
        with db.unit_of_work() as session:
            incident = operations.open_incident(draft, session=session, actor=settings.operator, now=now)
    out.print(incident.reference)


@app.command()
def dismiss(
    reference: Annotated[str, typer.Argument(help="The incident reference, e.g. BR-2026-0001.")],
    reason: Annotated[str, typer.Option(help="Why this is not a personal data breach (kept in the record).")],
) -> None:
    """Close an incident that is not a personal data breach, with the reason."""
    settings = get_settings()
    with handled(), db.unit_of_work() as session:
        incident = operations.dismiss_incident(
            reference, reason, session=session, actor=settings.operator, now=clock.now()
        )
    out.print(f"{incident.reference} dismissed")


@app.command("list")
def list_incidents() -> None:
    """Incidents, newest first."""
    with handled(), db.unit_of_work() as session:
        table = Table("reference", "status", "title", "detected", "aware", "services")
        for incident in repository.list_incidents(session=session):
            services = repository.incident_services(incident.id, session=session)
            table.add_row(
                incident.reference,
                incident.status.value,
                incident.title,
                _when(incident.detected_at),
                _when(incident.aware_at),
                " ".join(s.code for s in services),
            )
    out.print(table)


@app.command()
def show(reference: Annotated[str, typer.Argument(help="The incident reference.")]) -> None:
    """One incident: its facts, its services and each affected customer's case."""
    with handled(), db.unit_of_work() as session:
        incident = repository.incident_by_reference(reference, session=session)
        services = repository.incident_services(incident.id, session=session)
        out.print(f"[bold]{incident.reference}[/bold]  {incident.title}")
        out.print(f"status      {incident.status.value}")
        out.print(f"detected    {_when(incident.detected_at)}")
        out.print(f"occurred    {_when(incident.occurred_at)}")
        out.print(f"aware       {_when(incident.aware_at)}")
        out.print(f"reported by {incident.reported_by} at {_when(incident.reported_at)}")
        out.print(f"services    {', '.join(s.code for s in services)}")
        if incident.dismissal_reason:
            out.print(f"dismissed   {incident.dismissal_reason}", markup=False)
        out.print(incident.description, markup=False)
        cases = repository.cases_of(incident.id, session=session)
        if cases:
            table = Table("customer", "language", "data subjects", "aware", "acknowledged")
            for case, customer in cases:
                table.add_row(
                    customer.name,
                    customer.language.value,
                    str(case.data_subjects),
                    _when(case.aware_at),
                    _when(case.acknowledged_at),
                )
            out.print(table)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the whole audit chain; names the first broken event."""
    with handled(), db.unit_of_work() as session:
        broken = verify_audit(session=session)
    if broken is not None:
        err.print(f"error: audit chain broken at event {broken.seq}: {broken.problem}", markup=False)
        raise typer.Exit(1)
    out.print("audit chain intact")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
