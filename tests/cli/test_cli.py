"""The ``breach`` command line as a person uses it: output, exit codes, and nothing half-written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from flows.cli.app import app
from tests.app_db import CLI_ENV, app_database
from tests.cli.cli_world import invoker
from tests.factories import customer, directory


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Not migrated: the tests start with ``breach init``.
    with app_database(monkeypatch, tmp_path / "cli.db", CLI_ENV, migrate=False):
        yield tmp_path


_run = invoker(app)


def _dir_file(path: Path, *customers: dict[str, object]) -> Path:
    target = path / "customers.yaml"
    target.write_text(yaml.safe_dump(directory(*customers)), encoding="utf-8")
    return target


def test_a_command_before_init_says_so(cli_db: Path) -> None:
    """Using the CLI on an empty database points to ``breach init`` with exit code 2."""
    code, _, err = _run("list")
    assert code == 2
    assert "breach init" in err


def test_the_first_session(cli_db: Path) -> None:
    """init, import, list, open, show, dismiss: the ground's whole journey, each answering plainly."""
    assert _run("init")[0] == 0
    code, out, _ = _run("customers", "import", str(_dir_file(cli_db, customer())))
    assert code == 0
    assert "customers 1 new" in out
    code, out, _ = _run("customers", "list")
    assert "Brouwerij Voorbeeld BV" in out
    assert "pw" not in out
    code, out, _ = _run(
        "open",
        "--title",
        "Lost laptop",
        "--description",
        "Unencrypted laptop stolen from a car.",
        "-s",
        "mail-hosting",
        "--detected-at",
        "2026-01-05 09:15 Europe/Brussels",
    )
    assert (code, out.strip()) == (0, f"BR-{_year()}-0001")
    code, out, _ = _run("show", f"BR-{_year()}-0001")
    assert "Lost laptop" in out
    assert "reported by alice@example.org" in out
    assert _run("dismiss", f"BR-{_year()}-0001", "--reason", "Laptop found sealed")[0] == 0
    code, out, _ = _run("audit", "verify")
    assert (code, out.startswith("audit chain intact: ")) == (0, True), out


def _year() -> str:
    return str(datetime.now(UTC).year)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["open", "--title", "t", "--description", "d", "-s", "nope"], "services: unknown service"),
        (
            ["open", "--title", "t", "--description", "d", "-s", "mail-hosting", "--detected-at", "2026-01-05T09:15"],
            "detected_at: a time zone is required",
        ),
        (
            ["open", "--title", "t", "--description", "d", "-s", "mail-hosting", "--detected-at", "2999-01-01T00:00Z"],
            "detected_at: is in the future",
        ),
        (
            ["open", "--title", "t", "--description", "d", "-s", "mail-hosting", "--detected-at", "yesterday"],
            "detected_at: not an ISO 8601",
        ),
        (["dismiss", "BR-1999-0001", "--reason", "x"], "incident: no such incident"),
        (["show", "BR-1999-0001"], "no such incident"),
    ],
)
def test_refusals_exit_2_with_one_line(cli_db: Path, args: list[str], message: str) -> None:
    """Bad input ends with one line naming the field and value, and exit code 2."""
    _run("init")
    _run("customers", "import", str(_dir_file(cli_db, customer())))
    code, _, err = _run(*args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1


def test_a_bad_directory_file_imports_nothing(cli_db: Path) -> None:
    """One bad customer in a file: exit 2, the error names it, and the directory stays empty."""
    _run("init")
    path = _dir_file(cli_db, customer(), customer("Other BV", lead_authority="XX-NOPE"))
    code, _, err = _run("customers", "import", str(path))
    assert code == 2
    assert "customers[1].lead_authority" in err
    assert "Brouwerij" not in _run("customers", "list")[1]
