"""Deadline rules of LAW.md section 2 as a table: its rows, option groups and defaults, and the calendar it counts
on (periods and working days)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any, get_args

import pytest

from breach.deadlines.due import (
    RULE_IDS,
    RULES,
    RULESET_VERSION,
    RuleId,
    is_working_day,
    last_day,
    option_defaults,
    option_specs,
)
from breach.deadlines.rules import CalendarRuleId, HourRuleId, TargetHourRuleId
from breach.errors import InvalidInput

# --- the table -----------------------------------------------------------------------------------------


def test_every_rule_id_of_the_type_is_in_the_table() -> None:
    """``RuleId``, ``RULE_IDS`` and ``RULES`` name the same fourteen rules of LAW.md section 2 and the DPA."""
    assert set(get_args(RuleId)) == RULE_IDS == set(RULES)
    assert len(RULES) == 17


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
