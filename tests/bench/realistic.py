"""The engine against receivers that behave like the Internet (``tests.bench.receivers``): one run, watched.

The engine process (``tests.bench.engine_run --drive-until``) confirms, runs ``handle_incident`` and, beside
it, delivers retries and alerts as they fall due and raises customers unreached, as the watchdog would.
Meanwhile this module watches the sink and the engine's database:

- ``engine_s``: from the commit until every receiver that neither hangs nor refuses holds its notice
  (the flaky ones through their retries);
- ``settled_s``: until every unreachable customer's notice (its every contact hangs or refuses) is back in
  retry, or failed, with its tries recorded as ``DeliveryAttempt`` rows;
- ``dpo_alerts``: messages that reached our DPO's channel (``/dpo/`` at the sink), counted once every
  unreachable customer has been raised and no alert is still owed.

Then it tells the engine to stop (a file) and waits for it.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench import harness, receivers

POLL_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Census:
    controllers: int
    reachable: int  # answer, at once or after 503s
    unreachable: frozenset[int]  # customer numbers whose every contact hangs or refuses
    flaky: int

    @classmethod
    def of(cls, controllers: int, seed: int) -> Census:
        kinds = [receivers.behaviour(i, seed).kind for i in range(controllers)]
        away = {receivers.Kind.HANGS, receivers.Kind.REFUSES}
        return cls(
            controllers=controllers,
            reachable=sum(kind not in away for kind in kinds),
            unreachable=frozenset(i for i, kind in enumerate(kinds) if kind in away),
            flaky=sum(kind is receivers.Kind.FLAKY for kind in kinds),
        )


@dataclass(frozen=True, slots=True)
class Standing:
    """The unreachable customers' notices as the database has them at one moment."""

    # Customer numbers whose notice is pending (a retry is planned) or failed, with at least one
    # DeliveryAttempt row; a retry in flight is ``sending`` again, so the watcher keeps what it saw.
    settled: frozenset[int]
    raised: int  # raised as unreached (one aggregated alert per incident and sweep)
    alerts_owed: int  # our own alerts not delivered yet


def standing(url: str, unreachable: frozenset[int]) -> Standing:
    from sqlmodel import Session, col, func, select  # noqa: PLC0415

    from breach.db.models.directory import Contact  # noqa: PLC0415
    from breach.db.models.outbox import DeliveryAttempt, Notice  # noqa: PLC0415
    from breach.vocabulary import NoticeStatus  # noqa: PLC0415
    from flows.db import make_engine  # noqa: PLC0415

    tries = (
        select(DeliveryAttempt.notice_id, func.count().label("tries"))
        .group_by(col(DeliveryAttempt.notice_id))
        .subquery()
    )
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.exec(
                select(Contact.url, Notice.status, Notice.unreached_at, tries.c.tries)
                .join(Contact, col(Contact.customer_id) == col(Notice.customer_id))
                .outerjoin(tries, tries.c.notice_id == col(Notice.id))
                .where(col(Notice.customer_id).is_not(None))
            ).all()
            owed = session.exec(
                select(func.count())
                .select_from(Notice)
                .where(col(Notice.customer_id).is_(None))
                .where(col(Notice.status).in_([NoticeStatus.PENDING.value, NoticeStatus.SENDING.value]))
            ).one()
    finally:
        engine.dispose()
    settled: set[int] = set()
    raised = 0
    back = {NoticeStatus.PENDING.value, NoticeStatus.FAILED.value}
    for address, status, unreached_at, tried in rows:
        match = receivers.PATH.search(address)
        if match is None or (index := int(match.group(1))) not in unreachable:
            continue
        value = status.value if hasattr(status, "value") else str(status)
        if value in back and (tried or 0) > 0:
            settled.add(index)
        raised += unreached_at is not None
    return Standing(settled=frozenset(settled), raised=raised, alerts_owed=int(owed))


@dataclass
class Watch:
    reachable_at: float | None = None
    settled_at: float | None = None
    alerted_at: float | None = None


def engine_pass(
    *,
    sink: harness.Sink,
    engine_url: str,
    reference: str,
    census: Census,
    env: dict[str, str],
    unreached_after: float,
    timeout: float,
    say: Callable[[str], Any] = print,
) -> tuple[dict[str, Any], dict[str, Any], Watch]:
    """Run the engine against the realistic sink; its result, the sink's stats, and when each goal was met
    (wall-clock ``time.time()``)."""
    stop = Path(tempfile.mkdtemp(prefix="breach-bench-")) / "stop"
    outcome: dict[str, Any] = {}

    def engine() -> None:
        try:
            outcome["result"] = harness.run_json(
                "tests.bench.engine_run",
                [reference, "--drive-until", str(stop), "--unreached-after", str(unreached_after)],
                env=env,
                timeout=timeout + 600,
            )
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    runner = threading.Thread(target=engine, name="engine", daemon=True)
    runner.start()
    watch = Watch()
    deadline = time.monotonic() + timeout
    away = len(census.unreachable)
    settled: set[int] = set()
    try:
        while runner.is_alive() and time.monotonic() < deadline:
            now = time.time()
            if watch.reachable_at is None and sink.stats()["distinct"] >= census.reachable:
                watch.reachable_at = now
            if watch.settled_at is None or watch.alerted_at is None:
                seen = standing(engine_url, census.unreachable)
                settled |= seen.settled
                if watch.settled_at is None and len(settled) >= away:
                    watch.settled_at = now
                if watch.alerted_at is None and seen.raised >= away and not seen.alerts_owed:
                    watch.alerted_at = now
            if watch.reachable_at and watch.settled_at and watch.alerted_at:
                break
            time.sleep(POLL_SECONDS)
        else:
            say(f"realistic: stopped waiting after {timeout:g} s: {watch}")
    finally:
        stop.touch()
        runner.join()
        stop.unlink(missing_ok=True)
        stop.parent.rmdir()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"], sink.stats(), watch
