"""The watchdog anchors the audit chain's head outside the database on each run the head has moved."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from breach.records.store import audit
from flows import db
from flows.settings import get_settings

# As in the other flow tests: Prefect's client leaves a socket to the harness's server for the garbage
# collector to close, which pytest reports in whichever test is running then.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.mark.flow
def test_each_watchdog_run_anchors_a_moved_head_once(prefect_harness: None, engine_db: str, tmp_path: Path) -> None:
    """Two runs with one head give one anchor line; a new event and a third run give a second."""
    from flows.orchestration.watchdog import watch_deadlines  # noqa: PLC0415

    log = Path(get_settings().anchor_log)
    log.unlink(missing_ok=True)

    def step(number: int) -> None:
        with db.unit_of_work() as session:
            at = datetime(2026, 3, 2, 9, number, tzinfo=UTC)
            audit.append(session=session, event_type="test.step", actor="auditor@example.org", at=at)

    async def runs() -> None:
        # One event loop for the three runs: Prefect's client keeps its connection for the loop's life.
        step(1)
        await watch_deadlines()
        await watch_deadlines()
        step(2)
        await watch_deadlines()

    asyncio.run(runs())
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    with db.unit_of_work() as session:
        head = audit.head_of(session=session)
    assert head is not None
    assert [line["seq"] for line in lines] == [head[0] - 1, head[0]]
    assert lines[-1]["hash"] == head[1]
