"""``breach requests forward`` and ``breach communications list | evidence`` as an operator runs them: delivered
now, per-customer contract hours, refusals as one line with exit code 2 and nothing written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlmodel import Session, select
from typer.testing import CliRunner

from breach.db.models.communications import Communication
from flows import db as flows_db
from flows.cli.communications import register
from flows.cli.evidence import signing_app
from tests.app_db import CLI_ENV, app_database
from tests.db.communications.communication_world import SECRET, T0, customer_with, load
from tests.servers import http_sink


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    env = {
        **CLI_ENV,
        "BREACH_ACK_SECRET": SECRET,
        "BREACH_REQUEST_FORWARD_HOURS_BY_CUSTOMER": json.dumps({"Brouwerij Voorbeeld BV": 4}),
        "BREACH_SIGNING_KEY_FILE": str(tmp_path / "signing.pem"),
    }
    with app_database(monkeypatch, tmp_path / "cli.db", env):
        yield tmp_path


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    app.add_typer(signing_app, name="signing-key")
    return app


def test_forward_delivers_now_lists_it_and_writes_its_evidence(cli: Path) -> None:
    runner = CliRunner()
    request = cli / "request.txt"
    request.write_text("Marie Exemple, marie@exemple.test : merci de rectifier mon adresse.\n", encoding="utf-8")
    with http_sink() as sink:
        with Session(flows_db.get_engine()) as session:
            load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv", language="fr"))
        result = runner.invoke(
            _app(),
            [
                "requests", "forward", str(request),
                "--customer", "Brouwerij Voorbeeld BV",
                "--kind", "rectification",
                "--received-at", "2026-11-02 09:00 Europe/Brussels",
            ],
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        assert "COM-2026-0001: request forwarded to Brouwerij Voorbeeld BV (within 4 h" in result.stdout
        assert "delivered 1" in result.stdout
        assert [r.path for r in sink.received] == ["/bv-privacy"]
        assert "Demande d'une personne concernée" in str(sink.received[0].body)
        assert "marie@exemple.test" not in result.stdout  # the request's text stays out of the terminal
    listed = runner.invoke(_app(), ["communications", "list", "--json"])
    assert listed.exit_code == 0, listed.stderr
    (row,) = json.loads(listed.stdout)["communications"]
    assert (row["reference"], row["state"], row["rule"]) == ("COM-2026-0001", "delivered", "dpa.4.1")
    assert row["due_at"] == "2026-11-02 13:00 CET (+01:00)"  # this customer's 4 contract hours
    assert runner.invoke(_app(), ["signing-key", "create"]).exit_code == 0
    pack = cli / "pack.zip"
    written = runner.invoke(
        _app(), ["communications", "evidence", "COM-2026-0001", "Brouwerij Voorbeeld BV", "--output", str(pack)]
    )
    assert written.exit_code == 0, written.stderr
    assert "1 sent messages" in written.stdout
    assert pack.stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--kind", "deletion", "--received-at", "2026-11-02T09:00+01:00"], "kind"),
        (["--kind", "erasure", "--received-at", "yesterday"], "received_at"),
        (["--kind", "erasure", "--received-at", "2099-01-01T09:00+01:00"], "received_at"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(cli: Path, args: list[str], field: str) -> None:
    request = cli / "request.txt"
    request.write_text("Please erase my data.", encoding="utf-8")
    with http_sink() as sink, Session(flows_db.get_engine()) as session:
        load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        result = CliRunner().invoke(
            _app(), ["requests", "forward", str(request), "--customer", "Brouwerij Voorbeeld BV", *args]
        )
        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: {field}")
        assert len(result.stderr.strip().splitlines()) == 1
        assert session.exec(select(Communication)).all() == []
        assert sink.received == []


def test_an_unknown_customer_is_named(cli: Path) -> None:
    request = cli / "request.txt"
    request.write_text("Please erase my data.", encoding="utf-8")
    result = CliRunner().invoke(
        _app(),
        ["requests", "forward", str(request), "--customer", "Nobody BV", "--kind", "erasure",
         "--received-at", T0.isoformat()],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "customer" in result.stderr


def test_inspections_record_tells_the_service_s_customers_and_refuses_a_bad_action(cli: Path) -> None:
    runner = CliRunner()
    with http_sink() as sink:
        with Session(flows_db.get_engine()) as session:
            load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        base = ["inspections", "record", "--authority", "BE-GBA", "--disclose", "findings", "--service", "mail-hosting"]
        bad = runner.invoke(_app(), [*base, "--action", "raid", "--note", "An order to log access."])
        assert bad.exit_code == 2
        assert bad.stderr.startswith("error: action")
        result = runner.invoke(_app(), [*base, "--action", "measure", "--note", "An order to log access."])
        assert result.exit_code == 0, result.stderr
        assert "delivered 1" in result.stdout
        assert "An order to log access." in str(sink.received[0].body)
    listed = runner.invoke(_app(), ["communications", "list"])
    assert "authority_inspection" in listed.stdout
    assert "ST-" in listed.stdout  # its support task (DPA 5(f)), numbered in the current year
