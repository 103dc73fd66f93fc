"""The engine under test, in a process of its own: what ``breach confirm`` does, timed from the commit.

``python -m tests.bench.engine_run REFERENCE`` with ``BREACH_DATABASE_URL`` and ``PREFECT_API_URL`` set:
it confirms the incident (one transaction: the confirmation, its audit event, a case, a ``dpa.8.1b``
clock and a pending notice per affected customer), commits, notes the wall-clock time of the commit, then
runs the Prefect flow ``handle_incident`` in this process against the benchmark's Prefect server. Its last
line is a JSON object: the commit time, the flow's counts, and this process's peak resident set.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from typing import Any


def peak_rss_mb() -> float:
    """The largest resident set of this process or of any child it waited for (render workers), in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("reference")
    parser.add_argument(
        "--profile", help="write a pyinstrument profile of the flow run here (text if it ends in .txt, else HTML)"
    )
    args = parser.parse_args(argv)

    # Imports (Prefect's take seconds) are paid before the clock starts, as in a running `breach` process.
    from breach.clock import SystemClock  # noqa: PLC0415
    from flows import db  # noqa: PLC0415
    from flows.incident_flow import handle_incident  # noqa: PLC0415
    from flows.operations import confirm_incident  # noqa: PLC0415
    from flows.risk_wiring import assessor  # noqa: PLC0415

    clock = SystemClock()
    started = time.time()
    with db.unit_of_work() as session:
        confirmation = confirm_incident(
            args.reference, session=session, actor="bench-dpo@cloud.example.org", now=clock.now(), assessor=assessor()
        )
        incident_id = confirmation.incident.id
    committed = time.time()

    profiler: Any = None
    if args.profile:
        from pyinstrument import Profiler  # noqa: PLC0415  (a developer's tool, not a dependency)

        profiler = Profiler(async_mode="disabled")
        profiler.start()
    state = handle_incident(incident_id, return_state=True)
    finished = time.time()
    if profiler is not None:
        profiler.stop()
        with open(args.profile, "w", encoding="utf-8") as out:
            text = args.profile.endswith(".txt")
            out.write(profiler.output_text(unicode=True, show_all=False) if text else profiler.output_html())
    counts = state.result() if state.is_completed() else {}
    # Render workers are this engine's processes too: stopped (and waited for) so that their peak counts.
    try:
        from notifications.rendering import shutdown_render_pools  # noqa: PLC0415
    except ImportError:  # an older checkout, measured for comparison, has no render workers
        pass
    else:
        shutdown_render_pools()
    print(
        json.dumps(
            {
                "confirm_s": round(committed - started, 3),
                "committed_at": committed,
                "flow_finished_at": finished,
                "flow_state": state.type.value,
                "counts": counts,
                "peak_rss_mb": round(peak_rss_mb(), 1),
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
