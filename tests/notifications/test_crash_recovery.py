"""Kill the sending process (SIGKILL) at each fault point: nothing is lost, only in-flight notices repeat.

The sender runs in a child process with ``BREACH_FAULT`` set; after it dies, the next run (what the
watchdog does every 5 minutes) finishes the work once the crashed claim's lease has run out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from breach.db.models.outbox import Notice
from breach.vocabulary import NoticeStatus
from flows import db
from flows.usecases.outbox import deliver_due
from tests.app_db import app_database
from tests.factories import customer
from tests.incidents import confirmed_incident
from tests.servers import HttpSink, http_sink

CUSTOMERS = 7
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def crash_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    path = tmp_path / "crash.db"
    env = {"BREACH_SEND_LEASE_SECONDS": "1", "BREACH_BATCH_SIZE": "3", "BREACH_SEND_CONCURRENCY": "1"}
    with app_database(monkeypatch, path, env):
        # The child process is given the same settings, the database among them.
        yield {"BREACH_DATABASE_URL": f"sqlite:///{path}", **env}


def _seed(sink: HttpSink) -> None:
    customers = [customer(f"Klant {i} BV", contacts=[sink.url(f"c{i}")]) for i in range(CUSTOMERS)]
    with db.unit_of_work() as session:
        # On the system clock, which the child process sends by.
        confirmed_incident(session, customers=customers, now=datetime.now(UTC))


def _crashing_sender(env: dict[str, str], point: str) -> int:
    child_env = {**os.environ, **env, "BREACH_FAULT": point}
    code = "from flows.usecases.outbox import deliver_due; deliver_due()"
    command = [sys.executable, "-c", code]
    return subprocess.run(command, env=child_env, cwd=ROOT, timeout=120, check=False).returncode  # noqa: S603


@pytest.mark.parametrize("point", ["after-claim", "mid-batch", "after-send", "between-batches"])
def test_a_killed_sender_loses_nothing(crash_env: dict[str, str], point: str) -> None:
    """After the kill and one more run, every customer holds its notice; repeats are only the in-flight ones."""
    with http_sink() as sink:
        _seed(sink)
        assert _crashing_sender(crash_env, point) == -signal.SIGKILL
        before = Counter(sink.keys())
        time.sleep(1.2)  # the crashed claim's lease runs out
        deliver_due()
        after = Counter(sink.keys())
        with db.unit_of_work() as session:
            notices = session.exec(select(Notice)).all()
        assert {n.status for n in notices} == {NoticeStatus.DELIVERED}
        assert len(after) == CUSTOMERS  # none lost
        repeated = {key for key, count in after.items() if count > 1}
        flagged = {n.notice_key for n in notices if n.possible_duplicate}
        # A repeat happens only for a notice that was in flight, and it is flagged as a possible duplicate.
        assert repeated <= flagged
        assert all(count <= 2 for count in after.values())
        for key in repeated:
            copies = [r for r in sink.received if r.headers.get("X-Breach-Notice-Key") == key]
            assert [c.body["possible_duplicate"] for c in copies] == [False, True]
        if point == "between-batches":
            assert not flagged  # the first batch was settled; the rest was never claimed
            assert sum(before.values()) == 3
        if point == "after-send":
            # Killed before the first group of results was settled: everything sent so far is repeated.
            assert sum(before.values()) >= 1
            assert len(repeated) == sum(before.values())
