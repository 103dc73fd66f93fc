"""``breach customers``: ``import`` a directory file (the whole file or nothing), ``list`` the directory, and
``authorities``, the supervisory authorities a directory file may name and whom each supervises
(``breach.directory.authorities``), so an operator finds the id for ``lead_authority``. The contact
checks of the group are ``flows.cli.ack``'s."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Column, Table

from breach.db import repository
from breach.directory.authorities import AUTHORITIES
from flows import db, directory_files
from flows.cli.common import JsonFlag, clock, err, handled, out, print_json, print_table
from flows.settings import get_settings
from flows.usecases import directory_import


def customers_import(
    file: Annotated[Path, typer.Argument(help="A directory file: YAML, JSON or CSV.")],
) -> None:
    """Import or update customers (and services, in YAML) from a file; the whole file or nothing."""
    settings = get_settings()
    with handled():
        data, locate = directory_files.read(file)
        with db.unit_of_work() as session:
            summary = directory_import.import_directory(
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
    # Not a refusal: a notice is never held back for a name (it quotes the English one, breach.directory.names),
    # but the operator learns what its customers will read before a notice is due.
    for code, languages in summary.untranslated.items():
        wanted = ", ".join(str(language) for language in languages)
        err.print(
            f"warning: service {code} has no name in {wanted}, which its customers read; their notices quote its"
            f" English name until the directory gives one (name: {{en: ..., {languages[0]}: ...}})",
            markup=False,
        )


def customers_list(as_json: JsonFlag = False) -> None:
    """The directory: who we notify, in which language, under which authority, through which contacts."""
    with handled(), db.unit_of_work() as session:
        table = Table("customer", "role", "lang", "time zone", "authority", "SLA", "contacts", "services")
        rows: list[dict[str, object]] = []
        for customer in repository.list_customers(session=session):
            contacts = repository.contacts_of(customer.id, session=session)
            uses = repository.services_of(customer.id, session=session)
            # Contacts as the table shows them: Apprise's privacy form, never a password or token.
            rows.append(
                {
                    "name": customer.name,
                    "role": customer.role.value,
                    "language": customer.language.value,
                    "timezone": customer.timezone,
                    "lead_authority": customer.lead_authority,
                    "other_authorities": list(customer.other_authorities),
                    "sla_hours": customer.sla_hours,
                    "contacts": [
                        {"position": c.position, "contact": c.display, "detail": c.detail.value} for c in contacts
                    ],
                    "services": [{"code": s.code, "data_subjects": u.data_subjects} for u, s in uses],
                }
            )
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
    if as_json:
        print_json("customers", rows)
        return
    print_table(table, "time zone", "authority")


def authorities(
    country: Annotated[
        str | None, typer.Option(help="Only this country's authorities (ISO code such as DE, ES, BE).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """The authorities' ids, countries, names, filing languages and whom each supervises."""
    table = Table("name", "languages", "supervises", "notified at")
    # The id is what the operator copies into the file: never cut, whatever the terminal's width.
    table.columns.insert(0, Column("id", no_wrap=True, min_width=10))
    table.columns.insert(1, Column("country", no_wrap=True))
    wanted = country.upper() if country else None
    chosen = [a for a in sorted(AUTHORITIES.values(), key=lambda a: (a.country, a.id)) if wanted in (None, a.country)]
    if as_json:
        keys = ("id", "country", "name", "languages", "url")
        print_json(
            "authorities",
            [{**{k: getattr(a, k) for k in keys}, "supervises": a.competence.description} for a in chosen],
        )
        return
    for row in chosen:
        table.add_row(row.id, row.country, row.name, " ".join(row.languages), row.competence.description, row.url)
    print_table(table, "id", "country")


def register(customers: typer.Typer) -> None:
    customers.command("import")(customers_import)
    customers.command("list")(customers_list)
    customers.command("authorities")(authorities)
