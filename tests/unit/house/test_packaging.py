"""What an install carries: every template folder declared for a wheel, and a lock that matches pyproject."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]

# (name, extras, version range, the optional-dependency group or "" for the main dependencies)
Declared = tuple[str, frozenset[str], SpecifierSet, str]


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((ROOT / name).read_text(encoding="utf-8"))


def test_every_template_folder_is_packaged() -> None:
    """A new notice kind's folder must be listed in pyproject's data-files, or an installed engine lacks it."""
    config = _toml("pyproject.toml")
    declared = set(config["tool"]["setuptools"]["data-files"])
    folders = {f"share/breach-engine/templates/{p.name}" for p in (ROOT / "templates").iterdir() if p.is_dir()}
    assert folders == declared


def _pyproject_dependencies(project: dict[str, Any]) -> set[Declared]:
    groups: dict[str, list[str]] = {"": project["dependencies"], **project["optional-dependencies"]}
    found: set[Declared] = set()
    for group, lines in groups.items():
        for line in lines:
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            found.add((name, frozenset(requirement.extras), requirement.specifier, group))
    return found


def _locked_dependencies(lock: dict[str, Any]) -> set[Declared]:
    (ours,) = [package for package in lock["package"] if package["name"] == "breach-engine"]
    found: set[Declared] = set()
    for entry in ours["metadata"]["requires-dist"]:
        group = re.search(r"extra == '([^']+)'", entry.get("marker", ""))
        found.add(
            (
                canonicalize_name(entry["name"]),
                frozenset(entry.get("extras", [])),
                SpecifierSet(entry.get("specifier", "")),
                group.group(1) if group else "",
            )
        )
    return found


def test_lock_matches_pyproject() -> None:
    """`make install` refuses a stale uv.lock (uv lock --check); this says the same in milliseconds, offline:
    a dependency or range changed in pyproject.toml without `make lock` leaves the lock describing another project.
    """
    project = _toml("pyproject.toml")["project"]
    lock = _toml("uv.lock")
    assert lock["requires-python"] == project["requires-python"]
    assert _locked_dependencies(lock) == _pyproject_dependencies(project)


def test_install_is_locked_and_uv_pinned() -> None:
    """A fresh machine gets the tested versions only if the install syncs from the lock with --locked (not
    --frozen, which installs a stale lock silently) and uv itself is an exact release."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^UV_VERSION := \d+\.\d+\.\d+$", makefile, re.MULTILINE)
    lines = [line.strip() for line in makefile.splitlines()]
    # pip installs uv alone; everything else comes from the lock.
    assert [line for line in lines if "pip install" in line] == [
        "$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check 'uv==$(UV_VERSION)'"
    ]
    assert [line for line in lines if " sync " in line] == ["$(UV) sync --locked --extra dev"]
