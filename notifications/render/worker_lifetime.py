"""A render worker ends when the process that started it ends, however that process ended (issue 15, finding 5).

A spawned ``ProcessPoolExecutor`` worker waits on its call queue, and it holds that queue's write end
itself, so when the parent is SIGKILLed no end-of-file ever comes: each killed engine left a ~120 MB
worker, and multiprocessing's resource tracker (which exits only once every process holding its pipe has
gone), reparented to PID 1.

``follow_parent`` is the workers' initializer: a daemon thread in each worker checks every
``POLL_SECONDS`` whether its parent is still the process that started it (after the parent dies the worker
is reparented, so ``getppid`` changes) and ends the worker at once when it is not; the resource tracker
then sees its pipe close and ends too.

Linux's ``PR_SET_PDEATHSIG`` would be quicker but is not used: it fires when the *thread* that started the
child ends, not the process, and pool workers are started by whichever thread first submits to the pool,
such as a Prefect task's worker thread, so a finished task would kill the pool under the next one.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Final

# Short enough that a killed engine leaves nothing behind a moment later; a getppid() call costs ~1 µs.
POLL_SECONDS: Final = 0.25


def follow_parent(parent_pid: int) -> None:
    """Initializer of a render worker started by ``parent_pid``: end the worker when that parent is gone."""
    if os.getppid() != parent_pid:  # the parent died before the worker was up
        os._exit(0)
    threading.Thread(target=_watch, args=(parent_pid,), name="follow-parent", daemon=True).start()


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(POLL_SECONDS)
    # os._exit, not sys.exit: from a thread, sys.exit ends only the thread; nothing here needs cleaning up
    # (a render holds no lock or file the parent could still need, since the parent is gone).
    os._exit(0)
