"""The crashed-run automation installs on a real Prefect server, once."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.mark.flow
def test_the_crashed_run_automation_is_installed_once(prefect_harness: None) -> None:
    """Installing twice leaves one automation that marks runs without heartbeats as crashed."""
    from prefect.automations import Automation  # noqa: PLC0415

    from flows.orchestration.automations import CRASHED_RUNS, install  # noqa: PLC0415

    install()
    install()
    found = Automation.read(name=CRASHED_RUNS)
    assert isinstance(found, Automation)
    assert found.actions[0].type == "change-flow-run-state"
