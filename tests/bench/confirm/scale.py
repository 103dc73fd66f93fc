"""The confirmation at scale (issue 19): does the fan-out grow linearly with the customers it tells?

    python tests/bench/fanout.py --controllers 100000 --confirm-only [--database sqlite|postgres]

For 10 000 customers and then for N, each in a fresh database (a SQLite file in a temporary folder, or a
fresh PostgreSQL database as ``fanout.py`` makes them), a process of its own seeds the directory and
opens the incident (excluded), and another confirms it as ``breach confirm`` does: one unit of work that
writes the confirmation, every case, ``dpa.8.1b`` clock and pending notice, and commits. ``confirm_s`` is
that unit of work, from before the incident is read to after the commit; ``peak_rss_mb`` the largest
resident set of the confirming processes. ``confirm_growth`` = ``confirm_s / confirm_10k_s``: at most
N / 10 000 for a fan-out that grows no faster than linearly (the target at 100 000 is <= 11).

``--profile FILE`` writes a cProfile of the N-customer confirmation (``python -m pstats FILE``).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the checkout importable (tests.bench.*)
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.bench import harness, scenario

REFERENCE_CONTROLLERS = 10_000
TIMEOUT = 3600.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


@contextmanager
def fresh_database(backend: str, folder: str) -> Iterator[str]:
    """The URL of an empty database for one measurement; gone afterwards."""
    if backend == "sqlite":
        path = Path(tempfile.mkdtemp(prefix="confirm-", dir=folder)) / "breach.db"
        yield f"sqlite:///{path}"
    elif backend == "postgres":
        base = harness.postgres_url()
        with harness.database("bench_confirm", base) as name:
            yield harness.with_database(base, name)
    else:
        raise ValueError(f"--database: expected sqlite or postgres, got {backend!r}")


def seed(url: str, controllers: int) -> dict[str, Any]:
    """Child process: migrate, insert the directory and open the incident with its facts."""
    from tests.bench.fanout import seed as seed_incident  # noqa: PLC0415

    started = time.monotonic()
    reference = seed_incident(url, controllers, scenario.webhook_url(9))
    return {"reference": reference, "seed_s": round(time.monotonic() - started, 3)}


def confirm(url: str, reference: str, profile: str | None) -> dict[str, Any]:
    """Child process: the confirmation as ``breach confirm`` makes it, timed through its commit."""
    from sqlmodel import Session, func, select  # noqa: PLC0415

    from breach.clock import SystemClock  # noqa: PLC0415
    from breach.db.models.incidents import ControllerCase, Deadline  # noqa: PLC0415
    from breach.db.models.outbox import Notice  # noqa: PLC0415
    from flows import db  # noqa: PLC0415
    from flows.risk_wiring import assessor  # noqa: PLC0415
    from flows.usecases.intake import confirm_incident  # noqa: PLC0415

    engine = db.make_engine(url)
    risk = assessor()
    profiler: Any = None
    if profile:
        import cProfile  # noqa: PLC0415

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.monotonic()
    with db.unit_of_work(engine) as session:
        confirmation = confirm_incident(
            reference, session=session, actor="bench-dpo@cloud.example.org", now=SystemClock().now(), assessor=risk
        )
    confirm_s = time.monotonic() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    with Session(engine) as session:

        def count(model: Any) -> int:
            return int(session.exec(select(func.count()).select_from(model)).one())

        written = {"cases": count(ControllerCase), "notices": count(Notice), "deadlines": count(Deadline)}
    engine.dispose()
    return {
        "confirm_s": round(confirm_s, 3),
        "affected": confirmation.fanout.affected,
        "written": written,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def _step(args: list[str], *, in_process: bool) -> dict[str, Any]:
    """One child step, in a process of its own (its peak resident set is the confirmation's alone), or here
    (the smoke test: a child's imports take seconds)."""
    if not in_process:
        env = {"BREACH_OPERATOR": "bench-dpo"}
        return harness.run_json("tests.bench.confirm.scale", args, env=env, timeout=TIMEOUT)
    step, *rest = args
    return seed(rest[0], int(rest[1])) if step == "seed" else confirm(rest[0], rest[1], None)


def measure(
    controllers: int, backend: str, folder: str, *, profile: str | None, in_process: bool, say: Callable[[str], Any]
) -> dict[str, Any]:
    """Seed and confirm ``controllers`` customers in a fresh database, each step in a process of its own."""
    with fresh_database(backend, folder) as url:
        seeded = _step(["seed", url, str(controllers)], in_process=in_process)
        args = ["confirm", url, seeded["reference"]] + (["--profile", profile] if profile else [])
        done = _step(args, in_process=in_process)
    say(
        f"{controllers} customers on {backend}: seeded in {seeded['seed_s']:.1f} s (excluded); confirmed in"
        f" {done['confirm_s']:.2f} s, {done['peak_rss_mb']:.0f} MB; wrote {json.dumps(done['written'])}"
    )
    expected = {"cases": controllers, "notices": controllers, "deadlines": controllers}
    if done["affected"] != controllers or done["written"] != expected:
        raise RuntimeError(f"the confirmation of {controllers} customers wrote {done['written']}, not {expected}")
    return done


def run(
    controllers: int,
    *,
    backend: str = "sqlite",
    reference_controllers: int = REFERENCE_CONTROLLERS,
    profile: str | None = None,
    in_process: bool = False,
    say: Callable[[str], Any] = print,
) -> dict[str, Any]:
    """Both measurements in one invocation (the machine is noisy: a ratio, not a figure, is the result)."""
    harness.use_bench_audit_key()
    with tempfile.TemporaryDirectory(prefix="bench-confirm-") as folder:
        small = measure(reference_controllers, backend, folder, profile=None, in_process=in_process, say=say)
        large = measure(controllers, backend, folder, profile=profile, in_process=in_process, say=say)
    return {
        "controllers": controllers,
        "database": backend,
        "reference_controllers": reference_controllers,
        "confirm_s": large["confirm_s"],
        "confirm_10k_s": small["confirm_s"],
        "confirm_growth": round(large["confirm_s"] / small["confirm_s"], 3),
        "peak_rss_mb": max(small["peak_rss_mb"], large["peak_rss_mb"]),
    }


def main(argv: list[str] | None = None) -> int:
    """The two child steps (``seed URL N``, ``confirm URL REFERENCE``); ``fanout.py --confirm-only`` runs them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    steps = parser.add_subparsers(dest="step", required=True)
    seeding = steps.add_parser("seed")
    seeding.add_argument("url")
    seeding.add_argument("controllers", type=int)
    confirming = steps.add_parser("confirm")
    confirming.add_argument("url")
    confirming.add_argument("reference")
    confirming.add_argument("--profile")
    args = parser.parse_args(argv)
    harness.use_bench_audit_key()
    if args.step == "seed":
        result = seed(args.url, args.controllers)
    else:
        result = confirm(args.url, args.reference, args.profile)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
