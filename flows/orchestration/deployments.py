"""Starting deployed flows from the CLI and the API: the run goes to the work pool, the caller returns."""

from __future__ import annotations

from uuid import UUID

from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment

from breach.errors import ConfigurationError

HANDLE_INCIDENT = "handle_incident/handle-incident"


def submit_handle_incident(incident_id: UUID) -> str:
    """Schedule ``handle_incident`` on the pool now; needs a Prefect server with the deployment."""
    try:
        run = run_deployment(name=HANDLE_INCIDENT, parameters={"incident_id": str(incident_id)}, timeout=0)
    except Exception as exc:  # Prefect raises several kinds here (no server, no deployment); all mean "not set up"
        raise ConfigurationError(
            f"PREFECT_API_URL: cannot schedule {HANDLE_INCIDENT} ({type(exc).__name__}); run `make serve` first"
        ) from exc
    if not isinstance(run, FlowRun):  # run_deployment is sync-compatible: called here it has already run
        raise ConfigurationError(f"{HANDLE_INCIDENT}: Prefect returned {type(run).__name__}, not a flow run")
    return str(run.id)
