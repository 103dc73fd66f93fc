"""``breach tasks`` and ``breach consultation`` as a person uses them: output, files, exit codes, messages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from sqlmodel import Session, col, func, select

from breach.clock import FixedClock
from breach.db.models.audit import AuditEvent
from breach.db.models.support import ConsultationEvent, SupportTask, TaskTimeEntry
from flows import db
from flows.cli import consultation as cli_consultation
from flows.cli import dpo as cli_dpo
from flows.cli import tasks as cli_tasks
from flows.usecases.directory_import import import_directory
from tests.app_db import app_database
from tests.cli.cli_world import invoker
from tests.factories import customer, directory

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=UTC)
BREWERY = "Brouwerij Voorbeeld BV"
BANK = "Bank Voorbeeld NV"

app = typer.Typer()
cli_tasks.register(app)
cli_consultation.register(app)
cli_dpo.register(app)


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh SQLite file with two customers (one a financial entity with DPIA support included)."""
    for module in (cli_tasks, cli_consultation, cli_dpo):
        monkeypatch.setattr(module, "clock", FixedClock(NOW))
    with app_database(monkeypatch, tmp_path / "cli.db", {"BREACH_OPERATOR": "dana@example.org", "COLUMNS": "250"}):
        with db.unit_of_work() as session:
            bank = customer(BANK, financial_entity=True, included_support=["dpia"], contacts=["json://127.0.0.1:9/b"])
            import_directory(directory(customer(BREWERY), bank), session=session, actor="t", now=NOW, source="seed")
        yield tmp_path


_run = invoker(app)


def _count(model: type) -> int:
    with Session(db.get_engine()) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_a_consultation_from_opening_to_its_pack(cli_db: Path) -> None:
    """Open, record receipt and an extension, list it with its deadlines, and write its pack in Dutch."""
    code, out, _ = _run("consultation", "open", BREWERY, "--title", "Loyalty scoring", "--purposes", "Rewards")
    assert code == 0, out
    assert "PC-2025-0001" in out
    assert "support task ST-2025-0001: billable (proposed) under dpa.8.2.extra" in out
    code, out, _ = _run(
        "consultation", "record", "PC-2025-0001", "received", "--at", "2025-03-04 10:00 Europe/Brussels"
    )
    assert code == 0, out
    assert "started gdpr.36.2: due 2025-04-29 23:59:59 CEST (+02:00)" in out
    code, out, _ = _run(
        "consultation",
        "record",
        "pc-2025-0001",
        "extension-announced",
        "--at",
        "2025-03-20T10:00+01:00",
        "--note",
        "complex",
    )
    assert code == 0, out
    assert "moved   gdpr.36.2: due 2025-06-10 23:59:59 CEST (+02:00)" in out
    code, out, _ = _run("consultation", "list", "--format", "json")
    (row,) = json.loads(out)["consultations"]
    assert (row["reference"], row["status"], row["customer"]) == ("PC-2025-0001", "received", BREWERY)
    code, out, _ = _run("consultation", "list")
    assert "2025-06-10 23:59:59 CEST" in out
    code, out, _ = _run("worklist")
    assert "PC-2025-0001" in out
    assert "gdpr.36.2" in out
    code, out, _ = _run("consultation", "pack", "PC-2025-0001", "--format", "html", "--output", str(cli_db))
    assert code == 0, out
    html = (cli_db / "PACK-PC-2025-0001-consultation.html").read_text(encoding="utf-8")
    assert "Voorafgaande raadpleging" in html
    assert "Rewards" in html
    code, out, _ = _run("consultation", "pack", "PC-2025-0001", "--format", "json")
    assert json.loads(out)["extended"] is True


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("consultation", "open", "Nobody BV", "--title", "x"), "no such customer"),
        (("consultation", "open", BREWERY, "--title", "x", "--authority", "XX-NOPE"), "authority"),
        (("consultation", "open", BREWERY, "--title", "x", "--incident", "BR-2025-0099"), "no such incident"),
        (("consultation", "record", "PC-2025-0042", "received"), "no such consultation"),
        (("consultation", "record", "PC-2025-0001", "closed"), "expected one of received"),
        (("consultation", "record", "PC-2025-0001", "received", "--at", "2025-03-04 10:00"), "time zone"),
        (("consultation", "record", "PC-2025-0001", "received", "--days", "3"), "days: not a detail"),
        (("consultation", "record", "PC-2025-0001", "extension-announced"), "record consultation-received first"),
        (("consultation", "record", "PC-2025-0001", "received", "--at", "2025-05-01T10:00+02:00"), "in the future"),
        (("consultation", "list", "--status", "asleep"), "status"),
        (("consultation", "pack", "PC-2025-0001", "--format", "pdf"), "format"),
    ],
)
def test_consultation_refusals_are_one_line_and_exit_2(cli_db: Path, args: tuple[str, ...], problem: str) -> None:
    """Each bad input names its field on stderr; nothing more is written."""
    assert _run("consultation", "open", BREWERY, "--title", "Loyalty scoring")[0] == 0
    before = (_count(AuditEvent), _count(ConsultationEvent))
    code, _, err = _run(*args)
    assert code == 2, err
    assert problem in err
    assert len(err.strip().splitlines()) == 1
    assert (_count(AuditEvent), _count(ConsultationEvent)) == before


def test_tasks_are_added_logged_decided_and_listed(cli_db: Path) -> None:
    """Add two tasks, log time on one, confirm and clear billing, move a status; list and filter them."""
    code, out, _ = _run(
        "tasks",
        "add",
        "--kind",
        "dpia",
        "--title",
        "DPIA review",
        "--customer",
        BANK,
        "--due",
        "2025-04-10T12:00+02:00",
    )
    assert (code, out.strip()) == (0, "ST-2025-0001: not billable (proposed) under dpa.8.2.included")
    code, out, _ = _run(
        "tasks",
        "add",
        "--kind",
        "evidence",
        "--title",
        "Log export",
        "--customer",
        BREWERY,
        "--due",
        "2025-04-03T12:00+02:00",
    )
    assert "billable (proposed) under dpa.8.2.extra" in out
    for minutes in ("45", "30"):
        code, out, _ = _run("tasks", "log", "ST-2025-0002", minutes, "--note", "exported logs")
        assert code == 0, out
    assert "1:15 in total" in out
    code, out, _ = _run("tasks", "billable", "ST-2025-0002", "confirm", "--reason", "outside the service description")
    assert "billable (confirmed) by dana@example.org" in out
    assert _run("tasks", "status", "ST-2025-0001", "in_progress")[0] == 0
    code, out, _ = _run("tasks", "--format", "json")
    rows = json.loads(out)["tasks"]
    assert [(r["reference"], r["minutes"], r["billable"]) for r in rows] == [
        ("ST-2025-0002", 75, True),
        ("ST-2025-0001", 0, False),
    ]
    assert rows[0]["decision_reason"] == "outside the service description"
    code, out, _ = _run("tasks", "--billable", "no")
    assert "ST-2025-0001" in out
    assert "ST-2025-0002" not in out
    code, out, _ = _run("tasks", "list", "--status", "in_progress", "--customer", BANK)
    assert "DPIA review" in out
    code, out, _ = _run("tasks", "show", "ST-2025-0002")
    assert "exported logs" in out
    assert "1:15" in out
    with Session(db.get_engine()) as session:
        decided = session.exec(select(AuditEvent).where(AuditEvent.event_type == "task.billable_confirmed")).one()
        assert decided.actor == "dana@example.org"
        logged = session.exec(select(func.count()).where(col(AuditEvent.event_type) == "task.time_logged")).one()
        assert logged == 2


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("tasks", "add", "--kind", "coffee", "--title", "x"), "kind: expected one of"),
        (("tasks", "add", "--kind", "dpia", "--title", "  "), "title: must not be empty"),
        (("tasks", "add", "--kind", "dpia", "--title", "x", "--due", "tomorrow"), "due"),
        (("tasks", "log", "ST-2025-0001", "0", "--note", "x"), "minutes"),
        (("tasks", "log", "ST-2025-0001", "2000", "--note", "x"), "minutes"),
        (("tasks", "log", "ST-2025-0009", "10", "--note", "x"), "no such task"),
        (("tasks", "status", "ST-2025-0001", "finished"), "status: expected one of"),
        (("tasks", "billable", "ST-2025-0001", "confirm", "--reason", " "), "reason: must not be empty"),
        (("tasks", "billable", "ST-2025-0001", "maybe", "--reason", "x"), "decision"),
        (("tasks", "--billable", "perhaps"), "billable: expected yes or no"),
        (("tasks", "--format", "xml"), "format"),
    ],
)
def test_task_refusals_are_one_line_and_exit_2(cli_db: Path, args: tuple[str, ...], problem: str) -> None:
    """Each bad input names its field on stderr; no entry, decision or event is written."""
    assert _run("tasks", "add", "--kind", "other", "--title", "Call the customer")[0] == 0
    before = (_count(AuditEvent), _count(TaskTimeEntry), _count(SupportTask))
    code, _, err = _run(*args)
    assert code == 2, err
    assert problem in err
    assert (_count(AuditEvent), _count(TaskTimeEntry), _count(SupportTask)) == before


def test_a_cancelled_task_stays_cancelled(cli_db: Path) -> None:
    """The status table's refusal is one line naming what is allowed."""
    _run("tasks", "add", "--kind", "other", "--title", "Call the customer")
    assert _run("tasks", "status", "ST-2025-0001", "cancelled")[0] == 0
    code, _, err = _run("tasks", "status", "ST-2025-0001", "open")
    assert code == 2
    assert "cannot go from 'cancelled' to 'open'" in err
