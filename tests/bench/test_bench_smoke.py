"""The benchmarks' own parts work: the world they seed, the sink that counts, the baseline that sends.

The full runs (``fanout.py``, ``latency.py``) start a Prefect server and take minutes; they are not tests.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

import pytest

from breach.vocabulary import CustomerRole, DetailLevel
from flows.risk_wiring import assess_for_customer
from tests.bench import baseline_run, harness, scenario
from tests.bench.fanout import _figure, pace

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def test_the_world_is_mixed_and_every_customer_is_affected() -> None:
    """Four languages, many zones, some resellers; each customer on the affected service with one full contact."""
    world = scenario.directory(100, scenario.webhook_url(9), now=NOW, display=lambda url: url)
    assert set(Counter(c.language.value for c in world.customers)) == {"nl", "fr", "de", "en"}
    assert len({c.timezone for c in world.customers}) >= 10
    assert any(c.role is CustomerRole.PROCESSOR for c in world.customers)
    assert len(world.contacts) == len(world.customers)
    assert {c.detail for c in world.contacts} == {DetailLevel.FULL}
    shared = next(s.id for s in world.services if s.code == scenario.SERVICE_CODE)
    assert {u.customer_id for u in world.uses if u.service_id == shared} == {c.id for c in world.customers}
    incident, owed = scenario.in_memory(world, reference="BR-2026-0001", now=NOW, assess=assess_for_customer)
    assert len({o.notice.notice_key for o in owed}) == 100
    assert incident.narrative is not None
    assert not incident.narrative.get("not_yet_known")  # a complete narrative: every item written


def test_the_baseline_sends_every_notice_once_to_the_sink(capsys: pytest.CaptureFixture[str]) -> None:
    """The baseline script delivers N distinct notice keys to the sink, which counts them and their repeats."""
    with harness.sink("webhook") as sink:
        assert baseline_run.main(["20", "webhook", str(sink.port)]) == 0
        result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        stats = sink.wait_for(20, timeout=20)
        sink.reset()
        assert sink.stats()["distinct"] == 0
    assert result["failed"] == 0
    assert stats["distinct"] == 20
    assert stats["duplicates"] == 0
    assert stats["first_at"] >= result["started_at"]


def test_the_pace_reads_the_sinks_marks() -> None:
    """Seconds per 1000 notices between the sink's marks, from the commit on."""
    assert pace({"marks": [(500, 1002.0), (1000, 1004.0)]}, 1000.0) == "0-500: 4.00 s/1000, 500-1000: 4.00 s/1000"
    assert pace({"marks": []}, 1000.0) == "-"


def test_what_was_not_measured_is_null_in_the_json_line() -> None:
    """`--no-baseline` leaves baseline and ratio unmeasured: null, since NaN is not JSON."""
    assert (_figure(1.23456), _figure(float("nan")), _figure(2.0 / float("nan"))) == (1.235, None, None)
    assert json.loads(json.dumps({"baseline_s": _figure(float("nan"))})) == {"baseline_s": None}
