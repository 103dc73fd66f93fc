"""When a deadline of LAW.md section 2 falls due: ``due(rule, start, *, tz=..., **options)``.

Two ways of counting, one per kind of period:

- **hours** are exact elapsed time on the UTC line: a DST change moves the wall clock, not the instant;
  weekends and holidays count and nothing rolls over.
- **days, weeks and months** follow Regulation (EEC, Euratom) 1182/71: the day of the event does not count
  (Art. 3(1)); the period ends at the end (23:59:59) of the last day in ``tz`` (Art. 3(2)(b)), which for
  weeks and months is the day with the start's weekday or date, or the month's last day where that date
  does not exist (Art. 3(2)(c)); a last day that is a Saturday, Sunday or public holiday of ``country``
  rolls over to the end of the next working day (Art. 3(4)); and a period of two days or more holds at
  least two working days (Art. 3(5)).

The rule table is ``breach.deadlines.rules``; status and reminders are ``breach.deadlines.status``. This
module re-exports both so callers import from one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final, Literal, final, overload

import holidays
import pendulum

from breach.clock import to_utc
from breach.deadlines.rules import (
    DEFAULT_COUNTRY,
    DEFAULT_TZ,
    DORA_INITIAL_CAP_HOURS,
    GDPR_36_2_EXTENSION_WEEKS,
    NIS2_TRUST_SERVICE_HOURS,
    RULE_IDS,
    RULES,
    RULESET_EFFECTIVE_FROM,
    RULESET_VERSION,
    CalendarRuleId,
    HourRuleId,
    OptionSpec,
    OptionValue,
    PeriodUnit,
    Rule,
    RuleId,
    TargetHourRuleId,
    get_rule,
    option_defaults,
    option_specs,
    resolve_options,
)
from breach.deadlines.status import (
    OVERDUE_KEY,
    DeadlineLike,
    DeadlineStatus,
    DeadlineView,
    Reminder,
    TrackedDeadline,
    WarningPoint,
    format_local,
    passed_warnings,
    reminders_due,
    status,
    warning_points,
)
from breach.errors import BreachError, InvalidInput, OptionError, UnknownValue

__all__ = [
    "DEFAULT_COUNTRY",
    "DEFAULT_TZ",
    "OVERDUE_KEY",
    "RULES",
    "RULESET_EFFECTIVE_FROM",
    "RULESET_VERSION",
    "RULE_IDS",
    "DeadlineLike",
    "DeadlineStatus",
    "DeadlineView",
    "InvalidRuleOptions",
    "OptionSpec",
    "OptionValue",
    "PeriodUnit",
    "Reminder",
    "Rule",
    "RuleId",
    "TrackedDeadline",
    "WarningPoint",
    "due",
    "format_local",
    "get_rule",
    "is_working_day",
    "last_day",
    "option_defaults",
    "option_specs",
    "passed_warnings",
    "reminders_due",
    "status",
    "warning_points",
]

_END_OF_DAY: Final = (23, 59, 59)


@final
class InvalidRuleOptions:
    """Never returned: the type mypy gives ``due(...)`` for a known rule id with options it does not take.

    A call such as ``due("gdpr.33.1", start, extended=True)`` matches the catch-all overload below, so
    using its result as a ``DateTime`` is a type error naming this class; at run time it raises
    ``OptionError``.
    """


# The overloads, one per group of rules taking the same options (breach.deadlines.rules), let mypy --strict
# check the options a caller passes for a literal rule id; a rule id held in a plain ``str`` gets the last,
# permissive overload and is checked at run time. The catch-all for known ids deliberately overlaps the
# precise ones: it is chosen only when none of them matches.
@overload
def due(  # type: ignore[overload-overlap]
    rule: HourRuleId,
    start: datetime,
    *,
    tz: str = ...,
) -> pendulum.DateTime: ...
@overload
def due(  # type: ignore[overload-overlap]
    rule: Literal["dpa.8.1b"], start: datetime, *, tz: str = ..., sla_hours: int = ...
) -> pendulum.DateTime: ...
@overload
def due(  # type: ignore[overload-overlap]
    rule: TargetHourRuleId, start: datetime, *, tz: str = ..., hours: int = ...
) -> pendulum.DateTime: ...
@overload
def due(  # type: ignore[overload-overlap]
    rule: Literal["gdpr.36.2"],
    start: datetime,
    *,
    tz: str = ...,
    extended: bool = ...,
    suspended_days: int = ...,
    roll_over: bool = ...,
    country: str = ...,
) -> pendulum.DateTime: ...
@overload
def due(  # type: ignore[overload-overlap]
    rule: CalendarRuleId, start: datetime, *, tz: str = ..., roll_over: bool = ..., country: str = ...
) -> pendulum.DateTime: ...
@overload
def due(  # type: ignore[overload-overlap]
    rule: Literal["gdpr.28.2"],
    start: datetime,
    *,
    tz: str = ...,
    days: int = ...,
    roll_over: bool = ...,
    country: str = ...,
) -> pendulum.DateTime: ...
@overload
def due(  # type: ignore[overload-overlap]
    rule: Literal["nis2.23.4.b"], start: datetime, *, tz: str = ..., trust_service_provider: bool = ...
) -> pendulum.DateTime: ...
@overload
def due(  # type: ignore[overload-overlap]
    rule: Literal["dora.initial"], start: datetime, *, tz: str = ..., classified_at: datetime
) -> pendulum.DateTime: ...
@overload
def due(  # type: ignore[overload-overlap]
    rule: RuleId, start: datetime, *, tz: str = ..., **options: object
) -> InvalidRuleOptions: ...
@overload
def due(
    rule: str,
    start: datetime,
    *,
    tz: str = ...,
    sla_hours: int = ...,
    hours: int = ...,
    extended: bool = ...,
    suspended_days: int = ...,
    trust_service_provider: bool = ...,
    classified_at: datetime = ...,
    roll_over: bool = ...,
    country: str = ...,
    days: int = ...,
) -> pendulum.DateTime: ...
def due(
    rule: str, start: datetime, *, tz: str = DEFAULT_TZ, **options: object
) -> pendulum.DateTime | InvalidRuleOptions:
    """The instant ``rule`` falls due for an event at ``start``, as a tz-aware DateTime in ``tz``.

    Raises ``UnknownValue`` (rule, time zone, country), ``NaiveDatetime`` (start, classified_at),
    ``OptionError`` (an option missing, unknown, not of this rule, or of the wrong type or range) and
    ``InvalidInput`` (a start that is not a datetime, classified_at before start, a date out of range).
    """
    spec = get_rule(rule)
    if not isinstance(start, datetime):
        raise InvalidInput("start", start, "must be a datetime with a time zone")
    start_utc = _pendulum_utc(start, "start")
    zone = _zone(tz)
    opts = resolve_options(spec, options)
    try:
        if spec.unit == "hours":
            return _hours_due(spec, start_utc, opts).in_timezone(zone)
        country = _country(opts["country"], start_utc.year)
        suspended = opts.get("suspended_days", 0)
        weeks_extra = GDPR_36_2_EXTENSION_WEEKS if opts.get("extended") is True else 0
        days = opts.get("days")
        last = last_day(
            start_utc.in_timezone(zone).date(),
            (days if isinstance(days, int) else spec.amount) + weeks_extra,
            spec.unit,
            suspended_days=suspended if isinstance(suspended, int) else 0,
            roll_over=opts["roll_over"] is True,
            country=country,
        )
        return pendulum.datetime(last.year, last.month, last.day, *_END_OF_DAY, tz=zone)
    except BreachError:
        raise
    except (OverflowError, ValueError) as exc:  # pendulum's and datetime's limit: year 9999
        raise InvalidInput("start", start, f"rule {spec.id!r} would fall due after the year 9999") from exc


def _hours_due(rule: Rule, start: pendulum.DateTime, opts: Mapping[str, OptionValue]) -> pendulum.DateTime:
    hours = opts.get("sla_hours", opts.get("hours", rule.amount))
    if opts.get("trust_service_provider") is True:
        hours = NIS2_TRUST_SERVICE_HOURS
    if not isinstance(hours, int):  # pragma: no cover - resolve_options guarantees it
        raise OptionError("hours", hours, "must be a whole number")
    classified_at = opts.get("classified_at")
    if not isinstance(classified_at, datetime):
        return start.add(hours=hours)
    # Delegated Regulation 2025/301 Art. 5(1): 4 h after classification, capped at 24 h after awareness
    # unless classification itself came later than that (LAW.md section 2).
    classified = _pendulum_utc(classified_at, "classified_at")
    if classified < start:
        raise InvalidInput(
            "classified_at",
            classified_at.isoformat(),
            f"is before the financial entity became aware ({start.isoformat()}); classification follows awareness",
        )
    cap = start.add(hours=DORA_INITIAL_CAP_HOURS)
    after_classification = classified.add(hours=hours)
    return min(after_classification, cap) if classified <= cap else after_classification


def _pendulum_utc(value: datetime, field: str) -> pendulum.DateTime:
    # Built from fields: pendulum.instance() of a datetime.timezone.utc value loses its zone on .add().
    utc = to_utc(value, field)
    return pendulum.datetime(
        utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond, tz=pendulum.UTC
    )


def last_day(
    event_day: date,
    amount: int,
    unit: PeriodUnit,
    *,
    suspended_days: int = 0,
    roll_over: bool = True,
    country: str = DEFAULT_COUNTRY,
) -> date:
    """The last day of a period of ``amount`` days, weeks or months from an event on ``event_day``.

    Regulation 1182/71 Art. 3: the event's day does not count; months clamp at the month's end; the
    ``suspended_days`` are added to the strict end; with ``roll_over`` a weekend or public holiday of
    ``country`` moves the end to the next working day, and a period of two days or more keeps at least
    two working days.
    """
    country = _country(country, event_day.year)
    day = pendulum.date(event_day.year, event_day.month, event_day.day)
    if unit == "days":
        end = day.add(days=amount)
    elif unit == "weeks":
        end = day.add(weeks=amount)
    elif unit == "months":
        end = day.add(months=amount)  # pendulum clamps 31 January + 1 month to the end of February
    else:
        raise InvalidInput("unit", unit, "a calendar period is counted in days, weeks or months")
    end = end.add(days=suspended_days)
    strict = date(end.year, end.month, end.day)
    if not roll_over:
        return strict
    last = _next_working_day(strict, country)
    # Art. 3(5): "any period of two days or more shall include at least two working days".
    if (strict - event_day).days >= 2:
        while not _two_working_days(event_day, last, country):
            last = _next_working_day(last + timedelta(days=1), country)
    return last


def _next_working_day(day: date, country: str) -> date:
    while not is_working_day(day, country):
        day += timedelta(days=1)
    return day


def _two_working_days(after: date, through: date, country: str) -> bool:
    found = 0
    day = after + timedelta(days=1)
    while day <= through and found < 2:
        found += is_working_day(day, country)
        day += timedelta(days=1)
    return found >= 2


def is_working_day(day: date, country: str = DEFAULT_COUNTRY) -> bool:
    """Neither a Saturday, a Sunday nor a public holiday of ``country`` (1182/71 Art. 3(4))."""
    return day.weekday() < 5 and day not in _public_holidays(_country(country, day.year), day.year)


@lru_cache(maxsize=1024)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError as exc:
        raise UnknownValue("country", country, "no public-holiday calendar for this country") from exc
    return frozenset(date(d.year, d.month, d.day) for d in calendar)


def _country(value: object, year: int) -> str:
    # The holidays package also takes alpha-3 codes and class names ("Belgium"); one spelling keeps
    # stored options comparable.
    if not isinstance(value, str) or len(value) != 2 or not value.isascii() or not value.isupper():
        hint = f" (did you mean {value.upper()!r}?)" if isinstance(value, str) and len(value) == 2 else ""
        raise UnknownValue("country", value, f"must be an ISO 3166-1 alpha-2 code such as 'BE'{hint}")
    _public_holidays(value, year)
    return value


def _zone(tz: object) -> pendulum.Timezone | pendulum.FixedTimezone:
    if isinstance(tz, str) and tz:
        zone = _named_zone(tz)
        if zone is not None:
            return zone
    raise UnknownValue("tz", tz, "not an IANA time zone name such as 'Europe/Brussels'")


@lru_cache(maxsize=256)
def _named_zone(tz: str) -> pendulum.Timezone | pendulum.FixedTimezone | None:
    try:
        return pendulum.timezone(tz)
    except ValueError:  # pendulum's InvalidTimezone, and zoneinfo's refusal of odd keys such as "../x"
        return None
