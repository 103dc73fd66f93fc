"""A database the application finds through its settings, as the CLI, the services and a child process do.

``get_settings`` and ``flows.db.get_engine`` are cached: a test that points ``BREACH_DATABASE_URL`` at a
file of its own clears both before (or it would talk to the previous test's database) and after (or the
next test would talk to this one's).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import pytest
from sqlalchemy import Engine

from flows import db
from flows.settings import get_settings

# The operator the CLI names as the actor in the audit log, and a terminal wide enough that rich's tables
# do not wrap the text the tests look for.
CLI_ENV: Final[Mapping[str, str]] = {"BREACH_OPERATOR": "alice@example.org", "COLUMNS": "200"}


@contextmanager
def app_database(
    monkeypatch: pytest.MonkeyPatch, path: Path, env: Mapping[str, str] | None = None, *, migrate: bool = True
) -> Iterator[Engine]:
    """A SQLite file at ``path`` (migrated unless ``migrate`` is false) with the variables ``env`` set; its engine."""
    monkeypatch.setenv("BREACH_DATABASE_URL", f"sqlite:///{path}")
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        if migrate:
            db.init()
        yield db.get_engine()
    finally:
        db.get_engine().dispose()
        get_settings.cache_clear()
        db.get_engine.cache_clear()
