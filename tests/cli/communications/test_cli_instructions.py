"""``breach instructions record | concern | answer | list | show`` (DPA clause 9): an oral instruction is sent back
for written confirmation at once, our concern suspends it, the customer's written answer is recorded; and
``breach customers end-contract`` (10(2)); bad input is one line naming the field, exit code 2, nothing written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlmodel import Session, select
from typer.testing import CliRunner

from breach.db.models.communications import Instruction
from flows import db as flows_db
from flows.cli.communications import register, register_customers
from tests.app_db import CLI_ENV, app_database
from tests.db.communications.communication_world import SECRET, customer_with, load
from tests.servers import http_sink


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with app_database(monkeypatch, tmp_path / "cli.db", {**CLI_ENV, "BREACH_ACK_SECRET": SECRET}):
        yield tmp_path


def test_record_concern_answer_list_and_show(cli: Path) -> None:
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    summary = cli / "instruction.txt"
    summary.write_text("Export the newsletter list to the new mailing platform every night.", encoding="utf-8")
    with http_sink() as sink:
        with Session(flows_db.get_engine()) as session:
            load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        record = ["instructions", "record", "--customer", "Brouwerij Voorbeeld BV", "--summary", f"@{summary}"]
        bad = runner.invoke(app, [*record, "--received-at", "2999-01-01T10:00+01:00"])
        assert bad.exit_code == 2
        assert bad.stderr.startswith("error: received_at:")
        with Session(flows_db.get_engine()) as session:
            assert session.exec(select(Instruction)).all() == []
        result = runner.invoke(app, [*record, "--received-at", "2026-11-02T09:00+01:00", "--given-by", "Jan Voorbeeld"])
        assert result.exit_code == 0, result.stderr
        assert "INS-2026-0001: instruction of Brouwerij Voorbeeld BV recorded: written confirmation" in result.stdout
        assert "delivered 1" in result.stdout
        (got,) = sink.received
        assert got.path == "/bv-privacy"
        assert "Gelieve de mondelinge instructie van Brouwerij Voorbeeld BV schriftelijk te bevestigen" in str(got.body)
        concern = runner.invoke(
            app, ["instructions", "concern", "INS-2026-0001", "--reasons", "No legal ground for it.", "--suspend"]
        )
        assert concern.exit_code == 0, concern.stderr
        assert "the instruction is suspended" in concern.stdout
        assert "No legal ground for it." in str(sink.received[-1].body)
        answered = runner.invoke(
            app, ["instructions", "answer", "INS-2026-0001", "--state", "withdrawn", "--by", "Jan Voorbeeld"]
        )
        assert answered.exit_code == 0, answered.stderr
        listed = runner.invoke(app, ["instructions", "list", "--json"])
        (row,) = json.loads(listed.stdout)["instructions"]
        assert (row["state"], row["awaiting_customer"]) == ("withdrawn", False)
        assert row["asked"] == "COM-2026-0001"
        assert row["told"] == "COM-2026-0002"
        shown = runner.invoke(app, ["instructions", "show", "INS-2026-0001"])
        assert shown.exit_code == 0, shown.stderr
        for event in ("instruction.recorded", "instruction.suspended", "instruction.concern", "instruction.withdrawn"):
            assert event in shown.stdout
        again = runner.invoke(app, ["instructions", "answer", "INS-2026-0001", "--state", "confirmed", "--by", "X"])
        assert again.exit_code == 2
        assert again.stderr.startswith("error: status: cannot go from 'withdrawn' to 'confirmed'")


def test_end_contract_sends_the_record_of_destruction(cli: Path) -> None:
    """``breach customers end-contract`` (DPA clause 10(2)): every service accounted for, the log only hashed."""
    customers = typer.Typer()
    customers.callback()(lambda: None)  # a group, as `breach customers` is, not a lone command
    register_customers(customers)
    runner = CliRunner()
    log = cli / "wipe.log"
    log.write_text("mail-hosting: 1204 mailboxes of jan@voorbeeld.test and others wiped\n", encoding="utf-8")
    with http_sink() as sink:
        with Session(flows_db.get_engine()) as session:
            load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        base = ["end-contract", "Brouwerij Voorbeeld BV", "--action", "destroyed", "--ended-at", "2026-11-01T00:00Z"]
        missing = runner.invoke(customers, [*base, "--service", "mail-hosting"])
        assert missing.exit_code == 2
        assert missing.stderr.startswith("error: service: expected CODE=RECORDS")
        done = runner.invoke(customers, [*base, "--service", "mail-hosting=1204", "--log", str(log)])
        assert done.exit_code == 0, done.stderr
        assert "COM-2026-0001: the record of destruction goes to Brouwerij Voorbeeld BV" in done.stdout
        (got,) = sink.received
        assert got.path == "/bv-privacy"
        assert "jan@voorbeeld.test" not in str(got.body)
        assert "Teruggave of vernietiging" in str(got.body)
