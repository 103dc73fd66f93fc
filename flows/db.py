"""The engine's database: one engine per URL, sessions as units of work, schema upgrades."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from breach.db import schema
from breach.records.audit_keys import use_keyring_source
from flows.audit_wiring import settings_keyring
from flows.settings import get_settings

# Every session this process opens writes and verifies the audit chain with the settings' key.
use_keyring_source(settings_keyring)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the CLI, the dashboard) run while a flow writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_lock_for_update(
    _conn: Any, cursor: Any, _statement: str, _parameters: Any, context: Any, _executemany: bool
) -> None:
    """``SELECT … FOR UPDATE`` takes the database's write lock before it reads, as PostgreSQL's row lock would.

    SQLite drops ``FOR UPDATE``, and the driver opens its transaction only at the first write, so two writers
    could both read the audit chain's head (or a case, a claim, a key) and the later one collided with the
    first at its insert: an audit event, and with it its unit of work, lost to ``IntegrityError``. ``BEGIN
    IMMEDIATE`` makes the second writer wait (``busy_timeout``) and then read what the first committed.
    """
    statement = getattr(getattr(context, "compiled", None), "statement", None)
    if getattr(statement, "_for_update_arg", None) is None:
        return
    connection = cursor.connection
    if not connection.in_transaction:
        connection.execute("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "before_cursor_execute", _sqlite_lock_for_update)
        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    return make_engine(url or get_settings().database_url)


@contextmanager
def unit_of_work(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error: nothing half-written."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def init(engine: Engine | None = None) -> str | None:
    """Create or upgrade the schema to the newest migration; return the revision."""
    target = engine or get_engine()
    schema.upgrade(target)
    return schema.current_revision(target)
