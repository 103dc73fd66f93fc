"""The composition root: settings, database scope, Prefect flows, the CLI and the HTTP API.

Set before any of them imports Prefect (Prefect reads its settings once, at import): no telemetry leaves
a privacy tool (Prefect's SDK analytics honour ``DO_NOT_TRACK``; its server's, the other variable), and
flow runs send a heartbeat every 30 s, the rhythm ``flows.orchestration.automations`` expects when it marks a run whose
process died as crashed. An operator's own values win, except that analytics stay off.
"""

import os

os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "30")
