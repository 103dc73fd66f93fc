"""``breach keys create|list|revoke``: the key printed once, stored hashed, listed without it, revoked for good."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlmodel import Session, select
from typer.testing import CliRunner

from breach.db.models.access import ApiKey
from breach.db.models.audit import AuditEvent
from flows import db
from flows.cli import keys as cli_keys
from flows.settings import get_settings
from flows.web import api_keys

runner = CliRunner()
# flows/cli/app.py registers the same group (one line, added by its owner); the test builds its own app meanwhile.
app = typer.Typer()
cli_keys.register(app)


@app.callback()
def _root() -> None:
    """The ``breach`` root, for the keys group alone."""


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh SQLite database for the CLI, initialised, with one customer."""
    monkeypatch.setenv("BREACH_DATABASE_URL", f"sqlite:///{tmp_path / 'keys.db'}")
    monkeypatch.setenv("BREACH_OPERATOR", "alice@example.org")
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    db.init()
    yield tmp_path
    db.get_engine().dispose()
    get_settings.cache_clear()
    db.get_engine.cache_clear()


def test_create_prints_the_key_once_and_stores_its_hash(cli_db: Path) -> None:
    """The key is on stdout alone; the database holds its SHA-256 and prefix, and an audit event names the operator."""
    result = runner.invoke(app, ["keys", "create", "--role", "security", "--holder", "SIEM connector"])
    assert result.exit_code == 0, result.stderr
    key = result.stdout.strip()
    assert key.startswith("brk_")
    assert len(key) == 47
    with Session(db.get_engine()) as session:
        row = session.exec(select(ApiKey)).one()
        assert row.key_hash == api_keys.key_hash(key)
        assert row.prefix == key[4:12]
        event = session.exec(select(AuditEvent).where(AuditEvent.event_type == "api_key.created")).one()
        assert event.actor == "alice@example.org"
    listing = runner.invoke(app, ["keys", "list"])
    assert row.prefix in listing.stdout
    assert key not in listing.stdout


def test_a_customer_key_needs_a_known_customer(cli_db: Path) -> None:
    """A customer key without a customer, or a staff key with one, is refused with exit code 2 naming the field."""
    result = runner.invoke(app, ["keys", "create", "--role", "customer", "--holder", "Jan"])
    assert result.exit_code == 2
    assert "customer" in result.stderr
    result = runner.invoke(app, ["keys", "create", "--role", "root", "--holder", "Jan"])
    assert result.exit_code == 2
    assert "role" in result.stderr


def test_revoke_refuses_the_key_from_then_on(cli_db: Path) -> None:
    """After ``breach keys revoke PREFIX`` the key no longer authenticates; the list shows when it was revoked."""
    key = runner.invoke(app, ["keys", "create", "--role", "dpo", "--holder", "Dana"]).stdout.strip()
    assert runner.invoke(app, ["keys", "revoke", key[4:12]]).exit_code == 0
    with Session(db.get_engine()) as session:
        assert api_keys.authenticate(key, session=session) is None
    assert runner.invoke(app, ["keys", "revoke", "nosuchkey"]).exit_code == 2
