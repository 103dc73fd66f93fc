"""``breach register`` holds the communications besides a breach (issue 22) after the breach rows, which it leaves
as they were: a ``communications`` list in JSON, a section in Markdown, ``--table communications`` in CSV."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlmodel import Session
from typer.testing import CliRunner

from flows import db as flows_db
from flows.cli import record
from flows.cli.communications import register
from tests.app_db import CLI_ENV, app_database
from tests.db.communications.communication_world import SECRET, customer_with, load
from tests.servers import http_sink


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with app_database(monkeypatch, tmp_path / "cli.db", {**CLI_ENV, "BREACH_ACK_SECRET": SECRET}):
        yield tmp_path


def test_the_register_adds_the_communications(cli: Path) -> None:
    app = typer.Typer()
    register(app)
    record.register(app)
    runner = CliRunner()
    with http_sink() as sink:
        with Session(flows_db.get_engine()) as session:
            load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        recorded = runner.invoke(
            app,
            ["instructions", "record", "--customer", "Brouwerij Voorbeeld BV", "--received-at",
             "2026-11-02T09:00+01:00", "--summary", "Export the newsletter list every night."],
        )  # fmt: skip
        assert recorded.exit_code == 0, recorded.stderr
    as_json = runner.invoke(app, ["register", "--format", "json"])
    assert as_json.exit_code == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert list(document) == ["register", "generated_at", "rows", "communications"]
    assert document["rows"] == []
    (entry,) = document["communications"]
    assert (entry["kind"], entry["rule"], entry["what"], entry["state"]) == (
        "instruction_confirmation", "dpa.9", "INS-2026-0001", "delivered"
    )  # fmt: skip
    assert "newsletter" not in as_json.stdout  # the register lists, it does not repeat what was told
    md = runner.invoke(app, ["register", "--format", "md", "--customer", "Brouwerij Voorbeeld BV"])
    assert "# Communications besides a breach" in md.stdout
    assert "| COM-2026-0001 | instruction_confirmation | Brouwerij Voorbeeld BV | INS-2026-0001 | dpa.9 |" in md.stdout
    breaches_csv = runner.invoke(app, ["register", "--format", "csv"])
    assert breaches_csv.stdout.startswith("reference,title,customer,")
    assert "COM-2026-0001" not in breaches_csv.stdout
    told_csv = runner.invoke(app, ["register", "--format", "csv", "--table", "communications"])
    assert told_csv.stdout.splitlines()[0].startswith("reference,kind,customer,occurred_at,rule,due_at,state")
    assert "COM-2026-0001" in told_csv.stdout
    later = runner.invoke(app, ["register", "--format", "json", "--since", "2026-11-03"])
    assert json.loads(later.stdout)["communications"] == []
    bad = runner.invoke(app, ["register", "--format", "csv", "--table", "notes"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: table:")
