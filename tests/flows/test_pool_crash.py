"""The work pool path under a real Prefect server: ``breach confirm --no-wait`` hands the run to a process
worker; when the run's process or the worker itself is killed (SIGKILL), the run is marked Crashed, a
re-run is not blocked, every customer ends up with its notice and only the message in flight repeats.

The deployment comes from ``prefect.yaml`` itself (``prefect deploy``), the worker is Prefect's own
(``prefect worker start``), the kill is a fault-injection point (``BREACH_FAULT``) or a SIGKILL sent while
the sink holds a message it received without answering: no timed kills.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest
from sqlmodel import select

from breach.db.models.outbox import Notice
from breach.vocabulary import NoticeStatus
from flows import db
from tests.factories import customer
from tests.incidents import described_incident
from tests.servers import HttpSink, http_sink

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POOL = "breach"
CUSTOMERS = 5
RUN_ID = re.compile(r"flow run ([0-9a-f-]{36})")


def _env(**extra: str) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL  # noqa: PLC0415

    return {
        **os.environ,
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "BREACH_WORKDIR": str(ROOT),
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PREFECT_WORKER_PREFETCH_SECONDS": "5",
        "BREACH_SEND_LEASE_SECONDS": "1",
        "BREACH_BATCH_SIZE": "2",
        "BREACH_SEND_CONCURRENCY": "1",
        "BREACH_RENDER_PROCESSES": "0",
        **extra,
    }


def _run(*args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (fixed argument lists)
        list(args), env=_env(**extra), cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def deployed(prefect_harness: None) -> None:
    """The process pool and ``prefect.yaml``'s handle-incident deployment, on the harness's server."""
    prefect = str(BIN / "prefect")
    pool = _run(prefect, "work-pool", "create", POOL, "--type", "process", "--overwrite")
    assert pool.returncode == 0, pool.stdout + pool.stderr
    deploy = _run(prefect, "--no-prompt", "deploy", "--name", "handle-incident")
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr


@pytest.fixture
def world(deployed: None, engine_db: str) -> Iterator[tuple[HttpSink, str]]:
    with http_sink() as sink:
        customers = [customer(f"Klant {i} BV", contacts=[sink.url(f"c{i}")]) for i in range(CUSTOMERS)]
        with db.unit_of_work() as session:
            # Described, not confirmed: ``breach confirm --no-wait`` is what the test drives.
            reference = described_incident(session, customers=customers, now=datetime.now(UTC)).reference
        yield sink, reference


def _confirm_no_wait(reference: str) -> UUID:
    """``breach confirm --no-wait``: commits, hands the run to the pool and returns without delivering."""
    done = _run(str(BIN / "breach"), "confirm", reference, "--no-wait")
    assert done.returncode == 0, done.stdout + done.stderr
    found = RUN_ID.search(done.stdout.replace("\n", " "))
    assert found is not None, done.stdout
    return UUID(found.group(1))


def _state(run_id: UUID) -> str:
    from prefect.client.orchestration import get_client  # noqa: PLC0415

    with get_client(sync_client=True) as client:
        state = client.read_flow_run(run_id).state
    return state.type.value if state is not None else "NONE"


def _wait_for_state(run_id: UUID, wanted: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    seen = _state(run_id)
    while seen != wanted and time.monotonic() < deadline:
        time.sleep(1)
        seen = _state(run_id)
    return seen


def _processes_of_run(run_id: UUID) -> list[int]:
    """The processes running ``run_id`` (Prefect's worker starts each run in a session of its own)."""
    marker = f"PREFECT__FLOW_RUN_ID={run_id}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                continue
    return found


def _worker_once(**extra: str) -> subprocess.CompletedProcess[str]:
    return _run(str(BIN / "prefect"), "worker", "start", "--pool", POOL, "--run-once", timeout=180, **extra)


def _notices() -> list[Notice]:
    with db.unit_of_work() as session:
        return list(session.exec(select(Notice)).all())


def _assert_recovered(sink: HttpSink) -> None:
    """Every customer holds its notice; a repeat is only of a notice in flight, flagged, at most once.

    Two batches are in flight at once (``BREACH_BATCHES_IN_FLIGHT``), so a kill can catch one message of
    each in flight."""
    notices = _notices()
    assert {n.status for n in notices} == {NoticeStatus.DELIVERED}
    counts = Counter(sink.keys())
    assert set(counts) == {n.notice_key for n in notices}
    assert len(counts) == CUSTOMERS
    repeated = {key for key, count in counts.items() if count > 1}
    assert repeated <= {n.notice_key for n in notices if n.possible_duplicate}
    assert all(count <= 2 for count in counts.values())


@pytest.mark.flow
def test_a_run_whose_process_is_killed_is_crashed_and_a_rerun_delivers(world: tuple[HttpSink, str]) -> None:
    """The flow run's process dies mid-batch: the worker reports Crashed; the next run finishes the work."""
    sink, reference = world
    started = time.monotonic()
    run_id = _confirm_no_wait(reference)
    assert sink.keys() == []  # --no-wait returned before anything was sent
    assert time.monotonic() - started < 60
    assert _state(run_id) == "SCHEDULED"

    _worker_once(BREACH_FAULT="mid-batch")
    assert _wait_for_state(run_id, "CRASHED", 30) == "CRASHED"
    assert 0 < len(set(sink.keys())) < CUSTOMERS

    time.sleep(1.2)  # the killed run's claim lease runs out
    rerun = _confirm_no_wait(reference)  # a second confirm creates nothing and hands the incident over again
    assert rerun != run_id
    _worker_once()
    assert _wait_for_state(rerun, "COMPLETED", 30) == "COMPLETED"
    _assert_recovered(sink)


@pytest.mark.flow
def test_a_killed_worker_leaves_a_run_that_heartbeats_mark_crashed(world: tuple[HttpSink, str]) -> None:
    """SIGKILL to the worker and its run while a message is in flight: no process is left to report, so
    the run stays Running until its heartbeats stop; the automation marks it Crashed (one missed 30 s
    heartbeat here, three in ``make serve``); a re-run delivers the rest and repeats only that message."""
    from prefect.automations import Automation  # noqa: PLC0415

    from flows.orchestration.automations import crashed_runs  # noqa: PLC0415

    sink, reference = world
    automation = crashed_runs(heartbeat_seconds=30, missed=1, name="test: crashed runs, one missed heartbeat")
    created = automation.create()
    assert isinstance(created, Automation)
    try:
        sink.fail_next("ok", "hold")
        run_id = _confirm_no_wait(reference)
        worker = subprocess.Popen(  # noqa: S603  (a fixed argument list)
            [str(BIN / "prefect"), "worker", "start", "--pool", POOL],
            env=_env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            assert sink.holding.wait(timeout=120), "the run never reached the sink"
            running = _processes_of_run(run_id)
            assert running, "the run's process was not found"
        finally:
            # As if the machine died: the worker and the run's own process, with no chance to report.
            os.killpg(worker.pid, signal.SIGKILL)
            for pid in _processes_of_run(run_id):
                os.kill(pid, signal.SIGKILL)
            worker.wait(timeout=30)
        sink.release()
        assert _state(run_id) == "RUNNING"  # nobody is left to say otherwise
        assert _wait_for_state(run_id, "CRASHED", 90) == "CRASHED"
    finally:
        created.delete()

    time.sleep(1.2)
    rerun = _confirm_no_wait(reference)
    _worker_once()
    assert _wait_for_state(rerun, "COMPLETED", 30) == "COMPLETED"
    _assert_recovered(sink)
    counts = Counter(sink.keys())
    repeated = [key for key, count in counts.items() if count > 1]
    assert repeated  # the held message, at least: it arrived, but its sender died before knowing
    for key in repeated:
        copies = [r for r in sink.received if r.headers.get("X-Breach-Notice-Key") == key]
        assert [c.body["possible_duplicate"] for c in copies] == [False, True]


@pytest.mark.flow
def test_the_api_delivers_in_its_own_process_as_a_visible_flow_run(
    world: tuple[HttpSink, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a Prefect server, the API runs handle_incident in a thread of its own process (the first notice
    leaves at once, no worker poll) and the run is on the server, named after the incident."""
    from prefect.client.orchestration import get_client  # noqa: PLC0415
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName  # noqa: PLC0415
    from prefect.settings import PREFECT_API_URL  # noqa: PLC0415

    from flows.usecases.intake import confirm_incident  # noqa: PLC0415
    from flows.web.api.delivery import BackgroundDelivery  # noqa: PLC0415

    sink, reference = world
    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    with db.unit_of_work() as session:
        incident_id = confirm_incident(reference, session=session, actor="api", now=datetime.now(UTC)).incident.id
    delivery = BackgroundDelivery()
    assert delivery(incident_id) == "prefect"
    deadline = time.monotonic() + 60
    while len(set(sink.keys())) < CUSTOMERS and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(set(sink.keys())) == CUSTOMERS
    delivery.close()  # the run's last logs reach the server before the harness stops
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=reference)))
    assert runs, "no flow run named after the incident"
