"""Sends in flight are not capped by Apprise's own pool (issue 19): Apprise 2 runs every call with a deadline
in one shared pool of ``min(32, cores + 4)`` threads, 6 on a 2-core machine, whatever our sender threads.

``notifications.channels.apprise_pool`` sizes it for the senders of the batches in flight. Over real sockets:
36 receivers that each answer after 0.5 s, 36 sender threads through ``AppriseChannel``: capped at 6 that is
six rounds, 3 s or more; sized, about one round.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import apprise.apprise as apprise_core
import pytest

from notifications.channels import apprise_pool
from notifications.channels.channel import AppriseChannel, OutgoingMessage
from tests.servers import http_sink

RECEIVERS = 36
ANSWER_SECONDS = 0.5


@pytest.fixture
def apprise_as_on_two_cores(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Apprise's pool as Apprise makes it on a 2-core machine (restored afterwards)."""
    capped = ThreadPoolExecutor(max_workers=6, thread_name_prefix="apprise-as-shipped")
    monkeypatch.setattr(apprise_core, "_shared_executor", capped)
    yield
    capped.shutdown(wait=False)


@pytest.mark.usefixtures("apprise_as_on_two_cores")
def test_the_pool_grows_with_the_senders_in_flight_and_never_shrinks() -> None:
    with apprise_pool.sending(8) as first:
        assert first >= 2 * 8
        with apprise_pool.sending(40) as second:
            assert second >= 2 * (8 + 40)
    with apprise_pool.sending(1) as after:
        assert after == second
    assert apprise_core.get_shared_executor()._max_workers == second


@pytest.mark.usefixtures("apprise_as_on_two_cores")
def test_slow_receivers_are_waited_for_side_by_side_not_six_at_a_time() -> None:
    channel = AppriseChannel(connect_timeout=2, read_timeout=5)
    with http_sink() as sink:
        paths = [f"slow{i}" for i in range(RECEIVERS)]
        sink.path_modes.update({f"/{path}": "slow" for path in paths})
        sink.slow_seconds = ANSWER_SECONDS

        def send(index: int) -> None:
            channel.send(sink.url(paths[index]), OutgoingMessage(f"key-{index}", "Subject", "Text", None))

        with apprise_pool.sending(RECEIVERS), ThreadPoolExecutor(max_workers=RECEIVERS) as senders:
            started = time.monotonic()
            list(senders.map(send, range(RECEIVERS)))
            took = time.monotonic() - started
    assert len(set(sink.keys())) == RECEIVERS
    # Capped at 6, the sends take six rounds: never under 3 s, however fast the machine. Sized, about one
    # round; the bound sits just under the capped floor so a loaded CI machine cannot fail it by slowness.
    assert took < 5 * ANSWER_SECONDS, f"{RECEIVERS} sends of {ANSWER_SECONDS} s took {took:.2f} s"
