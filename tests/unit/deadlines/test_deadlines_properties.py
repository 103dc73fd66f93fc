"""Invariants of ``due`` on generated starts, zones and options (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from breach.deadlines.due import (
    RULES,
    due,
    is_working_day,
)
from tests.unit.deadlines.deadline_times import BRUSSELS

FAST = settings(max_examples=40, deadline=None, database=None)

# --- properties ----------------------------------------------------------------------------------------

ZONES = [ZoneInfo(name) for name in ("UTC", BRUSSELS, "Europe/Lisbon", "America/New_York", "Asia/Kolkata")]
# Real instants in any zone: drawn on the UTC line, then written in a zone (no imaginary wall times).
STARTS = st.builds(
    lambda naive, zone: naive.replace(tzinfo=UTC).astimezone(zone),
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2029, 12, 31)),  # noqa: DTZ001
    st.sampled_from(ZONES),
)
TZ_NAMES = st.sampled_from(["UTC", BRUSSELS, "Europe/Lisbon", "America/New_York", "Australia/Sydney"])
HOUR_RULES = sorted(r for r, rule in RULES.items() if rule.unit == "hours" and r != "dora.initial")
CALENDAR_RULES = sorted(r for r, rule in RULES.items() if rule.unit != "hours")


def _defaults(rule: str, start: datetime, lag: timedelta) -> dict[str, Any]:
    return {"classified_at": start + lag} if rule == "dora.initial" else {}


@FAST
@given(rule=st.sampled_from(sorted(RULES)), start=STARTS, tz=TZ_NAMES, lag=st.timedeltas(timedelta(0), timedelta(2)))
def test_due_never_precedes_start(rule: str, start: datetime, tz: str, lag: timedelta) -> None:
    """Whatever the rule, zone and start, the due instant is after the start."""
    assert due(rule, start, tz=tz, **_defaults(rule, start, lag)) > start


@FAST
@given(rule=st.sampled_from(HOUR_RULES), start=STARTS, zone=st.sampled_from(ZONES), tz=TZ_NAMES)
def test_hour_rules_are_zone_invariant(rule: str, start: datetime, zone: ZoneInfo, tz: str) -> None:
    """An hour rule gives the same instant whatever zone the start is written in or the result shown in."""
    # Compared on the UTC line: Python's == across zones is False for a time in a repeated hour (PEP 495),
    # and + on a zoned datetime is wall-clock arithmetic.
    reference = due(rule, start.astimezone(UTC), tz="UTC")
    assert due(rule, start.astimezone(zone), tz=tz).astimezone(UTC) == reference
    assert reference == start.astimezone(UTC) + timedelta(hours=RULES[rule].amount)


@FAST
@given(start=STARTS, days=st.integers(0, 120), more=st.integers(1, 30), extended=st.booleans(), tz=TZ_NAMES)
def test_suspension_never_moves_earlier(start: datetime, days: int, more: int, extended: bool, tz: str) -> None:
    """More suspended days never bring a prior-consultation deadline forward."""
    earlier = due("gdpr.36.2", start, tz=tz, extended=extended, suspended_days=days)
    assert due("gdpr.36.2", start, tz=tz, extended=extended, suspended_days=days + more) >= earlier


@FAST
@given(rule=st.sampled_from(CALENDAR_RULES), start=STARTS, tz=TZ_NAMES, country=st.sampled_from(["BE", "PT", "US"]))
def test_rolled_never_before_strict(rule: str, start: datetime, tz: str, country: str) -> None:
    """Rolling over gives the strict end or the end of a later working day, never an earlier one."""
    strict = due(rule, start, tz=tz, roll_over=False, country=country)
    rolled = due(rule, start, tz=tz, roll_over=True, country=country)
    assert rolled >= strict
    assert is_working_day(rolled.date(), country)
    assert (rolled - strict).days < 7


@FAST
@given(rule=st.sampled_from(sorted(RULES)), start=STARTS, tz=TZ_NAMES)
def test_result_is_aware_in_tz(rule: str, start: datetime, tz: str) -> None:
    """The result is tz-aware in ``tz``; a calendar rule ends at 23:59:59.000000 there."""
    result = due(rule, start, tz=tz, **_defaults(rule, start, timedelta(hours=1)))
    assert result.tzinfo is not None
    assert result.timezone_name == tz
    assert result.utcoffset() == ZoneInfo(tz).utcoffset(result.replace(tzinfo=None))
    if RULES[rule].unit != "hours":
        assert (result.hour, result.minute, result.second, result.microsecond) == (23, 59, 59, 0)
