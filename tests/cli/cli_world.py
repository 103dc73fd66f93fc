"""What the CLI tests share: a runner that answers (exit code, stdout, stderr), the record world closed in a
file database with a command module's clock fixed two days after, and the README's demo folder."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
import typer
from sqlmodel import Session
from typer.testing import CliRunner

from breach.clock import FixedClock
from tests.app_db import CLI_ENV, app_database
from tests.record_world import NOW, build


def invoker(app: typer.Typer) -> Callable[..., tuple[int, str, str]]:
    """Run ``app`` with the given arguments as a person would type them."""
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, list(args))
        return result.exit_code, result.stdout, result.stderr

    return run


@contextmanager
def closed_record_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: ModuleType) -> Iterator[Path]:
    """A file database with the record world in it, closed, and ``command``'s clock fixed two days after."""
    with app_database(monkeypatch, tmp_path / "record.db", CLI_ENV) as engine:
        with Session(engine, expire_on_commit=False) as session:
            build(session, engine, close=True)
        monkeypatch.setattr(command, "clock", FixedClock(NOW + timedelta(days=2)))
        yield tmp_path


ROOT = Path(__file__).resolve().parents[2]
# The README's date: its incident was detected at 09:15 in Brussels and its consultation received at 10:00.
README_NOW = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
DEMO_ENV = {
    "BREACH_OPERATOR": "alice@example.org",
    "BREACH_ACK_SECRET": "readme-test-ack-secret-0123456789abcdef",
    "BREACH_DPO_ALERT_URLS": "spool://internal.example.org/dpo",
    "BREACH_DPO_NAME": "Dana Example",
    "BREACH_DPO_EMAIL": "dpo@cloud.example.org",
    "BREACH_DPO_PHONE": "+32 2 000 00 00",
    "COLUMNS": "200",
}


@pytest.fixture
def demo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty database (the README starts with `breach init`) in a folder with the repository's flows/."""
    (tmp_path / "flows").symlink_to(ROOT / "flows")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BREACH_SPOOL_DIR", str(tmp_path / "spool"))
    # The README creates our signing key and anchors in the working directory, as a newcomer's would be.
    for name in ("BREACH_SIGNING_KEY_FILE", "BREACH_ANCHOR_LOG"):
        monkeypatch.delenv(name, raising=False)
    fixed = FixedClock(README_NOW)
    for name, module in list(sys.modules.items()):
        if (name.startswith("flows.cli.") or name == "flows.runtime") and hasattr(module, "clock"):
            monkeypatch.setattr(module, "clock", fixed)
    from flows.usecases.outbox import deliver_due  # noqa: PLC0415  (after the clock is fixed)

    flow = types.ModuleType("flows.orchestration.incident_flow")
    flow.handle_incident = lambda incident_id: deliver_due(incident_id=incident_id)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "flows.orchestration.incident_flow", flow)
    with app_database(monkeypatch, tmp_path / "breach.db", DEMO_ENV, migrate=False):
        yield tmp_path
