"""How long the keyed audit chain takes to append and verify, and an evidence pack to verify.

    python tests/bench/audit_chain.py [--events 10000] [--batch 250]

On a fresh SQLite file it appends N events in batches under one head lock each (``audit.append_many``,
as a delivery batch does), committing each batch, then verifies the whole chain (``audit.check``: every
MAC recomputed under the key, the links and the head). The key is a fresh random one for the run. The
last line is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable (tests.bench.*)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=250)
    args = parser.parse_args()
    os.environ["BREACH_AUDIT_KEY"] = secrets.token_hex(32)

    from sqlmodel import Session  # noqa: PLC0415  (after the key is in the environment)

    from breach.db import schema  # noqa: PLC0415
    from breach.records.store import audit  # noqa: PLC0415
    from flows.db import make_engine  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        schema.upgrade(engine)
        at = datetime(2026, 3, 2, 9, tzinfo=UTC)
        batch = [
            audit.Entry("bench.step", "bench@example.org", at, data={"i": i}, content=f"content {i}")
            for i in range(args.batch)
        ]
        started = time.perf_counter()
        with Session(engine) as session:
            for _ in range(args.events // args.batch):
                audit.append_many(batch, session=session)
                session.commit()
        appended = time.perf_counter() - started
        started = time.perf_counter()
        with Session(engine) as session:
            breaks = audit.check(session=session)
        verified = time.perf_counter() - started
        engine.dispose()
    result = {
        "events": args.events,
        "append_s": round(appended, 2),
        "verify_s": round(verified, 2),
        "breaks": len(breaks),
    }
    print(json.dumps(result))
    return 0 if not breaks else 1


if __name__ == "__main__":
    raise SystemExit(main())
