"""``make demo``: run the engine's main job end to end on fictional data, re-runnable."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from typer.testing import CliRunner

DEMO_DIR = Path(".demo")
DIRECTORY = Path(__file__).with_name("customers.yaml")


def main() -> int:
    if DEMO_DIR.exists():
        shutil.rmtree(DEMO_DIR)
    DEMO_DIR.mkdir()
    os.environ["BREACH_DATABASE_URL"] = f"sqlite:///{DEMO_DIR / 'breach.db'}"
    os.environ["BREACH_SPOOL_DIR"] = str(DEMO_DIR / "spool")
    os.environ.setdefault("BREACH_OPERATOR", "demo-operator")
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ.setdefault("COLUMNS", "160")

    from flows.cli import app

    runner = CliRunner()
    for step in (["init"], ["customers", "import", str(DIRECTORY)], ["customers", "list"]):
        print(f"$ breach {' '.join(step)}")
        result = runner.invoke(app, step)
        print(result.output, end="")
        if result.exit_code != 0:
            return result.exit_code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
