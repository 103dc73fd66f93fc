"""What a wheel carries: every template folder is declared for installation."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_template_folder_is_packaged() -> None:
    """A new notice kind's folder must be listed in pyproject's data-files, or an installed engine lacks it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = set(config["tool"]["setuptools"]["data-files"])
    folders = {f"share/breach-engine/templates/{p.name}" for p in (ROOT / "templates").iterdir() if p.is_dir()}
    assert folders == declared
