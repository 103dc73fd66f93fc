"""The scheduled Prefect flows: ``watch_deadlines`` (every 5 minutes) and ``publish_register``.

``watch_deadlines`` sends the reminders and escalations due, re-drives failed notices whose duty stands,
raises customers unreached too long (one alert per incident, ``flows.usecases.unreached``), re-delivers whatever is
due (retries, fallbacks, notices in flight at a crash), warns when no alert channel works, and emits
Prefect events that automations can hang on. A pass that finds a clock overdue, or due within the warning
window and unmet, ends in a named Failed state ("Overdue", red on Prefect's dashboard) with a message that
counts them (``flows.orchestration.verdict``); a clean pass is Completed. It is async because a sync flow
run costs about a second in Prefect's heartbeat alone (DESIGN.md section 4); a run with nothing to do does
no more than read, and writes no artifact. Events and artifacts carry ids, rule ids, references and
organisation names, never personal data of data subjects or contact addresses.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.client.schemas.objects import State
from prefect.events import emit_event
from prefect.states import Failed

from breach.db import repository
from breach.vocabulary import IncidentStatus
from flows import alert_channel, db, runtime
from flows.evidence.audit_anchors import anchor_now
from flows.orchestration.dashboard import REGISTER_KEY, WORKLIST_KEY, incident_markdown, register_rows, worklist_rows
from flows.orchestration.register_view import register_description
from flows.orchestration.verdict import Verdict, verdict
from flows.settings import get_settings
from flows.usecases.communications.reminders import remind
from flows.usecases.escalation import run_escalations
from flows.usecases.outbox import deliver_due
from flows.usecases.unreached import Sweep, sweep
from flows.usecases.watch import open_deadlines, run_reminders

EVENT_FOR = {"reminder": "breach.deadline.due-soon", "escalation": "breach.deadline.overdue"}


def _emit(event: str, resource_id: str, payload: dict[str, Any]) -> None:
    emit_event(event=event, resource={"prefect.resource.id": resource_id}, payload=payload)


def redrive_and_raise() -> Sweep:
    """Failed notices whose duty stands go round again; customers unreached too long, one alert
    (flows.usecases.unreached)."""
    after = timedelta(minutes=get_settings().unreached_after_minutes)
    with db.unit_of_work() as session:
        return sweep(session=session, now=runtime.clock.now(), after=after, language=runtime.internal_language())


def escalate() -> list[dict[str, str]]:
    """Unacknowledged notices climb their customer's chain (breach.notices.escalation)."""
    with db.unit_of_work() as session:
        counts = run_escalations(
            session=session, now=runtime.clock.now(), internal_language=runtime.internal_language()
        )
        # The communications of issue 22 (a forwarded request, a DPO change, an inspection) climb the same chains.
        told = remind(session=session, now=runtime.clock.now(), internal_language=runtime.internal_language())
    return [{"notice_key": str(step["notice_key"]), "step": str(step["step"])} for step in [*counts.steps, *told.steps]]


def attention() -> Verdict | None:
    """What this pass leaves needing a person: overdue clocks and clocks due within the warning window."""
    with db.unit_of_work() as session:
        return verdict(open_deadlines(session=session), now=runtime.clock.now())


@flow(name="watch_deadlines", persist_result=False, log_prints=False)
async def watch_deadlines() -> dict[str, int] | State[dict[str, int]]:
    """Reminders, escalations, overdue marks and re-delivery: one pass; Failed ("Overdue") while a clock needs
    a person, with the pass's counts as its result either way."""
    logger = get_run_logger()
    if (warning := alert_channel.warning(runtime.internal_route().urls)) is not None:
        logger.warning(warning)  # names the setting, never a URL
    with db.unit_of_work() as session:
        sent = run_reminders(session=session, now=runtime.clock.now(), language=runtime.internal_language())
    swept = redrive_and_raise()
    for item in sent:
        _emit(EVENT_FOR[item.kind], f"breach.deadline.{item.deadline_id}", {"rule": item.rule, "key": item.key})
    escalated = escalate()
    for step in escalated:
        _emit("breach.notice.unacknowledged", f"breach.notice.{step['notice_key']}", {"step": step["step"]})
    counts = deliver_due()
    for notice_id in counts.failed_notice_ids:
        _emit("breach.notice.failed", f"breach.notice.{notice_id}", {})
    summary = {
        "redriven": swept.redriven,
        "unreached": swept.raised,
        "reminders": sum(1 for s in sent if s.kind == "reminder"),
        "overdue": sum(1 for s in sent if s.kind == "escalation"),
        "escalations": len(escalated),
        **counts.as_dict(),
    }
    if any(summary.values()):
        logger.info("watchdog: %s", summary)
        publish()
    # The chain's head outside the database, so a later cut is caught (issue 15, finding 6); never logged.
    anchor_now(runtime.clock.now())
    if (found := attention()) is None:
        return summary
    logger.warning("%s: %s", found.name, found.message)
    return Failed(name=found.name, message=found.message, data=summary)


def publish() -> int:
    """Write the register table and a page per open incident; returns the number of pages.

    Each artifact keeps one key, so the key's page in Prefect's UI always shows the newest version.
    """
    settings = get_settings()
    tz, language = settings.dpo_timezone, settings.dpo_language
    now = runtime.clock.now()
    with db.unit_of_work() as session:
        rows = register_rows(session=session, now=now, tz=tz, language=language)
        owed = worklist_rows(session=session, now=now, tz=tz)
        pages = [
            (incident.reference, incident_markdown(incident, session=session, now=now, tz=tz, language=language))
            for incident in repository.list_incidents(session=session)
            if incident.status not in (IncidentStatus.CLOSED, IncidentStatus.DISMISSED, IncidentStatus.WITHDRAWN)
        ]
    create_table_artifact(
        key=REGISTER_KEY, table=rows, description=register_description(rows, now=now, tz=tz, language=language)
    )
    create_table_artifact(
        key=WORKLIST_KEY, table=owed, description="What we owe whom by when, soonest first (`breach worklist`)."
    )
    for reference, markdown in pages:
        create_markdown_artifact(key=f"incident-{reference.lower()}", markdown=markdown, description=reference)
    return len(pages)


@flow(name="publish_register", persist_result=False, log_prints=False)
def publish_register() -> int:
    """Refresh the DPO's dashboard artifacts."""
    return publish()
