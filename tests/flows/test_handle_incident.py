"""``handle_incident`` under Prefect: it delivers, and Prefect sees ids and counts, never personal data."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from breach.db.models.outbox import Notice
from breach.vocabulary import NoticeStatus
from flows import db
from flows.usecases.intake import IncidentDraft
from tests.factories import customer
from tests.incidents import RANSOMWARE, confirmed_incident
from tests.servers import HttpSink, http_sink

# Prefect's HTTP client pool keeps sockets to its temporary server open across asyncio.run() loops; when a
# loop closes they are reported as unraisable ResourceWarnings from Prefect's internals, not from our code.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

SECRET = "s3cr3t-webhook-token"
NARRATIVE = "Ransomware encrypted the mailboxes of Jan Voorbeeld and 1,200 others."


def _seed(sink: HttpSink) -> tuple[str, Any]:
    now = datetime.now(UTC)
    customers = [
        customer(
            "Brouwerij Voorbeeld BV", contacts=[f"{sink.url('contact-nl-hook')}?+Authorization=Bearer%20{SECRET}"]
        ),
        customer("Boulangerie Exemple SA", language="fr", contacts=[sink.url("fr")]),
    ]
    # A person's name in the description and the narrative: what Prefect must never see.
    draft = IncidentDraft("Ransomware", NARRATIVE, ["mail-hosting"], now - timedelta(hours=1))
    narrative = {**RANSOMWARE, "nature": NARRATIVE}
    with db.unit_of_work() as session:
        incident = confirmed_incident(session, customers=customers, now=now, draft=draft, narrative=narrative)
        return incident.reference, incident.id


def _prefect_files() -> bytes:
    """Every file Prefect wrote: its database (the harness keeps it beside the URL) and PREFECT_HOME."""
    from prefect.settings import get_current_settings  # noqa: PLC0415

    settings = get_current_settings()
    url = settings.server.database.connection_url.get_secret_value() if settings.server.database.connection_url else ""
    roots = [Path(settings.home)]
    if "sqlite" in url:
        roots.append(Path(url.split("///", 1)[1]).parent)
    blobs = [p.read_bytes() for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]
    assert blobs, roots
    return b"\n".join(blobs)


async def _prefect_records(flow_run_id: Any) -> str:
    from prefect.client.orchestration import get_client  # noqa: PLC0415
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, LogFilter, LogFilterFlowRunId  # noqa: PLC0415

    async with get_client() as client:
        flow_run = await client.read_flow_run(flow_run_id)
        task_runs = await client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
        logs = await client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
        artifacts = await client.read_artifacts()
    dump: list[Any] = [flow_run.model_dump(mode="json")]
    dump += [t.model_dump(mode="json") for t in task_runs]
    dump += [log.model_dump(mode="json") for log in logs]
    dump += [a.model_dump(mode="json") for a in artifacts]
    return json.dumps(dump)


@pytest.mark.flow
def test_the_flow_delivers_and_prefect_sees_no_personal_data(prefect_harness: None, engine_db: str) -> None:
    """After a real flow run, the sink holds both notices and Prefect's records hold no names, text or secrets."""
    from flows.orchestration.incident_flow import handle_incident  # noqa: PLC0415

    with http_sink() as sink:
        reference, incident_id = _seed(sink)
        state = handle_incident(incident_id, return_state=True)
        assert state.is_completed()
        assert len(set(sink.keys())) == 2
        nl = next(r for r in sink.received if r.path == "/contact-nl-hook")
        assert nl.headers["Authorization"] == f"Bearer {SECRET}"  # the secret reached its target, and only it
    with db.unit_of_work() as session:
        assert {n.status for n in session.exec(select(Notice)).all()} == {NoticeStatus.DELIVERED}
    records = asyncio.run(_prefect_records(state.state_details.flow_run_id))
    stored = _prefect_files()
    assert reference in records  # the run is named after the incident, so the DPO can find it
    assert "breach-register" in records  # the DPO's register table was published
    assert "breach-worklist" in records  # and the worklist beside it
    # Organisation names may appear in the register; a person's data, text, contacts and secrets never.
    for private in (SECRET, "Jan Voorbeeld", "mailboxes", "contact-nl-hook", "Bearer"):
        assert private not in records, private
        # Prefect's own database and its result storage on disk, byte for byte.
        assert private.encode() not in stored, private


@pytest.mark.flow
def test_a_watchdog_run_with_nothing_to_do_is_quick_and_writes_no_artifact(
    prefect_harness: None, engine_db: str
) -> None:
    """An idle watchdog pass reads, sends nothing, and leaves the dashboard alone."""
    from flows.orchestration.watchdog import watch_deadlines  # noqa: PLC0415

    asyncio.run(watch_deadlines())  # warm-up: Prefect's first run in a process pays for its set-up
    artifacts_before = asyncio.run(_artifact_count())
    started = time.perf_counter()
    summary = asyncio.run(watch_deadlines())
    elapsed = time.perf_counter() - started
    assert isinstance(summary, dict)  # a clean pass is Completed with its counts, not a named Failed state
    assert not any(summary.values())
    assert elapsed < 1.0, elapsed
    assert asyncio.run(_artifact_count()) == artifacts_before


async def _artifact_count() -> int:
    from prefect.client.orchestration import get_client  # noqa: PLC0415

    async with get_client() as client:
        return len(await client.read_artifacts())


@pytest.mark.flow
def test_a_rerun_sends_nothing_new(prefect_harness: None, engine_db: str) -> None:
    """Running the flow a second time for the same incident delivers nothing twice."""
    from flows.orchestration.incident_flow import handle_incident  # noqa: PLC0415

    with http_sink() as sink:
        _reference, incident_id = _seed(sink)
        first = handle_incident(incident_id)
        second = handle_incident(incident_id)
        assert (first["delivered"], second["claimed"]) == (2, 0)
        assert len(sink.keys()) == 2
