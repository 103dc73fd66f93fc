"""Deadline rules of LAW.md section 2: the table, ``due`` on legal examples, refusals and invariants."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any, assert_type, get_args
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breach.deadline_rules import CalendarRuleId, HourRuleId, TargetHourRuleId
from breach.deadlines import (
    RULE_IDS,
    RULES,
    RULESET_VERSION,
    InvalidRuleOptions,
    RuleId,
    due,
    is_working_day,
    last_day,
    option_defaults,
    option_specs,
)
from breach.errors import InvalidInput, NaiveDatetime, OptionError, UnknownValue

BRUSSELS = "Europe/Brussels"
FAST = settings(max_examples=40, deadline=None, database=None)


def at(text: str) -> datetime:
    """An aware datetime from ISO text (the tables read like the law's examples)."""
    return datetime.fromisoformat(text)


# --- the table -----------------------------------------------------------------------------------------


def test_every_rule_id_of_the_type_is_in_the_table() -> None:
    """``RuleId``, ``RULE_IDS`` and ``RULES`` name the same twelve rules of LAW.md section 2."""
    assert set(get_args(RuleId)) == RULE_IDS == set(RULES)
    assert len(RULES) == 12


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_rows_are_plain_printable_data(rule_id: str) -> None:
    """Every field of a rule is a plain str or int, its id matches its key and it cites a legal source."""
    rule = RULES[rule_id]
    assert rule.id == rule_id
    for field in dataclasses.fields(rule):
        assert type(getattr(rule, field.name)) in (str, int), field.name
    assert re.search(r"\b(Art\.|clause)\s", rule.source)
    assert rule.version == RULESET_VERSION
    assert date.fromisoformat(rule.effective_from) <= date(2025, 1, 17)
    assert rule.description.endswith(".")
    assert rule.unit in ("hours", "days", "weeks", "months")
    assert rule.amount > 0


@pytest.mark.parametrize(
    ("group", "options"),
    [
        pytest.param(HourRuleId, set(), id="hour-rules-take-no-options"),
        pytest.param(TargetHourRuleId, {"hours"}, id="internal-targets-take-hours"),
        pytest.param(CalendarRuleId, {"roll_over", "country"}, id="calendar-rules-take-roll-over"),
    ],
)
def test_overload_groups_match_the_table(group: Any, options: set[str]) -> None:
    """The rule groups that type the overloads of ``due`` take exactly the options the table gives them."""
    for rule_id in get_args(group):
        assert set(option_specs(rule_id)) == options


@pytest.mark.parametrize(
    ("rule_id", "defaults"),
    [
        pytest.param("dpa.8.1b", {"sla_hours": 24}, id="dpa-sla"),
        pytest.param("gdpr.33.4", {"hours": 72}, id="follow-up-target"),
        pytest.param("gdpr.34.1", {"hours": 72}, id="data-subjects-target"),
        pytest.param(
            "gdpr.36.2",
            {"extended": False, "suspended_days": 0, "roll_over": True, "country": "BE"},
            id="prior-consultation",
        ),
        pytest.param("nis2.23.4.b", {"trust_service_provider": False}, id="nis2-notification"),
        pytest.param("dora.initial", {}, id="dora-initial-required-only"),
        pytest.param("dora.final", {"roll_over": False, "country": "BE"}, id="dora-final-strict"),
    ],
)
def test_option_defaults(rule_id: str, defaults: dict[str, object]) -> None:
    """The defaults parsed from the table are the ones the contract names."""
    assert option_defaults(rule_id) == defaults


def test_dora_initial_requires_classified_at() -> None:
    """``classified_at`` is the one required option, and only of ``dora.initial``."""
    required = {(r, n) for r in RULES for n, spec in option_specs(r).items() if spec.required}
    assert required == {("dora.initial", "classified_at")}


def test_hour_options_default_to_the_rule_amount() -> None:
    """Where an option replaces the hours, its default is the amount the table prints."""
    for rule_id, rule in RULES.items():
        for name in ("sla_hours", "hours"):
            if name in option_specs(rule_id):
                assert option_defaults(rule_id)[name] == rule.amount


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


@pytest.mark.parametrize(
    ("event", "amount", "unit", "expected"),
    [
        pytest.param(date(2025, 3, 14), 2, "days", date(2025, 3, 18), id="two-days-from-friday-keep-two-working-days"),
        pytest.param(date(2025, 3, 14), 1, "days", date(2025, 3, 17), id="one-day-from-friday-rolls-to-monday"),
        pytest.param(date(2025, 3, 12), 2, "days", date(2025, 3, 14), id="two-days-midweek"),
        pytest.param(date(2025, 4, 18), 3, "days", date(2025, 4, 23), id="over-easter-keeps-two-working-days"),
        pytest.param(date(2025, 4, 17), 3, "days", date(2025, 4, 22), id="over-easter"),
        pytest.param(date(2025, 1, 31), 1, "months", date(2025, 2, 28), id="month-clamp"),
        pytest.param(date(2025, 3, 4), 8, "weeks", date(2025, 4, 29), id="weeks"),
    ],
)
def test_last_day(event: date, amount: int, unit: Any, expected: date) -> None:
    """``last_day`` counts 1182/71 periods, including day periods and Art. 3(5)'s two working days."""
    assert last_day(event, amount, unit) == expected


def test_last_day_refuses_hours() -> None:
    """Hours are not a calendar period: ``last_day`` refuses them."""
    with pytest.raises(InvalidInput, match="days, weeks or months"):
        last_day(date(2025, 3, 14), 72, "hours")


@pytest.mark.parametrize(
    ("day", "country", "working"),
    [
        pytest.param(date(2026, 4, 6), "BE", False, id="easter-monday-be"),
        pytest.param(date(2026, 4, 6), "PT", True, id="easter-monday-pt"),
        pytest.param(date(2026, 4, 3), "PT", False, id="good-friday-pt"),
        pytest.param(date(2026, 7, 21), "BE", False, id="national-day"),
        pytest.param(date(2026, 7, 20), "BE", True, id="monday"),
        pytest.param(date(2026, 7, 18), "BE", False, id="saturday"),
        pytest.param(date(2026, 7, 19), "BE", False, id="sunday"),
    ],
)
def test_is_working_day(day: date, country: str, working: bool) -> None:
    """Saturdays, Sundays and the country's public holidays are not working days."""
    assert is_working_day(day, country) is working


# --- refusals ------------------------------------------------------------------------------------------

START = at("2025-03-14T16:30+01:00")

REFUSALS = [
    pytest.param("gdpr.33.1", datetime(2025, 3, 14, 16, 30), {}, NaiveDatetime, "start", id="naive-start"),  # noqa: DTZ001
    pytest.param("gdpr.33.1", date(2025, 3, 14), {}, InvalidInput, "start", id="date-start"),
    pytest.param("gdpr.33.1", "2025-03-14T16:30+01:00", {}, InvalidInput, "start", id="text-start"),
    pytest.param("gdpr.33.2", START, {}, UnknownValue, "rule", id="unknown-rule"),
    pytest.param(None, START, {}, UnknownValue, "rule", id="no-rule"),
    pytest.param("gdpr.33.1", START, {"tz": "Europe/Bruxelles"}, UnknownValue, "tz", id="unknown-tz"),
    pytest.param("gdpr.33.1", START, {"tz": ""}, UnknownValue, "tz", id="empty-tz"),
    pytest.param("gdpr.33.1", START, {"tz": "../etc/passwd"}, UnknownValue, "tz", id="path-tz"),
    pytest.param("gdpr.33.1", START, {"tz": ["UTC"]}, UnknownValue, "tz", id="list-tz"),
    pytest.param("gdpr.36.2", START, {"country": "XX"}, UnknownValue, "country", id="unknown-country"),
    pytest.param("gdpr.36.2", START, {"country": "be"}, UnknownValue, "country", id="lower-case-country"),
    pytest.param("gdpr.36.2", START, {"country": "BEL"}, UnknownValue, "country", id="alpha-3-country"),
    pytest.param("gdpr.36.2", START, {"country": 56}, OptionError, "country", id="numeric-country"),
    pytest.param("dora.final", START, {"country": "XX", "roll_over": False}, UnknownValue, "country", id="strict-xx"),
    pytest.param("dora.initial", START, {}, OptionError, "classified_at", id="missing-classified-at"),
    pytest.param("dora.initial", START, {"classified_at": None}, OptionError, "classified_at", id="none-classified"),
    pytest.param(
        "dora.initial",
        START,
        {"classified_at": datetime(2025, 3, 14, 18)},  # noqa: DTZ001
        NaiveDatetime,
        "classified_at",
        id="naive-classified-at",
    ),
    pytest.param(
        "dora.initial",
        START,
        {"classified_at": START - timedelta(minutes=1)},
        InvalidInput,
        "classified_at",
        id="classified-before-aware",
    ),
    pytest.param("gdpr.33.1", START, {"extended": True}, OptionError, "extended", id="extended-on-33.1"),
    pytest.param("gdpr.33.1", START, {"extnded": True}, OptionError, "extnded", id="misspelt-option"),
    pytest.param("gdpr.33.1", START, {"roll_over": False}, OptionError, "roll_over", id="roll-over-on-hours"),
    pytest.param("gdpr.33.1", START, {"country": "BE"}, OptionError, "country", id="country-on-hours"),
    pytest.param("gdpr.36.2.extension", START, {"suspended_days": 3}, OptionError, "suspended_days", id="susp-ext"),
    pytest.param("gdpr.33.4", START, {"sla_hours": 4}, OptionError, "sla_hours", id="sla-on-33.4"),
    pytest.param("dpa.8.1b", START, {"sla_hours": -1}, OptionError, "sla_hours", id="negative-sla"),
    pytest.param("dpa.8.1b", START, {"sla_hours": 0}, OptionError, "sla_hours", id="zero-sla"),
    pytest.param("dpa.8.1b", START, {"sla_hours": 10**6}, OptionError, "sla_hours", id="huge-sla"),
    pytest.param("dpa.8.1b", START, {"sla_hours": True}, OptionError, "sla_hours", id="bool-sla"),
    pytest.param("dpa.8.1b", START, {"sla_hours": 1.5}, OptionError, "sla_hours", id="float-sla"),
    pytest.param("dpa.8.1b", START, {"sla_hours": "24"}, OptionError, "sla_hours", id="text-sla"),
    pytest.param("gdpr.34.1", START, {"hours": -72}, OptionError, "hours", id="negative-hours"),
    pytest.param("gdpr.36.2", START, {"suspended_days": -1}, OptionError, "suspended_days", id="negative-suspension"),
    pytest.param("gdpr.36.2", START, {"suspended_days": 2.0}, OptionError, "suspended_days", id="float-suspension"),
    pytest.param("gdpr.36.2", START, {"extended": 1}, OptionError, "extended", id="int-extended"),
    pytest.param("gdpr.36.2", START, {"roll_over": "no"}, OptionError, "roll_over", id="text-roll-over"),
    pytest.param(
        "nis2.23.4.b", START, {"trust_service_provider": None}, OptionError, "trust_service_provider", id="none-tsp"
    ),
    pytest.param("gdpr.36.2", at("9999-12-01T00:00Z"), {}, InvalidInput, "start", id="after-year-9999"),
    pytest.param("gdpr.33.1", at("9999-12-31T00:00Z"), {}, InvalidInput, "start", id="hours-after-year-9999"),
]


@pytest.mark.parametrize(("rule", "start", "options", "error", "field"), REFUSALS)
def test_refusals(rule: Any, start: Any, options: dict[str, Any], error: type[InvalidInput], field: str) -> None:
    """Bad input raises the typed error of ``breach.errors`` that names the field at fault."""
    with pytest.raises(error) as caught:
        due(rule, start, **options)
    assert caught.value.field == field
    assert field in str(caught.value)


def test_inapplicable_option_names_the_rule_and_its_options() -> None:
    """An option of another rule is refused with the rule's own options listed."""
    with pytest.raises(OptionError, match=r"not an option of rule 'gdpr\.36\.2\.extension'.*roll_over"):
        # mypy types the call as InvalidRuleOptions, so using it as a DateTime is a static error too.
        assert_type(due("gdpr.36.2.extension", START, extended=True), InvalidRuleOptions)


def test_rule_without_options_says_so() -> None:
    """A rule that takes no options says that it takes none."""
    with pytest.raises(OptionError, match="it takes no options"):
        assert_type(due("gdpr.33.1", START, hours=48), InvalidRuleOptions)


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
