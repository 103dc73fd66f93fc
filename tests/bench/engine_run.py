"""The engine under test, in a process of its own: what ``breach confirm`` does, timed from the commit.

``python -m tests.bench.engine_run REFERENCE`` with ``BREACH_DATABASE_URL`` and ``PREFECT_API_URL`` set:
it confirms the incident (one transaction: the confirmation, its audit event, a case, a ``dpa.8.1b``
clock and a pending notice per affected customer), commits, notes the wall-clock time of the commit, then
runs the Prefect flow ``handle_incident`` in this process against the benchmark's Prefect server. Its last
line is a JSON object: the commit time, the flow's counts, and this process's peak resident set.

With ``--drive-until FILE`` it then does what the watchdog and ``breach outbox run`` do between flow runs,
sooner: delivers whatever is due (retries, fallbacks, our alerts) and raises customers unreached for
``--unreached-after`` seconds (``flows.usecases.unreached.sweep``), pass after pass, until FILE exists.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import threading
import time
from concurrent.futures import Future
from datetime import timedelta
from pathlib import Path
from typing import Any


def peak_rss_mb() -> float:
    """The largest resident set of this process or of any child it waited for (render workers), in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def _retries_due() -> list[Any]:
    """Notices due again after a failed try, and our own alerts: what the watchdog would pick up."""
    from sqlmodel import col, or_, select  # noqa: PLC0415

    from breach.db.models.outbox import Notice  # noqa: PLC0415
    from breach.vocabulary import NoticeStatus  # noqa: PLC0415
    from flows import db, runtime  # noqa: PLC0415

    with db.unit_of_work() as session:
        return list(
            session.exec(
                select(Notice.id)
                .where(Notice.status == NoticeStatus.PENDING.value)
                .where(or_(col(Notice.next_attempt_at).is_(None), col(Notice.next_attempt_at) <= runtime.clock.now()))
                .where(or_(col(Notice.attempts) > 0, col(Notice.customer_id).is_(None)))
                .limit(runtime.batch_size())
            ).all()
        )


def _report(future: Future[Any]) -> None:
    """A pass that raised is a defect of the engine: said on stderr, not lost in its thread."""
    if (error := future.exception()) is not None:
        print(f"retry pass failed: {error!r}", file=sys.stderr, flush=True)


def drive(stop: Path, unreached_after: timedelta, sweep_every: float) -> int:
    """Beside the flow, as the watchdog and ``breach outbox run`` would, only sooner: every ``sweep_every``
    seconds raise the customers unreached for ``unreached_after`` (``flows.usecases.unreached.sweep``; the
    watchdog runs every 5 minutes, each sweep one alert), and every second deliver the retries,
    fallbacks and alerts now due; each pass in a thread of its own, so a retry to a hung receiver holds back
    no other. Notices never tried are the flow's: taking them here would measure two senders. Until ``stop``
    exists; returns how many passes delivered something."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    from flows import db, runtime  # noqa: PLC0415
    from flows.orchestration.incident_flow import STRAGGLE_AFTER  # noqa: PLC0415
    from flows.usecases.unreached import sweep  # noqa: PLC0415
    from notifications.delivery.stragglers import background as stragglers  # noqa: PLC0415

    passes = 0
    swept = 0.0
    with ThreadPoolExecutor(max_workers=8, thread_name_prefix="retry") as passes_in_flight:
        while not stop.exists():
            if time.monotonic() - swept >= sweep_every:
                swept = time.monotonic()
                with db.unit_of_work() as session:
                    now = runtime.clock.now()
                    sweep(session=session, now=now, after=unreached_after, language=runtime.internal_language())
            if due := _retries_due():
                # A pass gives its thread back once only slow tries remain (they settle in the background, as
                # in handle_incident): eight passes each waiting 45 s on a hung receiver held the 503s' retries.
                passes_in_flight.submit(
                    runtime.deliver,
                    limit=len(due),
                    notice_ids=due,
                    straggle_after=STRAGGLE_AFTER,
                    straggle_group="drive",
                ).add_done_callback(_report)
                passes += 1
            time.sleep(1.0)
    stragglers.wait("drive")
    return passes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("reference")
    parser.add_argument(
        "--profile", help="write a pyinstrument profile of the flow run here (text if it ends in .txt, else HTML)"
    )
    parser.add_argument("--drive-until", help="after the flow, deliver what is due until this file exists")
    parser.add_argument("--unreached-after", type=float, default=60.0, help="seconds before a customer is unreached")
    parser.add_argument("--sweep-every", type=float, default=15.0, help="seconds between sweeps for the unreached")
    args = parser.parse_args(argv)

    # Imports (Prefect's take seconds) are paid before the clock starts, as in a running `breach` process.
    from breach.clock import SystemClock  # noqa: PLC0415
    from flows import db  # noqa: PLC0415
    from flows.orchestration.incident_flow import handle_incident  # noqa: PLC0415
    from flows.risk_wiring import assessor  # noqa: PLC0415
    from flows.usecases.intake import confirm_incident  # noqa: PLC0415

    clock = SystemClock()
    started = time.time()
    with db.unit_of_work() as session:
        confirmation = confirm_incident(
            args.reference, session=session, actor="bench-dpo@cloud.example.org", now=clock.now(), assessor=assessor()
        )
        incident_id = confirmation.incident.id
    committed = time.time()

    passes = [0]
    driver: threading.Thread | None = None
    if args.drive_until:
        stop, after = Path(args.drive_until), timedelta(seconds=args.unreached_after)
        driver = threading.Thread(
            target=lambda: passes.__setitem__(0, drive(stop, after, args.sweep_every)), name="retry-driver"
        )
        driver.start()

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
    if driver is not None:
        driver.join()
    # Render workers are this engine's processes too: stopped (and waited for) so that their peak counts.
    try:
        from notifications.render.rendering import shutdown_render_pools  # noqa: PLC0415
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
                "retry_passes": passes[0],
                "peak_rss_mb": round(peak_rss_mb(), 1),
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
