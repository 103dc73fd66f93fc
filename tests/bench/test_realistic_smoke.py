"""The realistic receivers' parts work (issue 19): the draw, the sink that hangs, refuses and answers 503, the
census the benchmark waits on, and the options of ``fanout.py``.

The full run (``fanout.py --receivers realistic --compare-instant``) starts a Prefect server and waits out
retries; it is not a test.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import time

import pytest
import requests

from tests.bench import fanout, harness, receivers
from tests.bench.realistic import Census

SEED = 6  # among its first 200 customers: 0 answers, 6 flaky, 20 refuses, 23 hangs (asserted below)


def test_the_draw_has_the_issues_shares_and_delays_and_is_reproducible() -> None:
    """2 % hang, 1 % refuse, 1 % answer 503 twice; delays median 200 ms, 99th percentile about 2 s."""
    census = receivers.census(20_000, seed=1)
    assert census[receivers.Kind.HANGS] == pytest.approx(400, rel=0.15)
    assert census[receivers.Kind.REFUSES] == pytest.approx(200, rel=0.2)
    assert census[receivers.Kind.FLAKY] == pytest.approx(200, rel=0.2)
    delays = sorted(receivers.behaviour(i, 1).delay for i in range(20_000))
    assert statistics.median(delays) == pytest.approx(0.2, rel=0.05)
    assert delays[int(0.99 * len(delays))] == pytest.approx(2.0, rel=0.15)
    assert receivers.behaviour(123, 7) == receivers.behaviour(123, 7)
    assert [receivers.behaviour(i, 7) for i in range(50)] != [receivers.behaviour(i, 7) for i in range(50, 100)]


def test_the_census_counts_whom_the_engine_can_reach() -> None:
    """Hung and refusing receivers are unreachable; the flaky ones are reached through their retries."""
    census = Census.of(200, SEED)
    kinds = {i: receivers.behaviour(i, SEED).kind for i in (0, 6, 20, 23)}
    assert kinds == {
        0: receivers.Kind.ANSWERS,
        6: receivers.Kind.FLAKY,
        20: receivers.Kind.REFUSES,
        23: receivers.Kind.HANGS,
    }
    assert {20, 23} <= census.unreachable
    assert 0 not in census.unreachable
    assert 6 not in census.unreachable
    assert census.reachable + len(census.unreachable) == 200
    assert census.flaky == receivers.census(200, SEED)[receivers.Kind.FLAKY]


def test_the_realistic_sink_delays_hangs_refuses_and_answers_503_twice() -> None:
    """Over real sockets: each receiver as drawn, our DPO's alerts counted apart, refusals on their own port."""
    url_for = receivers.webhook_url(1, 2, SEED)
    assert url_for(20) == "json://127.0.0.1:2/customers/c00020"
    assert url_for(0).startswith("json://127.0.0.1:1/")
    with harness.sink("webhook", realistic_seed=SEED) as sink:
        base = f"http://127.0.0.1:{sink.port}"

        def post(index: int, *, timeout: float = 10.0) -> int:
            response = requests.post(
                f"{base}/customers/c{index:05d}", json={}, headers={"X-Breach-Notice-Key": f"k{index}"}, timeout=timeout
            )
            return response.status_code

        started = time.monotonic()
        assert post(0) == 200
        assert time.monotonic() - started >= receivers.behaviour(0, SEED).delay
        assert [post(6), post(6), post(6)] == [503, 503, 200]
        with pytest.raises(requests.exceptions.ReadTimeout):
            post(23, timeout=0.5)
        with socket.socket() as refused, pytest.raises(ConnectionRefusedError):
            refused.connect(("127.0.0.1", sink.refuse_port))
        assert requests.post(f"{base}/dpo/alerts", json={}, timeout=5).status_code == 200
        stats = sink.stats()
    assert (stats["distinct"], stats["duplicates"], stats["dpo_messages"]) == (2, 0, 1)
    assert stats["steady"] == 1  # the flaky receiver's notice came through a retry


def test_the_options_refuse_what_cannot_be_measured() -> None:
    """Realistic receivers exist for webhooks only; engine settings must be BREACH_ names."""
    with pytest.raises(ValueError, match="smtp"):
        fanout.run(10, "smtp", receivers_kind="realistic")
    with pytest.raises(SystemExit):
        fanout.main(["--engine-env", "PATH=/tmp"])


@pytest.mark.skipif(shutil.which("ss") is None, reason="needs ss (iproute2) to read a socket's listen backlog")
def test_the_sink_listens_with_a_backlog_for_hundreds_of_senders() -> None:
    """The sink's listen backlog holds hundreds of connects at once (it was 5: under 512 senders SYNs were
    dropped and connects timed out, the first-try failures of the 10 000-customer run)."""
    ss = shutil.which("ss")
    assert ss is not None
    with harness.sink("webhook") as sink:
        listening = subprocess.run(  # noqa: S603  (our own arguments)
            [ss, "-ltnH", f"sport = :{sink.port}"], capture_output=True, text=True, check=True
        )
    backlog = int(listening.stdout.split()[2])  # State Recv-Q Send-Q: for a listener, Send-Q is the backlog
    assert backlog >= 1024
