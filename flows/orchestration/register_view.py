"""The register as the DPO reads it in Prefect's UI: one row per case, most urgent first, in words.

Pure: rows already loaded (``breach.records.register.RegisterRow``, as ``breach register export`` builds them,
plus how each case was acknowledged and when its first notice reached it) become a table in the DPO's language
(``BREACH_DPO_LANGUAGE``) and time zone. Words are the catalogues' (``dashboard``, ``dashboard_rule``,
``dashboard_status``); dates are Babel's (``notifications.i18n.formats``). A time left is true when the
table is published, so the description says when that was. No Prefect import: unit tests run it.

Order (issue 18): customers our notice has not reached (a person must phone them) first, then overdue
clocks (longest overdue first), then the soonest due, then cases with nothing open. An empty cell stays
empty: a table artifact draws a "-" as a bullet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, format_time

from breach.records.register import Clock, Decision, RegisterRow
from notifications.i18n.catalogues import message
from notifications.i18n.formats import locale_for

# The customer's reports that answer "did it notify its authority" (breach.deadlines.event_table).
AUTHORITY_EVENTS: Final = ("authority-notified", "authority-not-notified")
# Rows drawn in the description (the page stays light at 10 000 customers; the version's table has them all).
DESCRIBED_ROWS: Final = 200
COLUMNS: Final = (
    "attention",
    "reference",
    "title",
    "customer",
    "status",
    "clocks",
    "acknowledged",
    "authority",
    "risk",
)


@dataclass(frozen=True, slots=True)
class CaseExtras:
    """What the export row leaves out and the DPO needs: how the case was first acknowledged (``via``, a
    ``notifications.ack.VIA`` code, and the role of the contact our notice went to, as the directory labels
    it) and when our first notice arrived. Never who: an artifact holds no person's name or address."""

    acknowledged_via: str | None = None
    contact_role: str | None = None
    first_delivered_at: datetime | None = None


def _word(language: str, key: str, **values: str) -> str:
    text = message(language, "dashboard", key)
    return text % values if values else text


def short_time(at: datetime, tz: str, language: str) -> str:
    """The day and month as the DPO's locale writes them, the clock and the zone: en "7 Dec 16:09 CET"."""
    local = at.astimezone(ZoneInfo(tz))
    locale = locale_for(language)
    day = format_skeleton("MMMd", local, locale=locale)
    return f"{day} {format_time(local, 'short', locale=locale)} {local.tzname()}"


def span(delta: timedelta, language: str) -> str:
    """A duration for a person: "2 d 23 h" beyond a day, "5 h 07 min" within one (sign dropped)."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _word(language, "span_days", days=str(days), hours=str(hours))
    return _word(language, "span_hours", hours=str(hours), minutes=f"{mins:02d}")


def clock_text(clock: Clock, *, now: datetime, tz: str, language: str) -> str:
    """One clock in words: open with its time left, overdue by how long, or met (late) and when."""
    rule = message(language, "dashboard_rule", clock.rule)
    due = short_time(clock.due_at, tz, language)
    if clock.met_at is not None:
        met = short_time(clock.met_at, tz, language)
        return _word(language, "clock_late" if clock.state == "late" else "clock_met", rule=rule, met=met, due=due)
    key = "clock_overdue" if clock.state == "overdue" else "clock_open"
    return _word(language, key, rule=rule, due=due, left=span(clock.due_at - now, language))


def _open_first(clocks: Sequence[Clock]) -> list[Clock]:
    """A cell's clocks as the DPO reads them: what is still owed, soonest (so overdue) first, then what was met."""
    return sorted(clocks, key=lambda clock: (clock.met_at is not None, clock.due_at))


def _next_due(row: RegisterRow) -> datetime | None:
    return min((c.due_at for c in row.deadlines if c.met_at is None), default=None)


def urgency(row: RegisterRow) -> tuple[int, datetime]:
    """Sort key: unreached, then overdue, then open by soonest due, then nothing open (by detection)."""
    due = _next_due(row)
    if row.unreached_since is not None:
        return (0, row.unreached_since)
    if any(c.state == "overdue" for c in row.deadlines):
        return (1, due or row.detected_at)
    if due is not None:
        return (2, due)
    return (3, row.detected_at)


def _attention(row: RegisterRow, now: datetime, language: str, soon: timedelta) -> str:
    # Marks from the fonts every system has: a colour emoji is an empty box in a browser without one.
    if row.unreached_since is not None:
        return "☎ " + _word(language, "unreached", since=span(now - row.unreached_since, language))
    if any(c.state == "overdue" for c in row.deadlines):
        return "● " + _word(language, "overdue")
    due = _next_due(row)
    if due is not None and due - now <= soon:
        return "○ " + _word(language, "due_soon")
    return ""


def _acknowledged(row: RegisterRow, extras: CaseExtras, *, now: datetime, tz: str, language: str) -> str:
    if row.acknowledged_at is not None:
        at = short_time(row.acknowledged_at, tz, language)
        if extras.acknowledged_via is None:
            return at
        how = message(language, "ack_via", extras.acknowledged_via)
        if extras.contact_role:
            return _word(language, "acknowledged_via_role", at=at, how=how, role=extras.contact_role)
        return _word(language, "acknowledged_via", at=at, how=how)
    if extras.first_delivered_at is not None:
        return _word(language, "unacknowledged", waited=span(now - extras.first_delivered_at, language))
    return ""


def _authority(decisions: Sequence[Decision], *, tz: str, language: str) -> str:
    reported = [d for d in decisions if d.event in AUTHORITY_EVENTS]
    if not reported:
        return ""
    last = reported[-1]
    at = short_time(last.occurred_at, tz, language)
    if last.event == "authority-not-notified":
        return _word(language, "authority_not_notified", at=at)
    if last.authority_reference:
        return _word(language, "authority_notified_ref", at=at, reference=last.authority_reference)
    return _word(language, "authority_notified", at=at)


def _risk(row: RegisterRow, language: str) -> str:
    rec = row.recommendation
    if rec.override_risk:
        return _word(language, "risk_override", risk=_word(language, f"risk_{rec.override_risk}"))
    return _word(language, f"risk_{rec.risk}") if rec.risk else ""


def register_table(
    rows: Sequence[RegisterRow],
    extras: Mapping[tuple[str, str | None], CaseExtras],
    *,
    now: datetime,
    tz: str,
    language: str,
    soon: timedelta = timedelta(hours=12),
) -> list[dict[str, str]]:
    """The rows, most urgent first, as a table whose column names are the DPO's words.

    ``extras`` is keyed by (reference, customer name); ``soon`` is how close a due time must be to be marked.
    """
    header = {column: _word(language, f"col_{column}") for column in COLUMNS}
    table = []
    for row in sorted(rows, key=urgency):
        extra = extras.get((row.reference, row.customer), CaseExtras())
        cells = {
            "attention": _attention(row, now, language, soon),
            "reference": row.reference,
            "title": row.title,
            "customer": row.customer or "",
            "status": message(language, "dashboard_status", row.incident_status),
            "clocks": "; ".join(clock_text(c, now=now, tz=tz, language=language) for c in _open_first(row.deadlines)),
            "acknowledged": _acknowledged(row, extra, now=now, tz=tz, language=language),
            "authority": _authority(row.decisions, tz=tz, language=language),
            "risk": _risk(row, language),
        }
        table.append({header[column]: cells[column] for column in COLUMNS})
    return table


def register_description(
    table: Sequence[Mapping[str, str]], *, now: datetime, tz: str, language: str, limit: int = DESCRIBED_ROWS
) -> str:
    """The artifact's description: what the table is, when its times left were true, and the table itself.

    Prefect 3.9 shows a key's description on the key's page but opens none of its versions there (the page
    reads a ``latest_id`` its API no longer returns), so the table in the description is what puts the
    newest register one click from the artifact list (issue 18). The artifact list shows only its first
    line. The most urgent ``limit`` rows; the rest are in this version's table and ``breach register export``.
    """
    lines = [_word(language, "register_description", published=short_time(now, tz, language)), ""]
    if table:
        header = list(table[0])
        lines.append("| " + " | ".join(markdown_cell(name) for name in header) + " |")
        lines.append("|" + "---|" * len(header))
        for row in table[:limit]:
            cells = [markdown_cell(row[name]) for name in header]
            # The first column marks what needs a person: in bold, so it stands out in a long table.
            cells[0] = f"**{cells[0]}**" if cells[0] else ""
            lines.append("| " + " | ".join(cells) + " |")
        if len(table) > limit:
            lines += ["", _word(language, "register_more", count=str(len(table) - limit))]
    return "\n".join(lines)


def markdown_cell(value: str) -> str:
    """A Markdown table cell: free text (a title, a name) breaks no row."""
    return " ".join(value.split()).replace("|", "\\|")
