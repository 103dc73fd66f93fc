"""One Prefect test harness for the whole session (about 12 s to enter: DESIGN.md section 4)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.harness_sockets import HARNESS_PORTS, collect_forgiving_harness


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.settings import PREFECT_API_URL  # noqa: PLC0415
    from prefect.testing.utilities import prefect_test_harness  # noqa: PLC0415  (only flow tests pay for it)

    with prefect_test_harness(server_startup_timeout=120):
        port = urlsplit(str(PREFECT_API_URL.value())).port
        if port is not None:
            HARNESS_PORTS.add(port)
        yield
    collect_forgiving_harness()


@pytest.fixture
def engine_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite engine database that the flow's own sessions find through the settings."""
    from tests.app_db import app_database  # noqa: PLC0415

    path = tmp_path / "flow.db"
    with app_database(monkeypatch, path):
        yield f"sqlite:///{path}"
