"""A batch's last, slow sends settle in the background, so the next batch can start (issue 19).

A receiver that accepts the connection and never answers holds its sender until the try's bound
(connect + 2 x read timeout: 45 s by default). ``handle_incident`` keeps a few batches in flight, and a
batch ended only when its last try returned: with 2 % of receivers hanging, nearly every batch of 1000
held its place for 45 s after its other notices were out, and the fan-out moved in steps of 45 s.

``deliver_batch(straggle_after=...)`` now hands a batch over once every notice of it went to a sender
and no result came for that many seconds (far past an answering receiver's 99th percentile, 2 s): the
results still out are settled here, in a thread of the same process, each as it returns, exactly as
before (the claim, its lease kept alive, the fence, every try a ``DeliveryAttempt`` row). The batch's
task returns what it settled; ``wait`` returns the rest, and whoever handed batches over calls it before
it reports (``flows.orchestration.incident_flow``). The threads are not daemons: a process that ends
without calling ``wait`` still settles them first, so nothing in flight is left to a lease's expiry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future

from notifications.delivery.values import BatchCounts

_lock = threading.Lock()
# By group (an incident's id: two incidents delivered in one process wait each for its own).
_running: dict[str, list[Future[BatchCounts]]] = {}


def hand_over(finish: Callable[[], BatchCounts], *, group: str) -> None:
    """Run ``finish`` (settle a batch's remaining results) in a thread of its own, counted in ``group``."""
    future: Future[BatchCounts] = Future()

    def run() -> None:
        try:
            future.set_result(finish())
        except BaseException as error:  # handed to ``wait``'s caller, not lost in this thread
            future.set_exception(error)

    with _lock:
        _running.setdefault(group, []).append(future)
    threading.Thread(target=run, name="stragglers", daemon=False).start()


def in_flight(group: str) -> int:
    """Batches of ``group`` whose stragglers are still settling."""
    with _lock:
        return sum(1 for future in _running.get(group, []) if not future.done())


def wait(group: str) -> BatchCounts:
    """Wait for every batch of ``group`` handed over so far; their counts together. Raises the first failure."""
    with _lock:
        futures = _running.pop(group, [])
    totals = BatchCounts()
    failure: BaseException | None = None
    for future in futures:
        error = future.exception()
        if error is not None:
            failure = failure or error
        else:
            totals.add(future.result())
    if failure is not None:
        raise failure
    return totals
