"""The ``breach`` command line: thin, over ``flows.usecases.intake`` (the HTTP API calls the same).

Every refusal is one line on stderr naming the field and the value, with exit code 2, and nothing written.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer
from rich.table import Table
from sqlmodel import Session

from breach.db import repository
from breach.db.models.incidents import Deadline, Incident
from breach.deadlines import store as tracking
from breach.deadlines.status import format_local
from breach.errors import InvalidInput
from breach.incidents.store.recorded import unaffected_customer_ids
from breach.risk.assessment import RiskAssessment
from breach.vocabulary import CustomerRole, Language
from flows import db, runtime
from flows.cli import ack as cli_ack
from flows.cli import chain as cli_chain
from flows.cli import check as cli_check
from flows.cli import communications as cli_communications
from flows.cli import consultation as cli_consultation
from flows.cli import customers as cli_customers
from flows.cli import deadlines as cli_deadlines
from flows.cli import dpo as cli_dpo
from flows.cli import evidence as cli_evidence
from flows.cli import keys as cli_keys
from flows.cli import lifecycle as cli_lifecycle
from flows.cli import nis2 as cli_nis2
from flows.cli import record as cli_record
from flows.cli import tasks as cli_tasks
from flows.cli.common import JsonFlag, clock, err, handled, out, print_json, print_table
from flows.cli.progress import first_notice_counts, run_with_progress
from flows.risk_wiring import assess_for_customer, assessor
from flows.settings import get_settings
from flows.timeparse import parse_instant
from flows.usecases import intake
from flows.usecases.facts import override_risk, read_facts_file, record_facts
from flows.usecases.outbox import pending
from flows.usecases.unreached import redrive_failed

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Personal data breach notification engine.")
customers_app = typer.Typer(no_args_is_help=True, help="The controller directory: our customers and contacts.")
audit_app = typer.Typer(no_args_is_help=True, help="The append-only, keyed audit chain and its anchors.")
app.add_typer(customers_app, name="customers")
app.add_typer(audit_app, name="audit")


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
        draft = intake.IncidentDraft(
            title=title,
            description=description,
            services=service,
            detected_at=parse_instant(detected_at, "detected_at") if detected_at else now,
            occurred_at=parse_instant(occurred_at, "occurred_at") if occurred_at else None,
        )
        with db.unit_of_work() as session:
            incident = intake.open_incident(draft, session=session, actor=settings.operator, now=now)
    out.print(incident.reference)


@app.command(epilog=cli_lifecycle.EXIT_CODES)
def confirm(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    aware_at: Annotated[
        str | None,
        typer.Option(
            help="When we became aware (default: when our sub-processor's notice reached us, else now),"
            " ISO time with offset or with a zone."
        ),
    ] = None,
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="Deliver in this process (default) or hand the run to the pool.")
    ] = True,
    fallback_language: Annotated[
        Language | None,
        typer.Option(
            help="Send texts not yet written in a customer's language in this one: the notice says a translation"
            " follows, and a support task to send it is queued."
        ),
    ] = None,
) -> None:
    """Confirm a personal data breach: every affected customer is notified now, in its own language.

    Refused while a text is not written in an affected customer's language, unless --fallback-language.
    """
    settings = get_settings()
    cli_check.warn_alert_channel()
    with handled():
        now = clock.now()
        aware = parse_instant(aware_at, "aware_at") if aware_at else None
        with db.unit_of_work() as session:
            result = intake.confirm_incident(
                reference,
                session=session,
                actor=settings.operator,
                now=now,
                aware_at=aware,
                assessor=assessor(),
                dpo=runtime.sender(settings).dpo,
                fallback_language=fallback_language,
            )
            # Confirming again sends what is still owed: notices left failed go round their contacts again.
            again = (
                redrive_failed(session=session, now=now, incident_id=result.incident.id)
                if result.already_confirmed
                else 0
            )
    fan = result.fanout
    if result.already_confirmed:
        out.print(
            f"{reference} was already confirmed; new cases: {fan.cases_created}, new notices: {fan.notices_created}"
            + (f", failed notices sent again: {again}" if again else "")
        )
    else:
        out.print(f"{reference} confirmed: {fan.affected} affected customers, {fan.notices_created} notices queued")
    if result.translation_task is not None:
        out.print(f"texts still owed in a customer's language: support task {result.translation_task} queued")
    if not wait:
        from flows.orchestration.deployments import submit_handle_incident  # noqa: PLC0415  (Prefect costs seconds to import)

        with handled():
            run_id = submit_handle_incident(result.incident.id)
        out.print(f"handed to the work pool as flow run {run_id}; follow it with `breach show {reference}`")
        return
    from flows.orchestration.incident_flow import handle_incident  # noqa: PLC0415  (Prefect costs seconds to import)

    with handled():
        run_with_progress(result.incident.id, lambda: handle_incident(result.incident.id), out)
        delivered, failed, total = first_notice_counts(result.incident.id)
    out.print(f"{delivered} of {total} customers notified, {failed} failed")
    show(reference)
    # Non-zero while this incident's notices are still owed (README "Exit codes"); the watchdog goes on.
    with handled(), db.unit_of_work() as session:
        left = pending(session=session, incident_id=result.incident.id)
    if left.exit_code:
        err.print(left.describe() + "; see `breach outbox list`", markup=False)
        raise typer.Exit(left.exit_code)


@app.command()
def dismiss(
    reference: Annotated[str, typer.Argument(help="The incident reference, e.g. BR-2026-0001.")],
    reason: Annotated[str, typer.Option(help="Why this is not a personal data breach (kept in the record).")],
) -> None:
    """Close an incident that is not a personal data breach, with the reason."""
    settings = get_settings()
    with handled(), db.unit_of_work() as session:
        incident = intake.dismiss_incident(reference, reason, session=session, actor=settings.operator, now=clock.now())
    out.print(f"{incident.reference} dismissed")


@app.command("list")
def list_incidents(as_json: JsonFlag = False) -> None:
    """Incidents, newest first."""
    with handled(), db.unit_of_work() as session:
        found = [
            (incident, [s.code for s in repository.incident_services(incident.id, session=session)])
            for incident in repository.list_incidents(session=session)
        ]
    if as_json:
        keys = ("reference", "status", "title", "detected_at", "aware_at")
        print_json("incidents", [{**{k: getattr(i, k) for k in keys}, "services": codes} for i, codes in found])
        return
    table = Table("reference", "status", "title", "detected", "aware", "services")
    for incident, codes in found:
        table.add_row(
            incident.reference,
            incident.status.value,
            incident.title,
            _when(incident.detected_at),
            _when(incident.aware_at),
            " ".join(codes),
        )
    print_table(table, "reference")


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
        cli_chain.print_block(incident, session)
        if incident.dismissal_reason:
            out.print(f"dismissed   {incident.dismissal_reason}", markup=False)
        out.print(incident.description, markup=False)
        _print_cases(incident, session)
        cli_nis2.print_block(incident, session)


def _local(value: datetime | None, tz: str) -> str:
    return format_local(value, tz) if value is not None else "—"


def _print_cases(incident: Incident, session: Session) -> None:
    """Who was told, when, through which contact, and each one's own clock in its own time zone."""
    cases = repository.cases_of(incident.id, session=session)
    if not cases:
        return
    notices = {n.case_id: n for n in repository.first_notices(incident.id, session=session)}
    contacts = repository.contacts_by_id([n.contact_id for n in notices.values() if n.contact_id], session=session)
    clocks: dict[tuple[UUID | None, str], Deadline] = {
        (d.case_id, d.rule): d for d in tracking.deadlines_of(session=session, incident_id=incident.id)
    }
    table = Table("customer", "lang", "notice", "through", "delivered (their time)", "their deadline", "risk")
    for case, customer in cases:
        notice = notices.get(case.id)
        contact = contacts.get(notice.contact_id) if notice and notice.contact_id else None
        own = clocks.get((case.id, "gdpr.33.1"))
        sla = clocks.get((case.id, "dpa.8.1b"))
        if customer.role is CustomerRole.PROCESSOR:
            deadline = "passes it on (Art. 33(2))"
        elif own is not None:
            deadline = f"authority: {_local(own.due_at, customer.timezone)}"
        else:
            deadline = f"not started; our SLA: {_local(sla.due_at if sla else None, customer.timezone)}"
        risk = (case.override or case.assessment or {}).get("risk", "—")
        table.add_row(
            customer.name,
            customer.language.value,
            notice.status.value if notice else "—",
            contact.display if contact else "—",
            _local(notice.delivered_at if notice else None, customer.timezone),
            deadline,
            str(risk),
        )
    print_table(table)
    unaffected = unaffected_customer_ids(incident, session=session)
    if unaffected:
        names = repository.customers_by_id(unaffected, session=session)
        out.print("not affected (no affected service): " + ", ".join(sorted(c.name for c in names.values())))


@app.command()
def facts(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    file: Annotated[Path, typer.Argument(help="YAML or JSON: BreachFacts, or 'facts' and 'narrative' sections.")],
) -> None:
    """Record what is known: the structured facts and the narrative; every case is re-assessed.

    The narrative may name the DPA appendix measures that failed (``failed_measures``, ids of breach.risk.measures
    such as electronic_access or rapid_recovery): the DPIA support pack reports them.
    """
    settings = get_settings()
    with handled():
        data = read_facts_file(file)
        with db.unit_of_work() as session:
            update = record_facts(
                reference,
                data,
                session=session,
                actor=settings.operator,
                now=clock.now(),
                internal_language=runtime.internal_language(settings),
            )
        out.print(f"{reference}: facts recorded; {len(update.reassessed)} cases re-assessed")
        cli_lifecycle.deliver_and_report()
    for worse in update.worsened:
        err.print(f"warning: {worse.customer}: risk rose from {worse.before} to {worse.after}", markup=False)
    if (wanted := update.wanted) is not None:
        err.print(wanted.sentence(), markup=False)


@app.command()
def assess(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    override: Annotated[
        str | None, typer.Option(help="DPO override of our recommendation: risk=unlikely|risk|high.")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why the DPO overrides (kept in the record).")] = None,
    customer: Annotated[str | None, typer.Option(help="Override one customer's case only.")] = None,
) -> None:
    """Show our risk recommendation (EDPB factors, ENISA score beside it), or override it with a reason."""
    settings = get_settings()
    with handled():
        if override is not None:
            key, _, value = override.partition("=")
            if key != "risk":
                raise InvalidInput("override", override, "expected risk=unlikely|risk|high")
            with db.unit_of_work() as session:
                changed = override_risk(
                    reference,
                    value,
                    reason or "",
                    session=session,
                    actor=settings.operator,
                    now=clock.now(),
                    customer=customer,
                )
            out.print(
                f"{reference}: our recommendation is now risk={value} ({changed} cases); recorded in the audit log"
            )
            return
        with db.unit_of_work() as session:
            incident = repository.incident_by_reference(reference, session=session)
            if incident.facts is None:
                raise InvalidInput("facts", None, f"no facts recorded for {reference} yet (use `breach facts`)")
            _print_assessment("incident as a whole", assess_for_customer(incident.facts, 0), incident.risk_override)
            for case, cust in repository.cases_of(incident.id, session=session):
                if case.assessment is not None:
                    _print_assessment(cust.name, case.assessment, case.override)


def _print_assessment(title: str, assessment: dict[str, object], override: dict[str, object] | None) -> None:
    result = RiskAssessment.model_validate(assessment)
    out.print(f"[bold]{title}[/bold]: risk {result.risk}, ENISA severity {result.severity} ({result.severity_score})")
    subjects = f"yes ({result.data_subject_channel})" if result.notify_data_subjects else "no"
    exemption = f"; exemption Art. {result.exemption}" if result.exemption else ""
    authority = "yes" if result.notify_authority else "no"
    out.print(f"  notify the authority: {authority}; tell the data subjects: {subjects}{exemption}")
    for item in result.reasons:
        out.print(f"  - {item.english()} [{item.source}]", markup=False)
    if override:
        out.print(f"  DPO override: risk {override['risk']} by {override['by']}: {override['reason']}", markup=False)
    out.print(f"  rule set {result.ruleset_version}; a recommendation: the controller decides", markup=False)


# After the core commands, so `breach --help` lists the daily journey first.
cli_deadlines.register(app)
cli_lifecycle.register(app)
cli_dpo.register(app)
cli_ack.register(app)
cli_customers.register(customers_app)
cli_communications.register_customers(customers_app)
cli_ack.register_customers(customers_app)
cli_keys.register(app)
cli_record.register(app)
cli_evidence.register(app, audit_app)
cli_tasks.register(app)
cli_consultation.register(app)
cli_check.register(app)
cli_chain.register(app)
cli_nis2.register(app)
cli_communications.register(app)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
