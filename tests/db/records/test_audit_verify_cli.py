"""``breach audit verify`` and ``breach audit anchor`` on the command line: the first broken event named, a cut
caught by the anchor log and by a notice, and no work without an audit key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from breach.db.models.audit import AuditHead
from flows.cli.app import app
from tests.app_db import app_database
from tests.db.records.audit_forgery import (
    cut_short,
    edit,
    write_chain,
)


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    env = {"BREACH_ANCHOR_LOG": str(tmp_path / "anchors.log")}
    with app_database(monkeypatch, tmp_path / "audit.db", env) as engine:
        yield engine


def test_the_cli_names_the_first_broken_event(cli_db: Engine) -> None:
    """``breach audit verify`` says intact (warning that nothing is anchored yet), then after an edit exits 1
    naming event 3."""
    with Session(cli_db) as session:
        write_chain(session)
    runner = CliRunner()
    result = runner.invoke(app, ["audit", "verify"])
    assert (result.exit_code, "intact" in result.stdout) == (0, True)
    assert "no anchor log yet" in result.stderr  # said, not failed: a new install has not anchored yet
    with cli_db.begin() as conn:
        edit(conn)
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "broken at event 3" in result.stderr


def test_the_cli_catches_a_cut_with_the_anchor_log_and_a_notice(cli_db: Engine, tmp_path: Path) -> None:
    """``breach audit anchor`` then a cut: verify fails on the anchor log and on a notice's ``audit_head``."""
    with Session(cli_db) as session:
        write_chain(session)
        head = session.get(AuditHead, 1)
        assert head is not None
        notice = tmp_path / "notice.json"
        notice.write_text(f'{{"notice_key": "N-1", "audit_head": {{"seq": 5, "hash": "{head.last_hash}"}}}}')
    runner = CliRunner()
    anchored = runner.invoke(app, ["audit", "anchor"])
    assert (anchored.exit_code, "anchored at event 5" in anchored.stdout) == (0, True), anchored.output
    with cli_db.begin() as conn:
        cut_short(conn)
    (tmp_path / "anchors.log").rename(tmp_path / "copy.log")
    by_log = runner.invoke(app, ["audit", "verify", "--anchors", str(tmp_path / "copy.log")])
    assert by_log.exit_code == 1
    assert re.search(r"broken at event 5: the chain ends at event 3 but .*copy.log line 1", by_log.stderr)
    by_notice = runner.invoke(app, ["audit", "verify", "--anchors", str(notice)])
    assert by_notice.exit_code == 1
    assert "notice's audit_head" in by_notice.stderr


def test_the_cli_refuses_to_work_without_an_audit_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no audit key the chain is neither written nor verified: exit 2 naming BREACH_AUDIT_KEY."""
    with app_database(monkeypatch, tmp_path / "nokey.db", {"BREACH_AUDIT_KEY": ""}):
        result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 2
    assert "BREACH_AUDIT_KEY" in result.stderr
    assert "Traceback" not in result.output
