"""The breach register, as rows a controller can adopt into its own (GDPR Art. 33(5); LAW.md section 3).

Pure: ``register_row`` turns rows already loaded (an incident, one customer's case, its clocks and the
decisions it reported) into a ``RegisterRow``; ``to_json``, ``to_csv`` and ``to_markdown`` write them.
``flows.usecases.register_export`` loads and filters. An incident that reached no customer (dismissed, or still
under investigation) is a row of our own incident record with no customer (DPA clause 10(3)).

What a row holds, after Art. 33(5): the facts (nature, breach types, data categories, this customer's
number of data subjects, times), the effects (likely consequences), the remedial action (measures taken
and proposed), our recommendation with any DPO override and its reason, the customer's reported
decisions with their reasons, and every clock with met / late / open / overdue and the late reasons.

Times are UTC ISO 8601 in JSON and CSV (for machines) and the customer's local time with its offset in
Markdown (for people); our own record shows Brussels time (``INCIDENT_TZ``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Final, Literal

from breach.clock import to_utc
from breach.db.models.directory import Customer
from breach.db.models.incidents import CaseReport, ControllerCase, Deadline, Incident
from breach.deadlines.rules import DEFAULT_TZ
from breach.deadlines.status import format_local

Format = Literal["csv", "json", "md"]
FORMATS: Final[tuple[Format, ...]] = ("csv", "json", "md")
ClockState = Literal["met", "late", "open", "overdue"]

# The details of a reported event that are its reasons or references (breach.deadlines.events.DETAILS).
DECISION_DETAILS: Final[tuple[str, ...]] = ("authority", "authority_reference", "reason", "delay_reasons")


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision or report the customer told us about (``CaseReport``), with its reasons."""

    event: str
    occurred_at: datetime
    recorded_by: str
    authority: str | None = None
    authority_reference: str | None = None
    reason: str | None = None
    delay_reasons: str | None = None


@dataclass(frozen=True, slots=True)
class Clock:
    """A deadline of the case, met on time, met late, still open, or overdue (as of ``now``)."""

    rule: str
    start_at: datetime
    due_at: datetime
    met_at: datetime | None
    state: ClockState
    late_reasons: str | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    """Our recommendation (``breach.risk.assessment.RiskAssessment``) and any DPO override of it, with its reason."""

    risk: str | None = None
    severity: str | None = None
    severity_score: float | None = None
    notify_authority: bool | None = None
    notify_data_subjects: bool | None = None
    data_subject_channel: str | None = None
    exemption: str | None = None
    ruleset_version: str | None = None
    override_risk: str | None = None
    override_reason: str | None = None
    override_by: str | None = None
    override_at: str | None = None


@dataclass(frozen=True, slots=True)
class RegisterRow:
    reference: str
    title: str
    customer: str | None
    customer_role: str | None
    timezone: str
    incident_status: str
    occurred_at: datetime | None
    detected_at: datetime
    aware_at: datetime | None
    customer_aware_at: datetime | None
    acknowledged_at: datetime | None
    nature: str | None
    breach_types: tuple[str, ...]
    data_categories: tuple[str, ...]
    data_subjects: int | None
    data_subjects_max: int | None
    records: int | None
    likely_consequences: str | None
    measures_taken: str | None
    measures_proposed: str | None
    dismissal_reason: str | None
    recommendation: Recommendation
    decisions: tuple[Decision, ...] = ()
    deadlines: tuple[Clock, ...] = field(default_factory=tuple)
    # Our notice has still not reached this customer since this first try: a person must phone it (DPA
    # 8(1)(b)); such rows come first (flows.usecases.register_export).
    unreached_since: datetime | None = None


def clock_state(deadline: Deadline, now: datetime) -> ClockState:
    due = to_utc(deadline.due_at, "due_at")
    if deadline.met_at is not None:
        return "late" if to_utc(deadline.met_at, "met_at") > due else "met"
    return "overdue" if to_utc(now, "now") > due else "open"


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _recommendation(case: ControllerCase | None, incident: Incident) -> Recommendation:
    assessment: Mapping[str, Any] = (case.assessment if case is not None else None) or {}
    override: Mapping[str, Any] = (case.override if case is not None else incident.risk_override) or {}
    score = assessment.get("severity_score")
    return Recommendation(
        risk=_text(assessment.get("risk")),
        severity=_text(assessment.get("severity")),
        severity_score=float(score) if score is not None else None,
        notify_authority=assessment.get("notify_authority"),
        notify_data_subjects=assessment.get("notify_data_subjects"),
        data_subject_channel=_text(assessment.get("data_subject_channel")),
        exemption=_text(assessment.get("exemption")),
        ruleset_version=_text(assessment.get("ruleset_version")),
        override_risk=_text(override.get("risk")),
        override_reason=_text(override.get("reason")),
        override_by=_text(override.get("by")),
        override_at=_text(override.get("at")),
    )


def decision(report: CaseReport) -> Decision:
    details = report.details or {}
    values = {name: _text(details.get(name)) for name in DECISION_DETAILS}
    return Decision(report.event, to_utc(report.occurred_at, "occurred_at"), report.recorded_by, **values)


def register_row(
    incident: Incident,
    case: ControllerCase | None,
    customer: Customer | None,
    *,
    deadlines: Sequence[Deadline],
    reports: Sequence[CaseReport],
    now: datetime,
    unreached_since: datetime | None = None,
) -> RegisterRow:
    """One register row: ``customer``'s case of ``incident`` (both ``None``: our own incident record)."""
    facts: Mapping[str, Any] = incident.facts or {}
    narrative: Mapping[str, Any] = incident.narrative or {}
    subjects = case.data_subjects if case is not None and case.data_subjects else facts.get("data_subjects")
    return RegisterRow(
        reference=incident.reference,
        title=incident.title,
        customer=customer.name if customer is not None else None,
        customer_role=customer.role.value if customer is not None else None,
        timezone=customer.timezone if customer is not None else DEFAULT_TZ,
        incident_status=incident.status.value,
        occurred_at=incident.occurred_at,
        detected_at=incident.detected_at,
        aware_at=incident.aware_at,
        customer_aware_at=case.aware_at if case is not None else None,
        acknowledged_at=case.acknowledged_at if case is not None else None,
        nature=_text(narrative.get("nature")),
        breach_types=tuple(sorted(facts.get("breach_types") or ())),
        data_categories=tuple(sorted(facts.get("data_categories") or ())),
        data_subjects=int(subjects) if subjects is not None else None,
        data_subjects_max=facts.get("data_subjects_max"),
        records=facts.get("records"),
        likely_consequences=_text(narrative.get("likely_consequences")),
        measures_taken=_text(narrative.get("measures_taken")),
        measures_proposed=_text(narrative.get("measures_proposed")),
        dismissal_reason=incident.dismissal_reason,
        recommendation=_recommendation(case, incident),
        decisions=tuple(decision(r) for r in reports),
        deadlines=tuple(
            Clock(d.rule, d.start_at, d.due_at, d.met_at, clock_state(d, now), d.late_reasons) for d in deadlines
        ),
        unreached_since=unreached_since,
    )


# --- writing ----------------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return to_utc(value, "instant").isoformat() if value is not None else None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def as_dict(row: RegisterRow) -> dict[str, Any]:
    """The row as JSON-ready values: instants in UTC ISO 8601."""
    plain: dict[str, Any] = _plain(asdict(row))
    return plain


def to_json(rows: Sequence[RegisterRow], *, generated_at: datetime) -> str:
    document = {
        "register": "GDPR Art. 33(5) breach register export",
        "generated_at": _iso(generated_at),
        "rows": [as_dict(r) for r in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS: Final[tuple[str, ...]] = (
    "reference",
    "title",
    "customer",
    "customer_role",
    "incident_status",
    "occurred_at",
    "detected_at",
    "aware_at",
    "customer_aware_at",
    "acknowledged_at",
    "nature",
    "breach_types",
    "data_categories",
    "data_subjects",
    "data_subjects_max",
    "records",
    "likely_consequences",
    "measures_taken",
    "measures_proposed",
    "dismissal_reason",
    "risk",
    "severity",
    "severity_score",
    "notify_authority",
    "notify_data_subjects",
    "data_subject_channel",
    "exemption",
    "ruleset_version",
    "override_risk",
    "override_reason",
    "override_by",
    "override_at",
    "decisions",
    "deadlines",
    "unreached_since",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _decision_cell(d: Mapping[str, Any]) -> str:
    extra = [f"{k}={d[k]}" for k in DECISION_DETAILS if d.get(k)]
    return " ".join([d["event"], d["occurred_at"], *extra])


def _clock_cell(c: Mapping[str, Any]) -> str:
    shown = f"{c['rule']} due {c['due_at']} {c['state']}"
    if c["met_at"]:
        shown += f" at {c['met_at']}"
    if c["late_reasons"]:
        shown += f" (late: {c['late_reasons']})"
    return shown


def to_csv(rows: Sequence[RegisterRow]) -> str:
    """One line per row; lists joined with "; ", decisions and clocks as "|"-separated entries."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        flat = as_dict(row)
        flat.update(flat.pop("recommendation"))
        flat["decisions"] = " | ".join(_decision_cell(d) for d in flat["decisions"])
        flat["deadlines"] = " | ".join(_clock_cell(c) for c in flat["deadlines"])
        writer.writerow([_cell(flat[name]) for name in CSV_COLUMNS])
    return buffer.getvalue()


def _local(value: datetime | None, tz: str) -> str:
    return format_local(value, tz) if value is not None else "—"


def _md(value: object) -> str:
    """A table cell: no line breaks or pipes from free text."""
    if value is None or value in ("", ()):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value) or "—"
    return " ".join(str(value).split()).replace("|", "\\|")


def to_markdown(rows: Sequence[RegisterRow], *, generated_at: datetime) -> str:
    """One section per case for people: local times with their offset in each customer's time zone."""
    lines = ["# Breach register (GDPR Art. 33(5))", "", f"Generated {format_local(generated_at, DEFAULT_TZ)}.", ""]
    for row in rows:
        tz = row.timezone
        rec = row.recommendation
        who = row.customer or "our incident record"
        lines += [f"## {row.reference} — {_md(who)}", "", "| field | value |", "|---|---|"]
        pairs: list[tuple[str, object]] = [
            *([("NOT REACHED since", _local(row.unreached_since, tz))] if row.unreached_since else []),
            ("title", row.title),
            ("status", row.incident_status),
            ("occurred", _local(row.occurred_at, tz)),
            ("detected", _local(row.detected_at, tz)),
            ("our awareness", _local(row.aware_at, tz)),
            ("customer's awareness", _local(row.customer_aware_at, tz)),
            ("acknowledged", _local(row.acknowledged_at, tz)),
            ("nature", row.nature),
            ("breach types", row.breach_types),
            ("data categories", row.data_categories),
            ("data subjects", row.data_subjects),
            ("data subjects (maximum)", row.data_subjects_max),
            ("records", row.records),
            ("likely consequences", row.likely_consequences),
            ("measures taken", row.measures_taken),
            ("measures proposed", row.measures_proposed),
            ("dismissal reason", row.dismissal_reason),
            ("our recommendation", f"risk {rec.risk or '—'}, ENISA severity {rec.severity or '—'}"),
            ("notify the authority / data subjects", f"{_md(rec.notify_authority)} / {_md(rec.notify_data_subjects)}"),
            ("exemption", rec.exemption),
        ]
        if rec.override_risk:
            pairs.append(("DPO override", f"risk {rec.override_risk} by {rec.override_by}: {rec.override_reason}"))
        lines += [f"| {name} | {_md(value)} |" for name, value in pairs]
        if row.decisions:
            lines += ["", "Decisions reported by the customer:", "", "| event | when | reference | reasons |"]
            lines.append("|---|---|---|---|")
            for d in row.decisions:
                reasons = "; ".join(r for r in (d.reason, d.delay_reasons) if r)
                lines.append(
                    f"| {d.event} | {_local(d.occurred_at, tz)} | {_md(d.authority_reference)} | {_md(reasons)} |"
                )
        if row.deadlines:
            lines += ["", "| deadline | due | state | met | late reasons |", "|---|---|---|---|---|"]
            for c in row.deadlines:
                met = _local(c.met_at, tz)
                lines.append(f"| {c.rule} | {_local(c.due_at, tz)} | {c.state} | {met} | {_md(c.late_reasons)} |")
        lines.append("")
    return "\n".join(lines)


def write(rows: Sequence[RegisterRow], fmt: Format, *, generated_at: datetime) -> str:
    if fmt == "json":
        return to_json(rows, generated_at=generated_at)
    if fmt == "csv":
        return to_csv(rows)
    return to_markdown(rows, generated_at=generated_at)
