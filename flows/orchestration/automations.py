"""Automations the engine installs on its Prefect server.

``crashed-runs``: a flow run whose heartbeats stop (its worker or process was killed) is marked Crashed,
so it does not block a re-run and the DPO sees it. Runs send heartbeats every
``PREFECT_FLOWS_HEARTBEAT_FREQUENCY`` seconds (the engine's processes and ``make serve`` set 30, Prefect's
least; its default is 180, which this automation would take for a crash); three missed ones mean a crash.
This is the detection Prefect documents for "zombie" runs.
"""

from __future__ import annotations

from datetime import timedelta

from prefect.automations import Automation
from prefect.client.schemas.objects import StateType
from prefect.events.actions import ChangeFlowRunState
from prefect.events.schemas.automations import EventTrigger, Posture

CRASHED_RUNS = "breach: mark runs without heartbeats as crashed"


def crashed_runs(heartbeat_seconds: int = 30, missed: int = 3, name: str = CRASHED_RUNS) -> Automation:
    """Crashed after ``missed`` heartbeats did not come (plus a few seconds for the event to travel)."""
    silence = heartbeat_seconds * missed + 5
    return Automation(
        name=name,
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
            within=timedelta(seconds=silence),
        ),
        actions=[
            ChangeFlowRunState(
                state=StateType.CRASHED,
                message=f"No heartbeat for {silence} s: the process running it died.",
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
