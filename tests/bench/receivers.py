"""How the benchmark's receivers behave: at once (``instant``), or like the Internet (``realistic``).

A realistic receiver answers after a delay drawn from a log-normal distribution (median 200 ms, 99th
percentile about 2 s: a webhook behind a load balancer, a mail relay that scans); 2 % accept the
connection and never answer; 1 % refuse connections (a host that is down); 1 % answer 503 twice, then
200 (a deploy, a full queue). Each receiver's behaviour is drawn once from the seed and its customer's
number, so a run is reproducible and the sink (which knows the path) and the benchmark (which knows the
customer) agree on it without talking to each other.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from tests.bench.scenario import UrlFor


class Kind(StrEnum):
    ANSWERS = "answers"
    HANGS = "hangs"
    REFUSES = "refuses"
    FLAKY = "flaky"  # 503 twice, then 200


MEDIAN_SECONDS: Final = 0.2
P99_SECONDS: Final = 2.0
# The 99th percentile of a standard normal: sigma such that exp(mu + Z99 * sigma) is the p99.
Z99: Final = 2.3263
SIGMA: Final = math.log(P99_SECONDS / MEDIAN_SECONDS) / Z99
SHARES: Final = ((Kind.HANGS, 0.02), (Kind.REFUSES, 0.01), (Kind.FLAKY, 0.01))
FLAKY_FAILURES: Final = 2
PATH: Final = re.compile(r"/customers/c(\d+)")


@dataclass(frozen=True, slots=True)
class Behaviour:
    kind: Kind
    delay: float  # seconds before an answer (200 or 503); unused for hangs and refusals


INSTANT: Final = Behaviour(Kind.ANSWERS, 0.0)


def behaviour(index: int, seed: int) -> Behaviour:
    """Customer ``index``'s receiver under ``seed``: the same answer in every process."""
    rng = random.Random(f"{seed}:{index}")  # noqa: S311  (a reproducible draw, not a secret)
    draw, delay = rng.random(), rng.lognormvariate(math.log(MEDIAN_SECONDS), SIGMA)
    floor = 0.0
    for kind, share in SHARES:
        if floor <= draw < floor + share:
            return Behaviour(kind, delay)
        floor += share
    return Behaviour(Kind.ANSWERS, delay)


def of_path(path: str, seed: int | None) -> Behaviour:
    """The behaviour of the receiver at a sink path; instant without a seed or for any other path."""
    match = PATH.match(path)
    if seed is None or match is None:
        return INSTANT
    return behaviour(int(match.group(1)), seed)


def census(controllers: int, seed: int) -> Counter[Kind]:
    """How many receivers of each kind a run of ``controllers`` customers has."""
    return Counter(behaviour(i, seed).kind for i in range(controllers))


def webhook_url(port: int, refuse_port: int, seed: int) -> UrlFor:
    """Customer URLs: refusing receivers point at a port where nothing listens, the rest at the sink."""

    def url_for(index: int) -> str:
        target = refuse_port if behaviour(index, seed).kind is Kind.REFUSES else port
        return f"json://127.0.0.1:{target}/customers/c{index:05d}"

    return url_for
