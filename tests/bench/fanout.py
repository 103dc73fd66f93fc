"""How long the engine takes to tell N customers, held against the simplest script that sends the same.

    python tests/bench/fanout.py --controllers 10000 [--channel webhook|smtp]

It starts what it needs and stops it afterwards: a sink on loopback in a process of its own (it records
each message's notice key), a Prefect server on a free loopback port whose database is a fresh
PostgreSQL database, and a fresh PostgreSQL database for the engine (``BREACH_BENCH_POSTGRES_URL``,
default the local test server); both databases are dropped at the end. It seeds N customers (mixed
languages and time zones, all on the affected service, one full-detail contact each) and an incident
with a complete narrative and facts, then measures:

- ``baseline_s``: ``tests.bench.baseline_run``, a sequential loop in one process that renders the same
  notices (same Jinja environment, same JSON attachment) and sends each through Apprise to the same sink,
  with no database and no Prefect; from its first render to the sink holding every notice;
- ``engine_s``: ``tests.bench.engine_run``, the engine in a process of its own: it confirms the incident
  (cases, clocks, notices, audit: one transaction) and commits, then runs ``handle_incident`` in-process
  against the Prefect server; from the commit to the sink holding every customer's notice. Prefect's
  server start-up is excluded; everything after the commit is included (database rows, deadlines, audit,
  rendering, attachment, Apprise delivery, receipts, Prefect's flow and task runs);
- ``ratio`` = engine_s / baseline_s; ``delivered`` = distinct notice keys at the sink; ``duplicates`` =
  extra copies; ``peak_rss_mb`` = the engine process's peak resident set (not the server's, not the sink's).

Lines before the last describe the run (set-up times, the confirmation's own time, database checks); the
last line is one JSON object with exactly the keys above plus ``controllers`` and ``channel``.
``--confirm-only`` times the confirmation alone, at N and at 10 000 customers (``tests/bench/confirm/scale.py``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import signal
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the checkout importable (tests.bench.*)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench import harness, realistic, receivers, scenario
from tests.bench.confirm import scale as confirm_scale

REFERENCE_TIMEOUT = 3600.0


def seed(url: str, controllers: int, url_for: scenario.UrlFor) -> str:
    """Migrate the engine's fresh database, insert the directory and open the incident; its reference."""
    from breach.db import schema  # noqa: PLC0415
    from flows.db import make_engine  # noqa: PLC0415
    from flows.usecases.facts import record_facts  # noqa: PLC0415
    from flows.usecases.intake import IncidentDraft, open_incident  # noqa: PLC0415
    from notifications.channels.contacts import safe_display  # noqa: PLC0415

    engine = make_engine(url)
    try:
        schema.upgrade(engine)
        now = datetime.now(UTC)
        world = scenario.directory(controllers, url_for, now=now, display=safe_display)
        from sqlmodel import Session  # noqa: PLC0415

        with Session(engine, expire_on_commit=False) as session:
            scenario.insert(world, session=session)
            incident = open_incident(
                IncidentDraft(scenario.TITLE, scenario.DESCRIPTION, [scenario.SERVICE_CODE], now - timedelta(hours=3)),
                session=session,
                actor="bench-security@cloud.example.org",
                now=now,
            )
            record_facts(
                incident.reference,
                scenario.FACTS_DOCUMENT,
                session=session,
                actor="bench-dpo@cloud.example.org",
                now=now,
            )
            session.commit()
            return incident.reference
    finally:
        engine.dispose()


def check(url: str, reference: str) -> dict[str, Any]:
    """What the engine's database says afterwards: first notices by status, the incident, the audit chain."""
    from sqlmodel import Session, col, func, select  # noqa: PLC0415

    from breach.db import repository  # noqa: PLC0415
    from breach.db.models.audit import AuditEvent  # noqa: PLC0415
    from breach.db.models.incidents import Deadline  # noqa: PLC0415
    from breach.db.models.outbox import DeliveryAttempt, Notice, SentMessage  # noqa: PLC0415
    from breach.records.store import audit  # noqa: PLC0415
    from flows.db import make_engine  # noqa: PLC0415

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            incident = repository.incident_by_reference(reference, session=session)
            by_status = dict(
                session.exec(
                    select(Notice.status, func.count()).where(Notice.incident_id == incident.id).group_by(Notice.status)
                ).all()
            )

            def count(model: Any) -> int:
                return int(session.exec(select(func.count()).select_from(model)).one())

            chain = audit.verify(session=session)
            clocks = dict(session.exec(select(Deadline.rule, func.count()).group_by(col(Deadline.rule))).all())
            return {
                "incident_status": incident.status.value,
                "notices": {str(k.value if hasattr(k, "value") else k): v for k, v in by_status.items()},
                "attempts": count(DeliveryAttempt),
                # Every try a DeliveryAttempt row: the tries the notices count, summed, equal the rows.
                "tries_on_notices": int(session.exec(select(func.coalesce(func.sum(Notice.attempts), 0))).one()),
                "sent_messages": count(SentMessage),
                "audit_events": count(AuditEvent),
                "audit_chain": "whole" if chain is None else f"broken at {chain.seq}: {chain.problem}",
                "deadlines": clocks,
            }
    finally:
        engine.dispose()


def pace(stats: dict[str, Any], start: float) -> str:
    """Seconds per 1000 notices over each stretch of the run, from the sink's marks."""
    marks = [(0, start), *((int(n), float(t)) for n, t in stats.get("marks", []))]
    step = max(1, len(marks) // 5)
    picked = marks[::step] if marks[-1] in marks[::step] else [*marks[::step], marks[-1]]
    parts = []
    for (n0, t0), (n1, t1) in itertools.pairwise(picked):
        parts.append(f"{n0}-{n1}: {(t1 - t0) / (n1 - n0) * 1000:.2f} s/1000")
    return ", ".join(parts) or "-"


def _instant_pass(
    sink: harness.Sink,
    server: harness.PrefectServer,
    controllers: int,
    url_for: scenario.UrlFor,
    *,
    extra_env: dict[str, str],
    profile: str | None,
    py_spy: str | None,
    say: Any,
) -> tuple[float, dict[str, Any], dict[str, Any]]:
    """The engine against the instant sink: seconds from the commit to the sink holding every notice."""
    base_url = harness.postgres_url()
    with harness.database("bench_engine", base_url) as name:
        engine_url = harness.with_database(base_url, name)
        started = time.monotonic()
        reference = seed(engine_url, controllers, url_for)
        say(f"seeded {controllers} customers and {reference} in {time.monotonic() - started:.1f} s (excluded)")
        sink.reset()
        env = {
            **harness.prefect_environment(server.home, server.api_url),
            "BREACH_DATABASE_URL": engine_url,
            **harness.bench_identity(),
            **extra_env,
        }
        args = [reference] + (["--profile", profile] if profile else [])
        spy = str(Path(harness.PYTHON).with_name("py-spy"))
        prefix = [spy, "record", "--gil", "-r", "200", "-f", "raw", "-o", py_spy, "--"] if py_spy else []
        engine = harness.run_json("tests.bench.engine_run", args, env=env, timeout=REFERENCE_TIMEOUT, prefix=prefix)
        stats = sink.wait_for(controllers, timeout=30, idle=0.5)
        engine_s = stats["last_new_at"] - engine["committed_at"] if stats["last_new_at"] else float("nan")
        say(
            f"engine: confirmation took {engine['confirm_s']:.2f} s before the commit (excluded);"
            f" flow {engine['flow_state']} {engine['counts']};"
            f" first notice {stats['first_at'] - engine['committed_at']:.2f} s after the commit"
            if stats["first_at"]
            else f"engine: flow {engine['flow_state']} {engine['counts']}; nothing arrived"
        )
        say(f"pace: {pace(stats, engine['committed_at'])}")
        tail = engine["flow_finished_at"] - stats["last_new_at"] if stats["last_new_at"] else float("nan")
        say(f"the flow run ended {tail:.1f} s after the last notice arrived (its dashboard artifacts; excluded)")
        say(f"database: {json.dumps(check(engine_url, reference), sort_keys=True)}")
    return engine_s, stats, engine


def _realistic_pass(
    server: harness.PrefectServer,
    controllers: int,
    *,
    seed_value: int,
    unreached_after: float,
    extra_env: dict[str, str],
    say: Any,
) -> dict[str, Any]:
    """The engine against receivers that behave like the Internet (``tests.bench.realistic``)."""
    census = realistic.Census.of(controllers, seed_value)
    say(
        f"realistic receivers (seed {seed_value}): {census.reachable} answer ({census.flaky} after two 503s),"
        f" {len(census.unreachable)} hang or refuse"
    )
    base_url = harness.postgres_url()
    with (
        harness.sink("webhook", realistic_seed=seed_value) as sink,
        harness.database("bench_engine", base_url) as name,
    ):
        engine_url = harness.with_database(base_url, name)
        url_for = receivers.webhook_url(sink.port, sink.refuse_port, seed_value)
        reference = seed(engine_url, controllers, url_for)
        sink.reset()
        env = {
            **harness.prefect_environment(server.home, server.api_url),
            "BREACH_DATABASE_URL": engine_url,
            **harness.bench_identity(),
            "BREACH_DPO_ALERT_URLS": f"json://127.0.0.1:{sink.port}/dpo/alerts",
            **extra_env,
        }
        engine, stats, watch = realistic.engine_pass(
            sink=sink,
            engine_url=engine_url,
            reference=reference,
            census=census,
            env=env,
            unreached_after=unreached_after,
            timeout=REFERENCE_TIMEOUT,
            say=say,
        )
        committed = engine["committed_at"]

        def since(moment: float | None) -> float:
            return moment - committed if moment is not None else float("nan")

        engine_s = since(stats["last_new_at"]) if stats["distinct"] >= census.reachable else float("nan")
        steady = census.reachable - census.flaky
        steady_s = since(stats["last_steady_at"]) if stats["steady"] >= steady else float("nan")
        say(
            f"realistic engine: flow {engine['flow_state']} {engine['counts']}, {engine['retry_passes']} retry"
            f" passes; every answering receiver served at {since(watch.reachable_at):.1f} s (polled),"
            f" the unreachable settled at {since(watch.settled_at):.1f} s, raised and alerted at"
            f" {since(watch.alerted_at):.1f} s"
        )
        say(f"pace: {pace(stats, committed)}")
        say(f"database: {json.dumps(check(engine_url, reference), sort_keys=True)}")
    return {
        "engine_s": engine_s,
        "steady_s": steady_s,
        "delivered": stats["distinct"],
        "duplicates": stats["duplicates"],
        "peak_rss_mb": engine["peak_rss_mb"],
        "unreachable": len(census.unreachable),
        "flaky": census.flaky,
        "settled_s": _figure(since(watch.settled_at)),
        "dpo_alerts": stats["dpo_messages"],
    }


def run(
    controllers: int,
    channel: str = "webhook",
    *,
    baseline: bool = True,
    receivers_kind: str = "instant",
    seed_value: int = 1,
    compare_instant: bool = False,
    unreached_after: float = 30.0,
    profile: str | None = None,
    py_spy: str | None = None,
    extra_env: dict[str, str] | None = None,
    say: Any = print,
) -> dict[str, Any]:
    """Run the whole benchmark once; returns the result object (the script's last line)."""
    realistic_run = receivers_kind == "realistic"
    if realistic_run and channel != "webhook":
        raise ValueError(f"--receivers realistic: only the webhook channel has realistic receivers, not {channel!r}")
    base_url = harness.postgres_url()
    extra = extra_env or {}
    with harness.sink(channel) as sink, harness.prefect_server(base_url) as server:
        say(f"prefect server on {server.api_url} (started in {server.started_in:.1f} s, excluded)")
        url_for = scenario.webhook_url(sink.port) if channel == "webhook" else scenario.email_url(sink.port)

        baseline_s = float("nan")
        if baseline:
            sink.reset()
            out = harness.run_json(
                "tests.bench.baseline_run",
                [str(controllers), channel, str(sink.port)],
                env={},
                timeout=REFERENCE_TIMEOUT,
            )
            stats = sink.wait_for(controllers, timeout=30)
            baseline_s = stats["last_new_at"] - out["started_at"] if stats["last_new_at"] else float("nan")
            say(f"baseline: {stats['distinct']} delivered in {baseline_s:.2f} s ({out['failed']} failed sends)")

        instant_s = float("nan")
        if compare_instant or not realistic_run:
            instant_s, stats, engine = _instant_pass(
                sink, server, controllers, url_for, extra_env=extra, profile=profile, py_spy=py_spy, say=say
            )
        if not realistic_run:
            return {
                "controllers": controllers,
                "channel": channel,
                "engine_s": _figure(instant_s),
                "baseline_s": _figure(baseline_s),
                "ratio": _figure(instant_s / baseline_s),
                "delivered": stats["distinct"],
                "duplicates": stats["duplicates"],
                "peak_rss_mb": engine["peak_rss_mb"],
            }
        if compare_instant:
            say(f"instant: {stats['distinct']} notices at the sink, the last {instant_s:.2f} s after the commit")
            if stats["distinct"] < controllers:  # some went to a retry: the time is not the whole fan-out's
                instant_s = float("nan")
        found = _realistic_pass(
            server, controllers, seed_value=seed_value, unreached_after=unreached_after, extra_env=extra, say=say
        )
    engine_s, steady_s = found.pop("engine_s"), found.pop("steady_s")
    return {
        "controllers": controllers,
        "channel": channel,
        "receivers": receivers_kind,
        "seed": seed_value,
        "engine_s": _figure(engine_s),
        "baseline_s": _figure(baseline_s),
        "ratio": _figure(engine_s / baseline_s),
        "instant_s": _figure(instant_s),
        "ratio_to_instant": _figure(engine_s / instant_s),
        # Without the retry policy's waits (the 503s' 30 s and 2 min): receivers that answered at once.
        "steady_s": _figure(steady_s),
        "steady_ratio_to_instant": _figure(steady_s / instant_s),
        **found,
    }


def _figure(seconds: float) -> float | None:
    """Rounded, or None (JSON null) for what was not measured: ``json.dumps`` would write NaN, not JSON."""
    return None if math.isnan(seconds) else round(seconds, 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--controllers", type=int, default=1000, help="customers to notify (default 1000)")
    parser.add_argument("--channel", choices=("webhook", "smtp"), default="webhook")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline (ratio is then null)")
    parser.add_argument("--profile", help="write a pyinstrument profile of the engine's flow run here (.txt or .html)")
    parser.add_argument("--py-spy", help="sample the engine process with py-spy (if installed) into this raw file")
    parser.add_argument(
        "--receivers",
        choices=("instant", "realistic"),
        default="instant",
        help="realistic: delays, hangs, refusals and 503s as on the Internet (webhook only; tests/bench/receivers.py)",
    )
    parser.add_argument("--seed", type=int, default=1, help="which realistic receivers hang, refuse, answer 503 (1)")
    parser.add_argument(
        "--compare-instant", action="store_true", help="also run the engine against the instant sink: ratio_to_instant"
    )
    parser.add_argument(
        "--unreached-after", type=float, default=30.0, help="seconds before a customer counts as unreached (30)"
    )
    parser.add_argument(
        "--engine-env", action="append", default=[], metavar="NAME=VALUE", help="a setting for the engine (repeatable)"
    )
    parser.add_argument(
        "--confirm-only", action="store_true", help="time the confirmation alone, at N and 10 000 (confirm/scale.py)"
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite", help="for --confirm-only")
    args = parser.parse_args(argv)
    extra_env = {}
    for item in args.engine_env:
        name, sep, value = item.partition("=")
        if not sep or not name.startswith("BREACH_"):
            parser.error(f"--engine-env: expected BREACH_NAME=VALUE, got {item!r}")
        extra_env[name] = value
    harness.use_bench_audit_key()
    # Stopped (a timeout, a terminal closed): unwind, so the sinks, the server and the databases go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.confirm_only:  # --profile is then a cProfile of the N-customer confirmation
        print(json.dumps(confirm_scale.run(args.controllers, backend=args.database, profile=args.profile)), flush=True)
        return 0
    result = run(
        args.controllers,
        args.channel,
        baseline=not args.no_baseline,
        receivers_kind=args.receivers,
        seed_value=args.seed,
        compare_instant=args.compare_instant,
        unreached_after=args.unreached_after,
        profile=args.profile,
        py_spy=args.py_spy,
        extra_env=extra_env,
    )
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
