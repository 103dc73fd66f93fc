"""How long settling a batch of failed tries takes: the retry decision of ``notifications.delivery.retries``.

    python tests/bench/failed_batch.py [--customers 300] [--rounds 3]

A fresh SQLite file; N fictional customers with two contacts each; every try fails (the FailingChannel fake,
so no network is timed); each round delivers one batch of N at a time 15 minutes later than the last and
prints how long the batch took (claim, plan, render, send, settle). A batch that succeeds instead is timed
first, as the floor. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable (tests.bench.*)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import Engine
from sqlmodel import Session

from breach.clock import FixedClock
from breach.db import schema
from flows import db as flows_db
from flows.db import make_engine
from notifications.channels.channel import Channel, FailingChannel, RecordingChannel
from notifications.delivery.sender import RetryPolicy, deliver_batch
from tests.bench import harness
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident

T0 = datetime(2026, 6, 1, 8, tzinfo=UTC)


def _world(count: int) -> Engine:
    engine = make_engine(f"sqlite:///{tempfile.mkdtemp(prefix='bench-failed-')}/bench.db")
    schema.upgrade(engine)
    contacts = [[f"json://127.0.0.1:9/a{i}", f"json://127.0.0.1:9/b{i}"] for i in range(count)]
    with Session(engine, expire_on_commit=False) as session:
        customers = [customer(f"Klant {i:05d} BV", contacts=contacts[i]) for i in range(count)]
        confirmed_incident(session, customers=customers, now=T0)
    return engine


def _batch(engine: Engine, channel: Channel, clock: FixedClock, count: int) -> float:
    started = time.perf_counter()
    deliver_batch(
        unit_of_work=partial(flows_db.unit_of_work, engine),
        channel=channel,
        sender=SENDER,
        clock=clock,
        limit=count,
        policy=RetryPolicy(concurrency=8),
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    harness.use_bench_audit_key()
    delivered = _batch(_world(args.customers), RecordingChannel(), FixedClock(T0), args.customers)
    print(f"delivered batch: {delivered:.2f} s", flush=True)
    engine, clock = _world(args.customers), FixedClock(T0)
    failed = []
    for number in range(args.rounds):
        failed.append(_batch(engine, FailingChannel(), clock, args.customers))
        print(f"failed batch {number + 1}: {failed[-1]:.2f} s", flush=True)
        clock.advance(timedelta(minutes=15))
    print(
        json.dumps(
            {"customers": args.customers, "delivered_s": round(delivered, 2), "failed_s": [round(f, 2) for f in failed]}
        )
    )


if __name__ == "__main__":
    main()
