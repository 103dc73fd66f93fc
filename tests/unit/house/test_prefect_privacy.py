"""Importing the engine turns Prefect's telemetry off and sets the heartbeat the crash automation expects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import json, flows
from prefect._internal.analytics import is_telemetry_enabled
from prefect.settings import get_current_settings
s = get_current_settings()
print(json.dumps({"sdk": is_telemetry_enabled(), "server": s.server.analytics_enabled,
                  "heartbeat": s.flows.heartbeat_frequency}))
"""


def _probe(**extra: str) -> dict[str, object]:
    # As an operator's shell would be: none of the variables set, and not a CI machine (Prefect skips
    # telemetry on CI by itself, which would hide a missing switch).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DO_NOT_TRACK", "CI", "GITHUB"))}
    env["PREFECT_HOME"] = os.environ.get("PREFECT_HOME", str(ROOT / ".prefect-test"))
    env.update(extra)
    done = subprocess.run(  # noqa: S603  (a fixed argument list)
        [sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_no_telemetry_leaves_and_runs_beat_every_30_seconds() -> None:
    assert _probe() == {"sdk": False, "server": False, "heartbeat": 30}


def test_analytics_stay_off_even_when_asked_for_and_an_operators_heartbeat_wins() -> None:
    asked = _probe(DO_NOT_TRACK="0", PREFECT_SERVER_ANALYTICS_ENABLED="true", PREFECT_FLOWS_HEARTBEAT_FREQUENCY="60")
    assert asked == {"sdk": False, "server": False, "heartbeat": 60}
