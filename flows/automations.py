"""Automations the engine installs on its Prefect server.

``crashed-runs``: a flow run whose heartbeats stop (its worker or process was killed) is marked Crashed,
so it does not block a re-run and the DPO sees it. Runs send heartbeats every
``PREFECT_RUNNER_HEARTBEAT_FREQUENCY`` seconds (``make serve`` sets 30); three missed ones mean a crash.
This is the detection Prefect documents for "zombie" runs.
"""

from __future__ import annotations

from datetime import timedelta

from prefect.automations import Automation
from prefect.client.schemas.objects import StateType
from prefect.events.actions import ChangeFlowRunState
from prefect.events.schemas.automations import EventTrigger, Posture

CRASHED_RUNS = "breach: mark runs without heartbeats as crashed"


def crashed_runs(heartbeat_seconds: int = 30) -> Automation:
    return Automation(
        name=CRASHED_RUNS,
        trigger=EventTrigger(
            match={"prefect.resource.id": "prefect.flow-run.*"},
            after={"prefect.flow-run.heartbeat"},
            expect={
                "prefect.flow-run.heartbeat",
                "prefect.flow-run.Completed",
                "prefect.flow-run.Failed",
                "prefect.flow-run.Cancelled",
                "prefect.flow-run.Crashed",
            },
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=timedelta(seconds=heartbeat_seconds * 3),
        ),
        actions=[
            ChangeFlowRunState(
                state=StateType.CRASHED,
                message=f"No heartbeat for {heartbeat_seconds * 3} s: the process running it died.",
            )
        ],
    )


def install(heartbeat_seconds: int = 30) -> None:
    """Create the automation once (by name); a second call leaves the existing one alone."""
    try:
        existing = Automation.read(name=CRASHED_RUNS)
        del existing
    except ValueError:  # Prefect's answer for "no automation of that name"
        created = crashed_runs(heartbeat_seconds).create()
        if not isinstance(created, Automation):  # sync-compatible: called here it has already run
            raise TypeError(f"Prefect returned {type(created).__name__}, not an automation") from None
