"""The application as ``breach serve`` builds it, from the environment, for tests that serve it on a loopback port.

``served_environment`` points that environment at the test database and a loopback HTTP sink and leaves no
cached settings or engine behind; ``seed_with_security_key`` puts the test's customers in the directory;
``wait_for`` waits for what the server's background delivery thread does after it answered.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from flows.db import get_engine
from flows.settings import get_settings
from flows.usecases.directory_import import import_directory
from flows.web import api_keys
from tests.factories import directory
from tests.servers import HttpSink


@contextmanager
def served_environment(engine: Engine, sink: HttpSink, base: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The environment ``breach serve`` reads, pointing at ``engine``'s database, with our DPO's alerts to the sink."""
    url = engine.url.render_as_string(hide_password=False)
    for name, value in {
        "BREACH_DATABASE_URL": url,
        "BREACH_ACK_SECRET": "served-test-secret-0123456789-abcdefghij",
        "BREACH_PUBLIC_URL": base,
        "BREACH_PROCESSOR_NAME": "Example Cloud Services BV",
        "BREACH_DPO_EMAIL": "dpo@cloud.example.org",
        "BREACH_DPO_ALERT_URLS": sink.url("dpo"),
        # Render in the sending thread: no worker process to start for a few notices.
        "BREACH_RENDER_PROCESSES": "0",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    # Read this environment, not settings or an engine an earlier test left cached (flows.db keeps one engine
    # per URL, and one for "the configured database", which the delivery thread uses).
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        yield
    finally:
        for cached in (get_engine(url), get_engine()):
            cached.dispose()
        get_settings.cache_clear()  # and no later test reads ours
        get_engine.cache_clear()


def seed_with_security_key(engine: Engine, entries: Sequence[dict[str, Any]]) -> str:
    """The directory of ``entries`` (``tests.factories.customer``), imported a day ago; a security key."""
    now = datetime.now(UTC) - timedelta(days=1)
    with Session(engine, expire_on_commit=False) as session:
        import_directory(directory(*entries), session=session, actor="setup", now=now, source="test")
        _row, key = api_keys.create_key(
            session=session, role="security", holder="SIEM connector", customer=None, actor="setup", now=now
        )
        session.commit()
    return key


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    """Whether ``condition`` holds within ``seconds``, polled every 50 ms."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
