"""The import direction of DESIGN.md section 2, read from the source with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

FORBIDDEN = {
    "breach": {"prefect", "apprise", "jinja2", "flows", "notifications", "typer", "rich", "fastapi"},
    "notifications": {"prefect", "flows", "typer"},
}
# SQL lives in the persistence modules of the core, as a rule (DESIGN.md section 2): the ``db`` package, the
# migrations, and each package's ``store`` (a ``store.py`` module or a ``store/`` package).
SQL_MODULES = {"sqlmodel", "sqlalchemy", "alembic"}
SQL_PACKAGES = {"db", "migrations"}


def may_hold_sql(path: Path) -> bool:
    """The rule: a module of ``breach`` may import a database library only where persistence lives."""
    parts = path.relative_to(ROOT / "breach").parts
    return parts[0] in SQL_PACKAGES or path.name == "store.py" or "store" in parts[:-1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_upward_imports(package: str) -> None:
    """No module of ``breach`` or ``notifications`` imports a layer above it."""
    offenders = {str(path.relative_to(ROOT)): sorted(_imports(path) & FORBIDDEN[package]) for path in _files(package)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_sql_stays_in_the_persistence_modules() -> None:
    """Outside ``breach/db``, the migrations and each package's store, no module of the core imports SQL."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in _files("breach")
        if not may_hold_sql(path) and _imports(path) & SQL_MODULES
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("breach/db/models/incidents.py", True),
        ("breach/migrations/env.py", True),
        ("breach/directory/store.py", True),
        ("breach/support/store/tasks.py", True),
        ("breach/records/store/audit.py", True),
        ("breach/records/chain.py", False),
        ("breach/deadlines/due.py", False),
        ("breach/risk/store_notes.py", False),
    ],
)
def test_the_sql_rule_reads_paths(path: str, allowed: bool) -> None:
    """The rule is by place: the db and migrations packages, a store module, a store package."""
    assert may_hold_sql(ROOT / path) is allowed


def test_the_check_sees_imports() -> None:
    """The parser finds both import forms, so the checks above cannot pass vacuously."""
    assert {"prefect", "jinja2"} <= _imports(ROOT / "tests" / "unit" / "house" / "fixtures_imports.py.txt")
