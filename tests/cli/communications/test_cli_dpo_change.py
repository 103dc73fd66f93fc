"""``breach dpo change`` announces the DPO the settings now name: the announcement and every notice after it
carry the same contact; announcing it again is refused (exit code 2, one line)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlmodel import Session
from typer.testing import CliRunner

from flows import db as flows_db
from flows.cli.communications import register
from tests.app_db import CLI_ENV, app_database
from tests.db.communications.communication_world import SECRET, customer_with, load
from tests.servers import http_sink


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    env = {
        **CLI_ENV,
        "BREACH_ACK_SECRET": SECRET,
        "BREACH_DPO_NAME": "Noor Example",
        "BREACH_DPO_EMAIL": "noor.dpo@cloud.example.org",
        "BREACH_DPO_PHONE": "+32 2 000 00 09",
    }
    with app_database(monkeypatch, tmp_path / "cli.db", env):
        yield tmp_path


def test_dpo_change_tells_everyone_with_the_settings_contact(cli: Path) -> None:
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    with http_sink() as sink:
        with Session(flows_db.get_engine()) as session:
            load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        result = runner.invoke(
            app, ["dpo", "change", "--previous-name", "Dana Example", "--previous-email", "dpo@cloud.example.org"]
        )
        assert result.exit_code == 0, result.stderr
        assert "COM-" in result.stdout
        assert "Noor Example <noor.dpo@cloud.example.org>" in result.stdout
        assert "delivered 1" in result.stdout
        body = str(sink.received[0].body)
        # The announcement's own row and the signature every notice carries name the same, new DPO.
        assert sink.received[0].path == "/bv-privacy"
        assert body.count("noor.dpo@cloud.example.org") >= 2
        assert "Vervangt" in body
        again = runner.invoke(app, ["dpo", "change"])
        assert again.exit_code == 2
        assert again.stderr.startswith("error: dpo: was announced already")
        assert len(sink.received) == 1
