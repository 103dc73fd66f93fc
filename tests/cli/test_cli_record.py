"""``breach register | retention run | pack`` as a person uses them: files, exit codes, messages."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from flows.cli import record as cli_record
from tests.cli.cli_world import closed_record_world, invoker
from tests.record_world import BREWERY

app = typer.Typer()
cli_record.register(app)


@pytest.fixture
def world_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A file database with the record world in it, closed, and the CLI's clock fixed two days after."""
    with closed_record_world(tmp_path, monkeypatch, cli_record) as path:
        yield path


_run = invoker(app)


def test_register_writes_json_to_stdout_and_csv_to_a_file(world_db: Path) -> None:
    """JSON lists every case; CSV to --output, filtered to one customer, says how many rows."""
    code, out, _ = _run("register", "--format", "json")
    assert code == 0
    assert len(json.loads(out)["rows"]) == 4
    target = world_db / "brewery.csv"
    code, out, _ = _run("register", "--format", "csv", "--customer", BREWERY, "--output", str(target))
    assert (code, "1 register rows written" in out) == (0, True)
    (line,) = csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))
    assert line["customer"] == BREWERY


def test_register_refuses_a_bad_format_status_or_date(world_db: Path) -> None:
    """Each bad option is one line on stderr with exit code 2."""
    assert _run("register", "--format", "xml")[0] == 2
    assert _run("register", "--status", "asleep")[0] == 2
    code, _, err = _run("register", "--since", "yesterday")
    assert (code, "since" in err) == (2, True)


def test_retention_lists_then_treats_then_finds_nothing(world_db: Path) -> None:
    """A dry run lists the closed incident, a run treats it, a second run treats none."""
    code, out, _ = _run("retention", "run", "--days", "0", "--dry-run")
    assert code == 2  # a period of 0 days is refused
    code, out, _ = _run("retention", "run", "--days", "1", "--dry-run")
    assert (code, "BR-2026-0001: closed" in out) == (0, True)
    assert "1 incidents due, nothing removed (dry run)" in out
    code, out, _ = _run("retention", "run", "--days", "1")
    assert (code, "1 incidents treated" in out) == (0, True)
    assert "record of destruction queued for 4 customers" in out
    code, out, _ = _run("retention", "run", "--days", "1")
    assert "0 incidents treated" in out
    code, out, _ = _run("retention", "run", "--days", "1", "--dry-run")
    assert "0 incidents due" in out  # a dry run with nothing to do says so rather than printing nothing


def test_pack_writes_each_format_and_refuses_other_kinds(world_db: Path) -> None:
    """An authority pack in HTML lands in the folder; a prior consultation's pack has its own command."""
    code, out, _ = _run(
        "pack", "BR-2026-0001", BREWERY, "--kind", "authority", "--format", "html", "--output", str(world_db)
    )
    assert code == 0, out
    assert "Ontwerpmelding" in (world_db / "PACK-BR-2026-0001-authority.html").read_text(encoding="utf-8")
    code, out, _ = _run("pack", "BR-2026-0001", BREWERY, "--kind", "subjects", "--format", "json")
    assert (code, json.loads(out)["kind"]) == (0, "subjects")
    code, _, err = _run("pack", "BR-2026-0001", BREWERY, "--kind", "consultation")
    assert (code, "breach consultation pack" in err) == (2, True)
