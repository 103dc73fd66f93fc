"""How soon the first customer hears of a breach: from the confirmation's commit to its notice at the sink.

    python tests/bench/latency.py [--incidents 20] [--controllers 100]

It starts a sink and a Prefect server on PostgreSQL (both excluded from what is measured), creates a
fresh engine database and a directory of customers, then, in this one process (as ``breach confirm``
does), for each incident: opens it and records its facts (not measured), confirms it and commits, and runs
``handle_incident`` in-process against the running server. What is measured is the time from the commit
to the first notice's arrival at the sink (and, beside it, to the last one's). The first flow run of a
process pays Prefect's client set-up, so one warm-up incident runs first and is reported on its own;
the median and the worst are taken over the incidents after it.

Why in-process: a worker polls its work pool every 10 s by default (DESIGN.md section 4), so a deployment
run would wait up to 10 s before it even starts; running the flow in the process that committed the
confirmation starts delivering at once, and the outbox still makes a crashed run safe to take over.

The last line is one JSON object: ``incidents``, ``controllers``, ``channel``, ``first_run_s``,
``median_s``, ``worst_s`` and ``median_all_s``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the checkout importable (tests.bench.*)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench import harness, scenario


def _seed_directory(url: str, controllers: int, url_for: scenario.UrlFor) -> None:
    from sqlmodel import Session  # noqa: PLC0415

    from breach.db import schema  # noqa: PLC0415
    from flows.db import make_engine  # noqa: PLC0415
    from notifications.channels.contacts import safe_display  # noqa: PLC0415

    engine = make_engine(url)
    try:
        schema.upgrade(engine)
        world = scenario.directory(controllers, url_for, now=datetime.now(UTC), display=safe_display)
        with Session(engine) as session:
            scenario.insert(world, session=session)
            session.commit()
    finally:
        engine.dispose()


def _one_incident(sink: harness.Sink) -> dict[str, float]:
    """Open, describe, confirm (commit) and deliver one incident; times from the commit."""
    from flows import db  # noqa: PLC0415
    from flows.orchestration.incident_flow import handle_incident  # noqa: PLC0415
    from flows.risk_wiring import assessor  # noqa: PLC0415
    from flows.usecases.facts import record_facts  # noqa: PLC0415
    from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident  # noqa: PLC0415

    now = datetime.now(UTC)
    with db.unit_of_work() as session:
        incident = open_incident(
            IncidentDraft(scenario.TITLE, scenario.DESCRIPTION, [scenario.SERVICE_CODE], now - timedelta(hours=1)),
            session=session,
            actor="bench-security@cloud.example.org",
            now=now,
        )
        record_facts(incident.reference, scenario.FACTS_DOCUMENT, session=session, actor="bench-dpo", now=now)
        reference = incident.reference
    sink.reset()
    with db.unit_of_work() as session:
        confirmation = confirm_incident(
            reference, session=session, actor="bench-dpo", now=datetime.now(UTC), assessor=assessor()
        )
        incident_id = confirmation.incident.id
    committed = time.time()
    handle_incident(incident_id)
    finished = time.time()
    stats = sink.stats()
    first = stats["first_at"] - committed if stats["first_at"] else float("nan")
    last = stats["last_new_at"] - committed if stats["last_new_at"] else float("nan")
    return {"first_s": first, "all_s": last, "flow_s": finished - committed, "delivered": stats["distinct"]}


def _drain_prefect() -> None:
    """Send Prefect's queued logs and events while its server still runs (it stops right after)."""
    from prefect.events.worker import EventsWorker  # noqa: PLC0415
    from prefect.logging.handlers import APILogWorker  # noqa: PLC0415

    APILogWorker.drain_all(timeout=10)
    EventsWorker.drain_all(timeout=10)


def run(incidents: int = 20, controllers: int = 100, channel: str = "webhook", *, say: Any = print) -> dict[str, Any]:
    base_url = harness.postgres_url()
    with (
        harness.sink(channel) as sink,
        harness.prefect_server(base_url) as server,
        harness.database("bench_latency", base_url) as name,
    ):
        say(f"prefect server on {server.api_url} (started in {server.started_in:.1f} s, excluded)")
        engine_url = harness.with_database(base_url, name)
        url_for = scenario.webhook_url(sink.port) if channel == "webhook" else scenario.email_url(sink.port)
        _seed_directory(engine_url, controllers, url_for)
        # This process is the engine from here on: its settings and Prefect's client point at the run's own.
        os.environ.update(harness.prefect_environment(server.home, server.api_url))
        os.environ["BREACH_DATABASE_URL"] = engine_url
        try:
            runs: list[dict[str, float]] = []
            for index in range(incidents + 1):
                result = _one_incident(sink)
                label = "warm-up" if index == 0 else f"incident {index:2d}"
                say(
                    f"{label}: first notice {result['first_s']:.3f} s after the commit, all {result['delivered']}"
                    f" in {result['all_s']:.3f} s, flow run {result['flow_s']:.3f} s"
                )
                runs.append(result)
        finally:
            _drain_prefect()
            from flows import db  # noqa: PLC0415

            db.get_engine().dispose()
    measured = runs[1:]
    firsts = [r["first_s"] for r in measured]
    return {
        "incidents": incidents,
        "controllers": controllers,
        "channel": channel,
        "first_run_s": round(runs[0]["first_s"], 3),
        "median_s": round(statistics.median(firsts), 3),
        "worst_s": round(max(firsts), 3),
        "median_all_s": round(statistics.median(r["all_s"] for r in measured), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=20, help="incidents measured after the warm-up (20)")
    parser.add_argument("--controllers", type=int, default=100, help="customers told of each incident (100)")
    parser.add_argument("--channel", choices=("webhook", "smtp"), default="webhook")
    args = parser.parse_args(argv)
    harness.use_bench_audit_key()
    print(json.dumps(run(args.incidents, args.controllers, args.channel)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
