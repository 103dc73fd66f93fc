"""What ``due`` refuses, naming the field: naive or textual starts, unknown rules and zones, options a rule lacks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, assert_type

import pytest

from breach.deadlines.due import (
    InvalidRuleOptions,
    due,
)
from breach.errors import InvalidInput, NaiveDatetime, OptionError, UnknownValue
from tests.unit.deadlines.deadline_times import at

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
