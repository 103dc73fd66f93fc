"""Shared fixtures: databases on SQLite and (where ``BREACH_TEST_POSTGRES_URL`` is set) PostgreSQL.

Each PostgreSQL run works in a fresh schema of its own and drops it at the end, so runs never see each
other's rows. When the variable is set and the server cannot be reached the tests fail; they never skip.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel

from breach.db import schema
from flows.db import make_engine
from tests.harness_sockets import collect_forgiving_harness

# Helpers that assert on behalf of tests (imported by the test modules, after this): pytest explains their
# failures as it does a test's own asserts.
pytest.register_assert_rewrite("tests.rendered_text", "tests.incidents")

# Before anything could import Prefect: no telemetry, and its home (database, result storage) inside
# this test run, never the developer's own.
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
_PREFECT_HOME = tempfile.mkdtemp(prefix="breach-prefect-home-")
atexit.register(shutil.rmtree, _PREFECT_HOME, True)
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")

# The audit chain's key and our evidence signing key, as a deployment keeps them: outside the database.
# Child processes (CLI and server tests) inherit them; a test that needs other keys passes its own.
os.environ.setdefault("BREACH_AUDIT_KEY", "test-only-audit-key-" + secrets.token_hex(16))
# Our DPO's contact, fictional: without it no notice reaches a real contact (the loopback sinks count as real;
# notifications.delivery.dpo_contact). A test of that refusal passes its own values.
os.environ.setdefault("BREACH_DPO_NAME", "Dana Example")
os.environ.setdefault("BREACH_DPO_EMAIL", "dpo@cloud.example.org")
os.environ.setdefault("BREACH_DPO_PHONE", "+32 2 000 00 00")
if "BREACH_SIGNING_KEY_FILE" not in os.environ:
    from flows.evidence.signing import create_key

    _KEYS = tempfile.mkdtemp(prefix="breach-test-keys-")
    atexit.register(shutil.rmtree, _KEYS, True)
    os.environ["BREACH_SIGNING_KEY_FILE"] = str(Path(_KEYS) / "signing-key.pem")
    create_key(Path(os.environ["BREACH_SIGNING_KEY_FILE"]))
    # The watchdog's anchor log, kept out of the working tree.
    os.environ.setdefault("BREACH_ANCHOR_LOG", str(Path(_KEYS) / "anchors.log"))

POSTGRES_URL = os.environ.get("BREACH_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


def _postgres_engine(run_schema: str) -> Engine:
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{run_schema}"'))
    admin.dispose()
    separator = "&" if "?" in POSTGRES_URL else "?"
    return make_engine(f"{POSTGRES_URL}{separator}options=-csearch_path%3D{run_schema}")


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated database per backend for the whole session."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "breach.db"
        eng = make_engine(f"sqlite:///{path}")
        schema.upgrade(eng)
        yield eng
        eng.dispose()
        return
    run_schema = f"breach_test_{os.getpid()}_{secrets.token_hex(4)}"
    eng = _postgres_engine(run_schema)
    try:
        schema.upgrade(eng)
        yield eng
    finally:
        eng.dispose()
        admin = make_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{run_schema}" CASCADE'))
        admin.dispose()


def _wipe(eng: Engine) -> None:
    with eng.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())
        conn.execute(text("INSERT INTO audithead (id, last_seq, last_hash) VALUES (1, 0, :h)"), {"h": "0" * 64})


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    """The session's database, emptied after each test."""
    try:
        yield engine
    finally:
        _wipe(engine)


@pytest.fixture
def session(db: Engine) -> Iterator[Session]:
    with Session(db, expire_on_commit=False) as s:
        yield s


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Before pytest's last garbage sweep (tests.harness_sockets says why)."""
    collect_forgiving_harness()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Flow tests run last: the session-wide Prefect harness leaves background threads (heartbeats, event
    clients) that draw from the global random state, which Hypothesis reports as a flaky strategy."""
    items.sort(key=lambda item: "flow" in item.keywords)
