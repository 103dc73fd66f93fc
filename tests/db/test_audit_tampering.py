"""``breach audit verify`` catches each kind of tampering and names the first event it breaks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text
from sqlmodel import Session
from typer.testing import CliRunner

from breach import audit
from breach.models import AuditEvent
from flows.cli import app
from tests.app_db import app_database

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def _chain(session: Session, count: int = 5) -> None:
    for i in range(count):
        audit.append(
            session=session,
            event_type="test.step",
            actor="auditor@example.org",
            at=T0 + timedelta(minutes=i),
            data={"step": i + 1},
            content=f"content {i + 1}",
        )
    session.commit()


def _move(conn: Connection, old: int, new: int) -> None:
    conn.execute(text("UPDATE auditevent SET seq = :new WHERE seq = :old"), {"new": new, "old": old})


def _edit(conn: Connection) -> None:
    conn.execute(text("UPDATE auditevent SET actor = 'mallory@example.org' WHERE seq = 3"))


def _delete_middle(conn: Connection) -> None:
    conn.execute(text("DELETE FROM auditevent WHERE seq = 3"))


def _delete_last(conn: Connection) -> None:
    conn.execute(text("DELETE FROM auditevent WHERE seq = 5"))


def _insert(conn: Connection) -> None:
    # A forged event slipped in as number 3, correctly linked to number 2 and correctly hashed itself;
    # the events after it are renumbered (top first, the key is unique) and the head moved along.
    for seq in (5, 4, 3):
        _move(conn, seq, seq + 1)
    prev = conn.execute(text("SELECT hash FROM auditevent WHERE seq = 2")).scalar_one()
    forged = AuditEvent(
        seq=3, at=T0, event_type="test.forged", actor="mallory@example.org", data={}, prev_hash=prev, hash=""
    )
    forged.hash = audit.event_hash(forged)
    conn.execute(
        text(
            "INSERT INTO auditevent (seq, at, event_type, actor, data, prev_hash, hash) "
            "VALUES (3, :at, 'test.forged', 'mallory@example.org', '{}', :prev, :hash)"
        ),
        {"at": T0.replace(tzinfo=None) if conn.dialect.name == "sqlite" else T0, "prev": prev, "hash": forged.hash},
    )
    conn.execute(text("UPDATE audithead SET last_seq = 6"))


def _reorder(conn: Connection) -> None:
    _move(conn, 3, 99)
    _move(conn, 2, 3)
    _move(conn, 99, 2)


CASES: list[tuple[str, Callable[[Connection], None], int, str]] = [
    ("edit", _edit, 3, "edited"),
    ("deletion of a middle event", _delete_middle, 4, "missing before it"),
    ("deletion of the last event", _delete_last, 5, "ends early"),
    ("insertion", _insert, 4, "predecessor's hash"),
    ("reordering", _reorder, 2, "predecessor's hash"),
]


def test_an_untouched_chain_verifies(session: Session) -> None:
    """Five appended events verify as a whole chain."""
    _chain(session)
    assert audit.verify(session=session) is None


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_tampering_is_caught_at_the_first_event_it_breaks(
    session: Session, db: Engine, case: tuple[str, Callable[[Connection], None], int, str]
) -> None:
    """Edit, deletion (middle or last), insertion and reordering each break the chain at a named event."""
    kind, tamper, seq, problem = case
    _chain(session)
    with db.begin() as conn:
        tamper(conn)
    session.expire_all()
    broken = audit.verify(session=session)
    assert broken is not None, kind
    assert (broken.seq, problem in broken.problem) == (seq, True), broken


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    with app_database(monkeypatch, tmp_path / "audit.db") as engine:
        yield engine


def test_the_cli_names_the_first_broken_event(cli_db: Engine) -> None:
    """``breach audit verify`` says intact, then after an edit exits 1 naming event 3."""
    with Session(cli_db) as session:
        _chain(session)
    runner = CliRunner()
    result = runner.invoke(app, ["audit", "verify"])
    assert (result.exit_code, "intact" in result.stdout) == (0, True)
    with cli_db.begin() as conn:
        _edit(conn)
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "broken at event 3" in result.stderr


WRITES = re.compile(
    r"update\(\s*AuditEvent|delete\(\s*AuditEvent|session\.delete\(|UPDATE\s+auditevent|DELETE\s+FROM\s+auditevent"
)


def test_no_code_path_updates_or_deletes_an_audit_row() -> None:
    """Outside the tests, no source updates or deletes an audit row (``session.delete`` only on directory rows)."""
    offending: list[str] = []
    for folder in ("breach", "flows", "notifications"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            for number, line in enumerate(source.splitlines(), 1):
                if not WRITES.search(line):
                    continue
                # The directory replaces a customer's contacts and service uses; those rows are not audit rows.
                if path.name == "repository.py" and re.search(r"session\.delete\(old\)", line):
                    continue
                offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offending == []
