"""What the CLI tests share: a runner that answers (exit code, stdout, stderr), and the record world closed in a
file database with a command module's clock fixed two days after."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
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
