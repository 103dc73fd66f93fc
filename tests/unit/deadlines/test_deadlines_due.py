"""``due`` on the legal examples of LAW.md section 2: the due instant of every rule, in any zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any, assert_type
from zoneinfo import ZoneInfo

import pendulum
import pytest

from breach.deadlines.due import (
    due,
)
from tests.unit.deadlines.deadline_times import BRUSSELS, at

# --- due: legal examples -------------------------------------------------------------------------------

DUE_CASES = [
    # Hour periods: exact elapsed time on the UTC line, never rolled over.
    pytest.param("gdpr.33.1", "2025-03-14T16:30+01:00", BRUSSELS, {}, "2025-03-17T16:30:00+01:00", id="law-example"),
    pytest.param("gdpr.33.1", "2025-03-28T12:00+01:00", BRUSSELS, {}, "2025-03-31T13:00:00+02:00", id="dst-spring"),
    pytest.param("gdpr.33.1", "2025-10-24T12:00+02:00", BRUSSELS, {}, "2025-10-27T11:00:00+01:00", id="dst-autumn"),
    pytest.param("gdpr.33.1", "2025-03-14T15:30Z", "Europe/Lisbon", {}, "2025-03-17T15:30:00+00:00", id="lisbon"),
    pytest.param(
        "gdpr.33.1", "2025-03-07T12:00-05:00", "America/New_York", {}, "2025-03-10T13:00:00-04:00", id="new-york-dst"
    ),
    pytest.param("dpa.8.1b", "2025-03-29T10:00+01:00", BRUSSELS, {}, "2025-03-30T11:00:00+02:00", id="dpa-default"),
    pytest.param(
        "dpa.8.1b", "2025-03-14T16:30+01:00", BRUSSELS, {"sla_hours": 4}, "2025-03-14T20:30:00+01:00", id="sla"
    ),
    pytest.param("gdpr.33.4", "2025-12-24T09:00+01:00", BRUSSELS, {}, "2025-12-27T09:00:00+01:00", id="followup"),
    pytest.param(
        "gdpr.33.4", "2025-12-24T09:00+01:00", BRUSSELS, {"hours": 24}, "2025-12-25T09:00:00+01:00", id="33.4h"
    ),
    pytest.param("gdpr.34.1", "2026-04-03T18:00+02:00", BRUSSELS, {}, "2026-04-06T18:00:00+02:00", id="easter-counts"),
    pytest.param(
        "gdpr.34.1", "2026-04-03T18:00+02:00", BRUSSELS, {"hours": 48}, "2026-04-05T18:00:00+02:00", id="34.1h"
    ),
    pytest.param(
        "nis2.23.4.a", "2025-10-25T12:00+02:00", BRUSSELS, {}, "2025-10-26T11:00:00+01:00", id="early-warning"
    ),
    pytest.param("nis2.23.4.b", "2025-03-14T16:30+01:00", BRUSSELS, {}, "2025-03-17T16:30:00+01:00", id="nis2-notice"),
    pytest.param(
        "nis2.23.4.b",
        "2025-03-14T16:30+01:00",
        BRUSSELS,
        {"trust_service_provider": True},
        "2025-03-15T16:30:00+01:00",
        id="nis2-trust-service",
    ),
    pytest.param(
        "nis2.23.4.b",
        "2025-03-14T16:30+01:00",
        BRUSSELS,
        {"trust_service_provider": False},
        "2025-03-17T16:30:00+01:00",
        id="nis2-not-trust-service",
    ),
    pytest.param(
        "dora.intermediate", "2025-03-28T12:00+01:00", BRUSSELS, {}, "2025-03-31T13:00:00+02:00", id="dora-72h"
    ),
    # dora.initial: classified_at + 4 h, capped at awareness + 24 h unless classified after that.
    pytest.param(
        "dora.initial",
        "2025-03-14T08:00+01:00",
        BRUSSELS,
        {"classified_at": at("2025-03-14T10:00+01:00")},
        "2025-03-14T14:00:00+01:00",
        id="dora-4h-after-classification",
    ),
    pytest.param(
        "dora.initial",
        "2025-03-14T08:00+01:00",
        BRUSSELS,
        {"classified_at": at("2025-03-14T08:00+01:00")},
        "2025-03-14T12:00:00+01:00",
        id="dora-classified-on-awareness",
    ),
    pytest.param(
        "dora.initial",
        "2025-03-14T08:00+01:00",
        BRUSSELS,
        {"classified_at": at("2025-03-15T06:00+01:00")},
        "2025-03-15T08:00:00+01:00",
        id="dora-capped-at-24h",
    ),
    pytest.param(
        "dora.initial",
        "2025-03-14T08:00+01:00",
        BRUSSELS,
        {"classified_at": at("2025-03-15T08:00+01:00")},
        "2025-03-15T08:00:00+01:00",
        id="dora-classified-at-the-cap",
    ),
    pytest.param(
        "dora.initial",
        "2025-03-14T08:00+01:00",
        BRUSSELS,
        {"classified_at": at("2025-03-15T14:00+01:00")},
        "2025-03-15T18:00:00+01:00",
        id="dora-classified-after-24h",
    ),
    pytest.param(
        "dora.initial",
        "2025-03-29T12:00+01:00",
        BRUSSELS,
        {"classified_at": at("2025-03-30T01:30Z")},
        "2025-03-30T07:30:00+02:00",
        id="dora-across-dst",
    ),
    # Week periods (1182/71 Art. 3(2)(c)): same weekday, end of day in tz, then roll-over.
    pytest.param("gdpr.36.2", "2025-03-04T09:15+01:00", BRUSSELS, {}, "2025-04-29T23:59:59+02:00", id="law-8-weeks"),
    pytest.param(
        "gdpr.36.2",
        "2025-03-04T09:15+01:00",
        BRUSSELS,
        {"extended": True},
        "2025-06-10T23:59:59+02:00",
        id="law-14-weeks",
    ),
    pytest.param(
        "gdpr.36.2",
        "2025-03-04T09:15+01:00",
        BRUSSELS,
        {"extended": False},
        "2025-04-29T23:59:59+02:00",
        id="not-extended",
    ),
    pytest.param("gdpr.36.2", "2025-03-04T23:30Z", BRUSSELS, {}, "2025-04-30T23:59:59+02:00", id="date-taken-in-tz"),
    pytest.param("gdpr.36.2", "2025-03-04T23:30Z", "UTC", {}, "2025-04-29T23:59:59+00:00", id="date-in-utc"),
    pytest.param(
        "gdpr.36.2",
        "2025-03-04T09:15+01:00",
        BRUSSELS,
        {"suspended_days": 10},
        "2025-05-09T23:59:59+02:00",
        id="suspended",
    ),
    pytest.param(
        "gdpr.36.2",
        "2025-03-04T09:15+01:00",
        BRUSSELS,
        {"suspended_days": 4},
        "2025-05-05T23:59:59+02:00",
        id="suspended-onto-saturday",
    ),
    pytest.param(
        "gdpr.36.2",
        "2025-03-04T09:15+01:00",
        BRUSSELS,
        {"extended": True, "suspended_days": 7},
        "2025-06-17T23:59:59+02:00",
        id="extended-and-suspended",
    ),
    pytest.param("gdpr.36.2", "2026-02-09T10:00+01:00", BRUSSELS, {}, "2026-04-07T23:59:59+02:00", id="easter-monday"),
    pytest.param(
        "gdpr.36.2",
        "2026-02-09T10:00+01:00",
        BRUSSELS,
        {"roll_over": False},
        "2026-04-06T23:59:59+02:00",
        id="easter-monday-strict",
    ),
    pytest.param("gdpr.36.2", "2026-03-19T10:00+01:00", BRUSSELS, {}, "2026-05-15T23:59:59+02:00", id="ascension"),
    pytest.param("gdpr.36.2", "2026-05-26T10:00+02:00", BRUSSELS, {}, "2026-07-22T23:59:59+02:00", id="21-july"),
    pytest.param(
        "gdpr.36.2", "2026-05-26T10:00+02:00", BRUSSELS, {"country": "NL"}, "2026-07-21T23:59:59+02:00", id="21-july-nl"
    ),
    pytest.param("gdpr.36.2", "2025-08-31T10:00+02:00", BRUSSELS, {}, "2025-10-27T23:59:59+01:00", id="sunday-dst-day"),
    pytest.param(
        "gdpr.36.2",
        "2025-08-31T10:00+02:00",
        BRUSSELS,
        {"roll_over": False},
        "2025-10-26T23:59:59+01:00",
        id="dst-day-strict",
    ),
    # Month periods: same date, clamped at the month's end.
    pytest.param(
        "gdpr.36.2.extension", "2025-01-31T10:00+01:00", BRUSSELS, {}, "2025-02-28T23:59:59+01:00", id="jan31"
    ),
    pytest.param(
        "gdpr.36.2.extension", "2026-01-31T10:00+01:00", BRUSSELS, {}, "2026-03-02T23:59:59+01:00", id="feb-sat"
    ),
    pytest.param(
        "gdpr.36.2.extension",
        "2026-01-31T10:00+01:00",
        BRUSSELS,
        {"roll_over": False},
        "2026-02-28T23:59:59+01:00",
        id="feb-sat-strict",
    ),
    pytest.param(
        "gdpr.36.2.extension", "2026-12-01T10:00+01:00", BRUSSELS, {}, "2027-01-04T23:59:59+01:00", id="new-year"
    ),
    pytest.param("gdpr.36.2.extension", "2025-11-25T10:00+01:00", BRUSSELS, {}, "2025-12-26T23:59:59+01:00", id="xmas"),
    pytest.param(
        "gdpr.36.2.extension", "2026-11-25T10:00+01:00", BRUSSELS, {}, "2026-12-28T23:59:59+01:00", id="xmas-fri"
    ),
    pytest.param("nis2.23.4.d", "2028-01-31T10:00+01:00", BRUSSELS, {}, "2028-02-29T23:59:59+01:00", id="leap-day-end"),
    pytest.param(
        "nis2.23.4.d", "2028-02-29T10:00+01:00", BRUSSELS, {}, "2028-03-29T23:59:59+02:00", id="from-leap-day"
    ),
    pytest.param(
        "nis2.23.4.d", "2027-01-31T10:00+01:00", BRUSSELS, {}, "2027-03-01T23:59:59+01:00", id="feb-28-sunday"
    ),
    pytest.param("nis2.23.4.d", "2026-12-31T10:00+01:00", BRUSSELS, {}, "2027-02-01T23:59:59+01:00", id="year-end"),
    pytest.param("dora.final", "2026-12-31T10:00+01:00", BRUSSELS, {}, "2027-01-31T23:59:59+01:00", id="dora-strict"),
    pytest.param(
        "dora.final",
        "2026-12-31T10:00+01:00",
        BRUSSELS,
        {"roll_over": True},
        "2027-02-01T23:59:59+01:00",
        id="dora-rolled",
    ),
    pytest.param("dora.final", "2027-01-31T10:00+01:00", BRUSSELS, {}, "2027-02-28T23:59:59+01:00", id="dora-leapless"),
    # Other countries and zones: their own holidays, their own end of day.
    pytest.param(
        "nis2.23.4.d",
        "2026-05-10T10:00+01:00",
        "Europe/Lisbon",
        {"country": "PT"},
        "2026-06-11T23:59:59+01:00",
        id="portugal-day",
    ),
    pytest.param(
        "nis2.23.4.d", "2026-05-10T10:00+02:00", BRUSSELS, {}, "2026-06-10T23:59:59+02:00", id="not-in-belgium"
    ),
    pytest.param(
        "gdpr.36.2.extension",
        "2026-10-26T10:00-04:00",
        "America/New_York",
        {"country": "US"},
        "2026-11-27T23:59:59-05:00",
        id="thanksgiving",
    ),
]


@pytest.mark.parametrize(("rule", "start", "tz", "options", "expected"), DUE_CASES)
def test_due(rule: str, start: str, tz: str, options: dict[str, Any], expected: str) -> None:
    """``due`` gives the legal due instant, written in ``tz``."""
    result = due(rule, at(start), tz=tz, **options)
    assert result.isoformat() == expected
    assert result.timezone_name == tz


def test_default_zone_is_brussels() -> None:
    """Without ``tz`` the result is on the Brussels wall clock."""
    result = assert_type(due("gdpr.33.1", at("2025-03-14T15:30Z")), pendulum.DateTime)
    assert result.timezone_name == BRUSSELS
    assert result.isoformat() == "2025-03-17T16:30:00+01:00"


def test_pendulum_and_zoneinfo_starts_agree() -> None:
    """A pendulum DateTime, a zoneinfo datetime and a fixed offset for one instant give one due instant."""
    starts = [
        pendulum.datetime(2025, 3, 4, 9, 15, tz=BRUSSELS),
        datetime(2025, 3, 4, 9, 15, tzinfo=ZoneInfo(BRUSSELS)),
        at("2025-03-04T08:15Z"),
    ]
    assert len({due("gdpr.36.2", s) for s in starts}) == 1
    assert len({due("gdpr.33.1", s) for s in starts}) == 1


def test_hour_rule_keeps_microseconds() -> None:
    """An hour period is exact to the microsecond: no rounding to the end of a day or minute."""
    assert due("gdpr.33.1", at("2025-03-14T16:30:12.345678+01:00")).microsecond == 345678
