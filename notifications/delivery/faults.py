"""Fault-injection points: a process that reaches the point named in ``BREACH_FAULT`` kills itself.

Crash safety is proved by killing the sender at chosen places (SIGKILL: no cleanup, no ``finally``),
not by timed kills. The variable is read at each point, never at import; unset, a point costs one
dictionary lookup.
"""

from __future__ import annotations

import os
import signal
from typing import Final

FAULT_ENV: Final = "BREACH_FAULT"
POINTS: Final = ("after-claim", "mid-batch", "after-send", "between-batches")


def checkpoint(point: str) -> None:
    if os.environ.get(FAULT_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)
