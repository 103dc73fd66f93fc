"""The deadline rules of LAW.md section 2 as data: one frozen row per rule, each citing its article.

Counsel reviews this one screen. A new interpretation, or a change in the law (the Commission's 2025
"Digital Omnibus" proposal of 96 hours is *not* law), is one edited row with a new ``effective_from`` and
a new ``RULESET_VERSION``. Every field of a ``Rule`` is a plain ``str`` or ``int`` so that ``breach rules``
can print the table as it is; the option defaults are written as ``name=default`` text in the row and
parsed once, at import, against the option types below (a typo in the table fails the import).

Nothing here computes a date: ``breach.deadlines.due.due`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Final, Literal, cast, get_args

from breach.clock import require_aware
from breach.errors import OptionError, UnknownValue

# The overloads of ``breach.deadlines.due.due`` are typed per group: rules in one group take the same options.
HourRuleId = Literal["gdpr.33.1", "nis2.23.4.a", "dora.intermediate"]
TargetHourRuleId = Literal["gdpr.33.4", "gdpr.34.1"]
CalendarRuleId = Literal["gdpr.36.2.extension", "nis2.23.4.d", "dora.final"]
RuleId = Literal[
    HourRuleId,
    TargetHourRuleId,
    CalendarRuleId,
    "dpa.8.1b",
    "dpa.4.1",
    "dpa.5",
    "dpa.9",
    "dpa.10.2",
    "gdpr.28.2",
    "gdpr.36.2",
    "nis2.23.4.b",
    "dora.initial",
]

PeriodUnit = Literal["hours", "days", "weeks", "months"]
StartEvent = Literal[
    "processor_aware",
    "request_received",
    "change_announced",
    "controller_aware",
    "previous_notice",
    "high_risk_established",
    "consultation_received",
    "significant_incident_aware",
    "incident_notification_submitted",
    "financial_entity_aware",
    "initial_report_submitted",
    "intermediate_report_submitted",
]
Party = Literal[
    "processor",
    "controller",
    "supervisory_authority",
    "data_subjects",
    "csirt",
    "financial_entity",
    "competent_authority",
]
OptionName = Literal[
    "sla_hours",
    "hours",
    "extended",
    "suspended_days",
    "trust_service_provider",
    "classified_at",
    "roll_over",
    "country",
    "days",
]
OptionValue = int | bool | str | datetime

RULESET_VERSION: Final = "2025.1"
# The newest law in the set: DORA applies from 17 January 2025 (Regulation (EU) 2022/2554 Art. 64).
RULESET_EFFECTIVE_FROM: Final = "2025-01-17"

DEFAULT_TZ: Final = "Europe/Brussels"
DEFAULT_COUNTRY: Final = "BE"

# GDPR Art. 36(2): the 8 weeks "may be extended by six weeks".
GDPR_36_2_EXTENSION_WEEKS: Final = 6
# NIS2 Art. 23(4), second subparagraph: a trust service provider notifies within 24 hours, not 72.
NIS2_TRUST_SERVICE_HOURS: Final = 24
# Delegated Regulation (EU) 2025/301 Art. 5(1): 4 h after classification, "but no later than 24 hours"
# after awareness.
DORA_INITIAL_CAP_HOURS: Final = 24

# Upper bounds keep a typo (sla_hours=2400000) from becoming a date nobody can represent; no contract
# or authority practice comes near them.
MAX_HOURS: Final = 8784  # one leap year
MAX_SUSPENDED_DAYS: Final = 3660  # ten years

REQUIRED: Final = "required"

_OPTION_TYPES: Final[Mapping[OptionName, type]] = MappingProxyType(
    {
        "sla_hours": int,
        "hours": int,
        "extended": bool,
        "suspended_days": int,
        "trust_service_provider": bool,
        "classified_at": datetime,
        "roll_over": bool,
        "country": str,
        "days": int,
    }
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One deadline: who owes whom what, counted from which event, over which period, under which law."""

    id: RuleId
    source: str
    start_event: StartEvent
    amount: int
    unit: PeriodUnit
    obliged: Party
    recipient: Party
    description: str
    options: str
    version: str
    effective_from: str


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """An option of one rule: its name, its type and its default (``required``: no default)."""

    name: OptionName
    kind: type
    default: OptionValue | None
    required: bool


def _row(
    id: RuleId,
    *,
    source: str,
    start_event: StartEvent,
    amount: int,
    unit: PeriodUnit,
    obliged: Party,
    recipient: Party,
    description: str,
    options: str = "",
    effective_from: str,
) -> tuple[RuleId, Rule]:
    rule = Rule(
        id=id,
        source=source,
        start_event=start_event,
        amount=amount,
        unit=unit,
        obliged=obliged,
        recipient=recipient,
        description=description,
        options=options,
        version=RULESET_VERSION,
        effective_from=effective_from,
    )
    return id, rule


_CALENDAR = f"roll_over=True, country={DEFAULT_COUNTRY}"
_GDPR: Final = "2018-05-25"  # GDPR Art. 99(2)
_NIS2_BE: Final = "2024-10-18"  # Belgian NIS2 law of 26 April 2024, in force on 18 October 2024

RULES: Final[Mapping[str, Rule]] = MappingProxyType(
    dict(
        [
            _row(
                "dpa.8.1b",
                source="DPA clause 8(1)(b); GDPR Art. 33(2)",
                start_event="processor_aware",
                amount=24,
                unit="hours",
                obliged="processor",
                recipient="controller",
                description="The processor notifies each affected controller immediately; the contract's "
                "SLA hours are the ceiling that escalates.",
                options="sla_hours=24",
                effective_from=_GDPR,
            ),
            _row(
                "dpa.4.1",
                source="DPA clause 4(1); GDPR Art. 28(3)(e), 12(3)",
                start_event="request_received",
                amount=24,
                unit="hours",
                obliged="processor",
                recipient="controller",
                description="The processor forwards a data subject's request to the controller immediately; "
                "the controller's month to answer (Art. 12(3)) runs from receipt, so ours is the contract's hours.",
                options="sla_hours=24",
                effective_from=_GDPR,
            ),
            _row(
                "dpa.5",
                source="DPA clause 5(a) and 5(e); GDPR Art. 37(7), 28(3)(h)",
                start_event="processor_aware",
                amount=24,
                unit="hours",
                obliged="processor",
                recipient="controller",
                description="The processor tells its customers immediately of a change of its DPO and of an "
                "inspection or measure by an authority concerning their processing.",
                options="sla_hours=24",
                effective_from=_GDPR,
            ),
            _row(
                "dpa.9",
                source="DPA clause 9(1) and 9(2); GDPR Art. 28(3)(a), 28(3) second subparagraph",
                start_event="processor_aware",
                amount=24,
                unit="hours",
                obliged="processor",
                recipient="controller",
                description="The processor asks the customer to confirm an oral instruction in writing, and "
                "tells it immediately, with its reasons, of an instruction it believes infringes data-protection "
                "law; counted from receipt of the instruction, and from our concern for the second.",
                options="sla_hours=24",
                effective_from=_GDPR,
            ),
            _row(
                "dpa.10.2",
                source="DPA clause 10(2); GDPR Art. 28(3)(g)",
                start_event="processor_aware",
                amount=24,
                unit="hours",
                obliged="processor",
                recipient="controller",
                description="At the end of the contract, or on the customer's request, the processor returns or "
                "destroys the customer's personal data and sends it the record of destruction; counted from the "
                "destruction (or the return), the contract's SLA hours as the ceiling.",
                options="sla_hours=24",
                effective_from=_GDPR,
            ),
            _row(
                "gdpr.28.2",
                source="GDPR Art. 28(2), second sentence; DPA clause 6 (no period of its own)",
                start_event="change_announced",
                amount=30,
                unit="days",
                obliged="controller",
                recipient="processor",
                description="A customer may object to an announced change of sub-processor (added, replaced, "
                "moved, new transfer ground) until the period ends; the change takes effect only after it. "
                "The days are ours to set (BREACH_SUBPROCESSOR_OBJECTION_DAYS): neither the GDPR nor the DPA "
                "fixes them.",
                options=f"days=30, {_CALENDAR}",
                effective_from=_GDPR,
            ),
            _row(
                "gdpr.33.1",
                source="GDPR Art. 33(1)",
                start_event="controller_aware",
                amount=72,
                unit="hours",
                obliged="controller",
                recipient="supervisory_authority",
                description="The controller notifies the supervisory authority within 72 hours of becoming "
                "aware, unless the breach is unlikely to result in a risk; later needs reasons.",
                effective_from=_GDPR,
            ),
            _row(
                "gdpr.33.4",
                source="GDPR Art. 33(4)",
                start_event="previous_notice",
                amount=72,
                unit="hours",
                obliged="controller",
                recipient="supervisory_authority",
                description="Further information follows in phases without undue further delay; the hours "
                "are an internal target.",
                options="hours=72",
                effective_from=_GDPR,
            ),
            _row(
                "gdpr.34.1",
                source="GDPR Art. 34(1)",
                start_event="high_risk_established",
                amount=72,
                unit="hours",
                obliged="controller",
                recipient="data_subjects",
                description="The controller communicates a high-risk breach to the data subjects without "
                "undue delay; the hours are an internal target.",
                options="hours=72",
                effective_from=_GDPR,
            ),
            _row(
                "gdpr.36.2",
                source="GDPR Art. 36(2)",
                start_event="consultation_received",
                amount=8,
                unit="weeks",
                obliged="supervisory_authority",
                recipient="controller",
                description=f"The authority gives its written advice on a prior consultation within 8 weeks "
                f"of receipt, {8 + GDPR_36_2_EXTENSION_WEEKS} if extended, plus any suspended days.",
                options=f"extended=False, suspended_days=0, {_CALENDAR}",
                effective_from=_GDPR,
            ),
            _row(
                "gdpr.36.2.extension",
                source="GDPR Art. 36(2), third sentence",
                start_event="consultation_received",
                amount=1,
                unit="months",
                obliged="supervisory_authority",
                recipient="controller",
                description="The authority announces an extension of the consultation period, with reasons, "
                "within one month of receipt.",
                options=_CALENDAR,
                effective_from=_GDPR,
            ),
            _row(
                "nis2.23.4.a",
                source="Directive (EU) 2022/2555 (NIS2) Art. 23(4)(a); Belgian law of 26 April 2024",
                start_event="significant_incident_aware",
                amount=24,
                unit="hours",
                obliged="processor",
                recipient="csirt",
                description="The processor sends the CSIRT (in Belgium the CCB) an early warning of a "
                "significant incident within 24 hours of becoming aware.",
                effective_from=_NIS2_BE,
            ),
            _row(
                "nis2.23.4.b",
                source="NIS2 Art. 23(4)(b) and its second subparagraph (trust service providers)",
                start_event="significant_incident_aware",
                amount=72,
                unit="hours",
                obliged="processor",
                recipient="csirt",
                description=f"The processor notifies the significant incident to the CSIRT within 72 hours "
                f"of becoming aware, {NIS2_TRUST_SERVICE_HOURS} for a trust service provider.",
                options="trust_service_provider=False",
                effective_from=_NIS2_BE,
            ),
            _row(
                "nis2.23.4.d",
                source="NIS2 Art. 23(4)(d)",
                start_event="incident_notification_submitted",
                amount=1,
                unit="months",
                obliged="processor",
                recipient="csirt",
                description="The processor sends the final report one month after the incident notification "
                "(a progress report instead while the incident is ongoing, Art. 23(4)(e)).",
                options=_CALENDAR,
                effective_from=_NIS2_BE,
            ),
            _row(
                "dora.initial",
                source="Regulation (EU) 2022/2554 (DORA) Art. 19(4)(a); Delegated Regulation (EU) 2025/301 Art. 5(1)",
                start_event="financial_entity_aware",
                amount=4,
                unit="hours",
                obliged="financial_entity",
                recipient="competent_authority",
                description=f"The financial entity sends the initial notification 4 hours after classifying "
                f"the incident as major, no later than {DORA_INITIAL_CAP_HOURS} hours after awareness.",
                options=f"classified_at={REQUIRED}",
                effective_from=RULESET_EFFECTIVE_FROM,
            ),
            _row(
                "dora.intermediate",
                source="DORA Art. 19(4)(b); Delegated Regulation (EU) 2025/301 Art. 5(2)",
                start_event="initial_report_submitted",
                amount=72,
                unit="hours",
                obliged="financial_entity",
                recipient="competent_authority",
                description="The financial entity sends the intermediate report within 72 hours of the "
                "initial notification.",
                effective_from=RULESET_EFFECTIVE_FROM,
            ),
            _row(
                "dora.final",
                source="DORA Art. 19(4)(c); Delegated Regulation (EU) 2025/301 Art. 5(3)",
                start_event="intermediate_report_submitted",
                amount=1,
                unit="months",
                obliged="financial_entity",
                recipient="competent_authority",
                description="The financial entity sends the final report one month after the latest "
                "intermediate report; strict, since the RTS's own weekend relief is not applied.",
                options=f"roll_over=False, country={DEFAULT_COUNTRY}",
                effective_from=RULESET_EFFECTIVE_FROM,
            ),
        ]
    )
)

RULE_IDS: Final[frozenset[str]] = frozenset(get_args(RuleId))


def _parse_default(name: OptionName, text: str) -> OptionValue | None:
    kind = _OPTION_TYPES[name]
    if text == REQUIRED:
        return None
    if kind is bool and text in ("True", "False"):
        return text == "True"
    if kind is int and text.isdigit():
        return int(text)
    if kind is str and text:
        return text
    raise ValueError(f"rule table: bad default {text!r} for option {name!r}")


def _parse_options(text: str) -> Mapping[str, OptionSpec]:
    specs: dict[str, OptionSpec] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, default_text = item.partition("=")
        if name not in _OPTION_TYPES:
            raise ValueError(f"rule table: unknown option {name!r}")
        option = cast(OptionName, name)
        default = _parse_default(option, default_text)
        specs[name] = OptionSpec(option, _OPTION_TYPES[option], default, required=default is None)
    return MappingProxyType(specs)


_SPECS: Final[Mapping[str, Mapping[str, OptionSpec]]] = MappingProxyType(
    {rule_id: _parse_options(rule.options) for rule_id, rule in RULES.items()}
)

if set(RULES) != RULE_IDS:  # pragma: no cover - a table edit that forgot the RuleId type, or the reverse
    raise ImportError(f"RULES and RuleId disagree: {sorted(set(RULES) ^ RULE_IDS)}")


def get_rule(rule_id: object) -> Rule:
    """The rule with this id; an unknown id raises ``UnknownValue`` listing the known ones."""
    if isinstance(rule_id, str) and rule_id in RULES:
        return RULES[rule_id]
    raise UnknownValue("rule", rule_id, f"not a known deadline rule (known: {', '.join(RULES)})")


def option_specs(rule_id: str) -> Mapping[str, OptionSpec]:
    """The options ``rule_id`` takes, by name, with their types and defaults."""
    return _SPECS[get_rule(rule_id).id]


def option_defaults(rule_id: str) -> Mapping[str, OptionValue]:
    """The default of every optional option of ``rule_id`` (required options have none)."""
    return {name: spec.default for name, spec in option_specs(rule_id).items() if spec.default is not None}


def resolve_options(rule: Rule, given: Mapping[str, object]) -> Mapping[str, OptionValue]:
    """``given`` checked against ``rule``'s options and completed with the defaults.

    Raises ``OptionError`` for an option the rule does not take, a missing required one, a value of the
    wrong type or out of range. The country and time zone are checked by ``breach.deadlines.due`` (they need
    the calendars).
    """
    specs = _SPECS[rule.id]
    known = f"its options: {rule.options}" if rule.options else "it takes no options"
    resolved: dict[str, OptionValue] = {}
    for name, value in given.items():
        if name not in specs:
            what = "not an option of" if name in _OPTION_TYPES else "unknown option for"
            raise OptionError(name, value, f"{what} rule {rule.id!r} ({known})")
        resolved[name] = _check_value(rule, specs[name], value)
    for name, spec in specs.items():
        if name in resolved:
            continue
        if spec.default is None:
            raise OptionError(name, None, f"missing, and required by rule {rule.id!r} ({known})")
        resolved[name] = spec.default
    return MappingProxyType(resolved)


def _check_value(rule: Rule, spec: OptionSpec, value: object) -> OptionValue:
    where = f"option of rule {rule.id!r}"
    if spec.kind is bool:
        if not isinstance(value, bool):
            raise OptionError(spec.name, value, f"must be True or False ({where})")
        return value
    if spec.kind is int:
        # bool is an int in Python; extended=True passed as sla_hours would be a silent 1.
        if not isinstance(value, int) or isinstance(value, bool):
            raise OptionError(spec.name, value, f"must be a whole number ({where})")
        low, high = (0, MAX_SUSPENDED_DAYS) if spec.name == "suspended_days" else (1, MAX_HOURS)
        if not low <= value <= high:
            raise OptionError(spec.name, value, f"must be between {low} and {high} ({where})")
        return value
    if spec.kind is datetime:
        if not isinstance(value, datetime):
            raise OptionError(spec.name, value, f"must be a tz-aware datetime ({where})")
        return require_aware(value, spec.name)
    if not isinstance(value, str):
        raise OptionError(spec.name, value, f"must be a text code ({where})")
    return value
