"""The import direction of DESIGN.md section 2, read from the source with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = {
    "breach": {"prefect", "apprise", "jinja2", "flows", "notifications", "typer", "rich", "fastapi"},
    "notifications": {"prefect", "flows", "typer"},
}
# Only the persistence modules of the core may touch SQL (DESIGN.md section 2).
SQL_MODULES = {"sqlmodel", "sqlalchemy", "alembic"}
SQL_ALLOWED = {
    "models.py",
    "columns.py",
    "repository.py",
    "audit.py",
    "schema.py",
    "directory.py",
    "outbox.py",
    "tracking.py",
    "fanout.py",
    "awareness.py",
    "notices.py",
    "reports.py",
    "tasks.py",
    "consultations.py",
}


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
    """The pure modules of the core (deadlines, risk, states, resolution) import no database library."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in _files("breach")
        if "migrations" not in path.parts and path.name not in SQL_ALLOWED and _imports(path) & SQL_MODULES
    ]
    assert offenders == []


def test_the_check_sees_imports() -> None:
    """The parser finds both import forms, so the checks above cannot pass vacuously."""
    assert {"prefect", "jinja2"} <= _imports(ROOT / "tests" / "unit" / "fixtures_imports.py.txt")
