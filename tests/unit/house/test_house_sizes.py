"""The house's two size rules (issue 16), so they hold after the next change too: a folder of at most 15
modules, and no module over 400 lines except a data table, which reads best whole."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("breach", "notifications", "flows", "tests")
MAX_MODULES = 15
MAX_LINES = 400
# Rule tables, one row per rule with its citation: cut in two they would read as two tables.
DATA_TABLES = {"breach/deadlines/rules.py"}


def _modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    ]


def test_no_folder_holds_more_than_fifteen_modules() -> None:
    counts: dict[str, int] = {}
    for path in _modules():
        folder = str(path.parent.relative_to(ROOT))
        counts[folder] = counts.get(folder, 0) + 1
    assert {folder: n for folder, n in counts.items() if n > MAX_MODULES} == {}


def test_no_module_is_longer_than_four_hundred_lines() -> None:
    long = {
        rel: lines
        for path in _modules()
        if (rel := str(path.relative_to(ROOT))) not in DATA_TABLES
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
