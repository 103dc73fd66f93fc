"""The communications in ``breach register`` (issue 22): beside the breach rows, never changing them.

JSON gains a ``communications`` list after ``rows``; Markdown a section after the cases; CSV, one table per
file, stays the breach register and gives the communications with ``--table communications``. Each entry is a
communication as told to one customer (``views.CommunicationRow``: our clock, delivery, acknowledgement; no
personal data). The register's filters apply: one customer, the period (on when the thing happened, as dates in
Brussels time); an incident status selects breaches only, so no communication.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

from sqlmodel import Session

from breach.communications.store import records
from breach.db import repository
from breach.deadlines.rules import DEFAULT_TZ
from flows.usecases.communications.views import CommunicationRow, rows
from flows.usecases.register_export import RegisterFilter

COLUMNS: Final = tuple(f.name for f in dataclasses.fields(CommunicationRow))
TITLE: Final = "Communications besides a breach (DPA clauses 4(1), 5(a), 5(e), 9(1), 9(2), 10(2))"


def _day(value: date) -> datetime:
    return datetime.combine(value, time(0, 0), tzinfo=ZoneInfo(DEFAULT_TZ))


def selected(selection: RegisterFilter, *, session: Session, now: datetime) -> list[CommunicationRow]:
    """The communications the register's filter selects, newest first."""
    if selection.status is not None:
        return []
    found = rows(session=session, now=now, customer=selection.customer)
    if selection.since is None and selection.until is None:
        return found
    customer_id = repository.customer_by_name(selection.customer, session=session).id if selection.customer else None
    occurred = {c.reference: c.occurred_at for c, _, _, _ in records.listed(session=session, customer_id=customer_id)}
    low = _day(selection.since) if selection.since else None
    high = _day(selection.until) if selection.until else None
    return [
        r
        for r in found
        if (low is None or occurred[r.reference] >= low) and (high is None or occurred[r.reference] < high)
    ]


def to_csv(entries: Sequence[CommunicationRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(["" if v is None else v for v in dataclasses.astuple(entry)])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return " ".join(str(value).split()).replace("|", "\\|")


def added(text: str, fmt: str, entries: Sequence[CommunicationRow]) -> str:
    """The register ``text`` in ``fmt`` with the communications added after its rows (CSV: unchanged)."""
    if fmt == "json":
        document = json.loads(text)
        document["communications"] = [dataclasses.asdict(e) for e in entries]
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        if not entries:
            return text
        header = ("reference", "kind", "customer", "what", "rule", "due", "state", "delivered", "acknowledged by")
        lines = [f"# {TITLE}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for e in entries:
            state = f"{e.state} (late)" if e.late else e.state
            cells = (
                e.reference,
                e.kind,
                e.customer,
                e.what,
                e.rule,
                e.due_at,
                state,
                e.delivered_at,
                e.acknowledged_by,
            )
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        return text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    return text
