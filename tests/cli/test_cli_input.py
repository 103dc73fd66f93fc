"""Bad input at the command line and in files: one readable line, exit code 2, no traceback, nothing written."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session, func, select

from breach.db.models.directory import Customer
from breach.db.models.incidents import Incident
from flows import db
from flows.cli.app import app
from tests.app_db import CLI_ENV, app_database
from tests.cli.cli_world import invoker
from tests.factories import NARRATIVE, customer, directory

OPEN = ["open", "--title", "Lost laptop", "--description", "Stolen from a car.", "-s", "mail-hosting"]
EXTREMES = ["0001-01-01T00:30+14:00", "9999-12-31T23:30-01:00", "0001-01-01 00:10 Asia/Tokyo", "9999-12-31T00:00Z"]


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An initialised database with the usual directory imported."""
    with app_database(monkeypatch, tmp_path / "cli.db", CLI_ENV):
        path = tmp_path / "customers.yaml"
        path.write_text(yaml.safe_dump(directory(customer())), encoding="utf-8")
        assert _run("customers", "import", str(path))[0] == 0
        yield tmp_path


_run = invoker(app)


def _refused(args: list[str], *expected: str) -> str:
    code, _, err = _run(*args)
    assert code == 2, err
    assert "Traceback" not in err
    # One error line (a warning about settings may precede it: `breach check`).
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    for text in expected:
        assert text in errors[0]
    return errors[0]


def _count(model: type) -> int:
    with Session(db.get_engine()) as session:
        return session.exec(select(func.count()).select_from(model)).one()


# Every time option of the CLI, each with one of the extremes (the parser they share is tested with all).
TIME_OPTIONS = [
    *(([*OPEN, "--detected-at"], "detected_at", value) for value in EXTREMES),
    ([*OPEN, "--occurred-at"], "occurred_at", EXTREMES[1]),
    (["confirm", "BR-2026-0001", "--aware-at"], "aware_at", EXTREMES[0]),
    (["record", "BR-2026-0001", "authority-notified", "--customer", "x", "--at"], "at", EXTREMES[1]),
    (["record", "BR-2026-0001", "authority-notified", "--customer", "x", "--aware-at"], "aware_at", EXTREMES[2]),
    (["tasks", "add", "--kind", "dpia", "--title", "t", "--due"], "due", EXTREMES[3]),
    (["tasks", "log", "ST-2026-0001", "5", "--note", "n", "--at"], "at", EXTREMES[0]),
    (["consultation", "record", "PC-2026-0001", "received", "--at"], "at", EXTREMES[1]),
    # Dates become their midnight in Brussels: year 1 was an OverflowError there too.
    (["register", "--since"], "since", "0001-01-01"),
    (["register", "--until"], "until", "9999-12-31"),
]


@pytest.mark.parametrize(("args", "field", "value"), TIME_OPTIONS)
def test_every_time_option_refuses_times_out_of_range(cli_db: Path, args: list[str], field: str, value: str) -> None:
    """Near year 1 or 9999, any time option names itself and the value; no OverflowError, nothing written."""
    _refused([*args, value], f"{field}: out of range", value)
    assert _count(Incident) == 0


def test_a_title_with_control_characters_is_refused(cli_db: Path) -> None:
    """An escape sequence in a title (it would repaint a terminal or forge a subject line) is refused."""
    args = ["open", "--title", "Lost\x1b[2J laptop", "--description", "d", "-s", "mail-hosting"]
    _refused(args, "title: contains the control character U+001B")
    assert _count(Incident) == 0


def test_a_description_keeps_its_lines_but_not_nul(cli_db: Path) -> None:
    """A description may span lines; a NUL in it is refused."""
    assert _run("open", "--title", "t", "--description", "line one\nline two", "-s", "mail-hosting")[0] == 0
    _refused(["open", "--title", "t", "--description", "a\x00b", "-s", "mail-hosting"], "description")
    assert _count(Incident) == 1


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"data_subjects": True}, "facts.data_subjects"),
        ({"data_subjects": "20000"}, "facts.data_subjects"),
        ({"records": "12"}, "facts.records"),
        ({"malicious": "no"}, "facts.malicious"),
    ],
)
def test_a_facts_file_with_loose_types_is_refused(cli_db: Path, facts: dict[str, object], field: str) -> None:
    """``data_subjects: true`` or ``"20000"`` in a facts file: refused by field, and nothing stored."""
    assert _run(*OPEN)[0] == 0
    reference = _reference()
    document = {"breach_types": ["confidentiality"], "data_categories": ["contact"], "data_subjects": 10, **facts}
    path = cli_db / "facts.yaml"
    path.write_text(yaml.safe_dump({"facts": document, "narrative": NARRATIVE}), encoding="utf-8")
    _refused(["facts", reference, str(path)], field)
    with Session(db.get_engine()) as session:
        assert session.exec(select(Incident.facts)).one() is None


def _reference() -> str:
    with Session(db.get_engine()) as session:
        return session.exec(select(Incident.reference)).one()


def test_a_narrative_with_a_nul_is_refused(cli_db: Path) -> None:
    """Narrative prose may hold newlines, not NUL: the whole facts file is refused."""
    assert _run(*OPEN)[0] == 0
    path = cli_db / "facts.json"
    path.write_text('{"narrative": {"nature": "first\\nsecond\\u0000"}}', encoding="utf-8")
    _refused(["facts", _reference(), str(path)], "narrative.nature", "U+0000")


def test_a_yaml_alias_bomb_is_refused_quickly_in_one_short_line(cli_db: Path) -> None:
    """A few hundred bytes of nested aliases: refused within a second, the error a line, not megabytes."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        name, previous = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    path = cli_db / "bomb.yaml"
    path.write_text("\n".join([*lines, "customers: *i"]), encoding="utf-8")
    started = time.perf_counter()
    err = _refused(["customers", "import", str(path)], "aliases")
    assert time.perf_counter() - started < 1
    assert len(err) < 400
    facts = cli_db / "facts.yaml"
    facts.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert _run(*OPEN)[0] == 0
    _refused(["facts", _reference(), str(facts)], "aliases")


def test_a_long_bad_value_is_echoed_cut_short(cli_db: Path) -> None:
    """A 5 000-character bad name is repeated as 80 characters, an ellipsis and its length."""
    path = cli_db / "customers.yaml"
    path.write_text(yaml.safe_dump(directory(customer("N" * 5000))), encoding="utf-8")
    err = _refused(["customers", "import", str(path)], "customers[0].name", "… (5000 characters)")
    assert len(err) < 300


def test_a_spreadsheet_csv_with_a_byte_order_mark_imports(cli_db: Path) -> None:
    """Excel's "CSV UTF-8" starts with a byte-order mark: the file imports like any other."""
    path = cli_db / "customers.csv"
    path.write_bytes(
        b"\xef\xbb\xbfname,language,timezone,lead_authority,contacts,services\n"
        b"Boulangerie Exemple SA,fr,Europe/Paris,FR-CNIL,json://hooks.example.org/b,mail-hosting=12\n"
    )
    code, out, err = _run("customers", "import", str(path))
    assert code == 0, err
    assert "customers 1 new" in out
    assert _count(Customer) == 2


def test_a_csv_name_with_a_control_character_writes_nothing(cli_db: Path) -> None:
    """A bell character in a CSV customer name: exit 2 naming the line, and no customer added."""
    path = cli_db / "customers.csv"
    path.write_text(
        "name,language,timezone,lead_authority,contacts\nAcme\x07 BV,nl,Europe/Brussels,BE-GBA,json://h.example.org/a\n",
        encoding="utf-8",
    )
    _refused(["customers", "import", str(path)], "line 2: customers[0].name", "U+0007")
    assert _count(Customer) == 1
