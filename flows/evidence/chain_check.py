"""``breach evidence verify`` on ``chain.json`` (issue 21): our link of the chain must agree with the audit
events the pack holds.

Each notice ``chain.json`` says we received from a sub-processor is one audit event of the pack's slice (its
first notice ``incident.subprocessor_notice``, a later one ``incident.subprocessor_update``): the same
sub-processor and notice key, received at the event's time by the event's actor, and for a first notice the
same form and schema version. The reverse holds too: an event of that kind in the slice is listed in
``chain.json``, and a pack whose slice holds one must have the file. The audit events' MACs are checked
against our chain by ``breach audit verify --anchors PACK``; this check ties the file to them, so a
``chain.json`` that drifted from what we recorded (a bug, or an edit before signing) is named, not trusted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from breach.db.models.audit import AuditEvent

CHAIN: Final = "chain.json"
FIRST: Final = "incident.subprocessor_notice"
UPDATE: Final = "incident.subprocessor_update"


def _instant(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def check_chain(contents: Mapping[str, bytes], chain: Any, events: Sequence[AuditEvent]) -> list[str]:
    """Every disagreement between ``chain.json`` (parsed, or ``None``) and the pack's audit events."""
    recorded = {
        (str(e.data.get("subprocessor")), str(e.data.get("notice_key"))): e
        for e in events
        if e.event_type in {FIRST, UPDATE}
    }
    if CHAIN not in contents:
        return [
            f"audit event {e.seq}: records a notice from {who} ({key}) but the pack has no {CHAIN}"
            for (who, key), e in sorted(recorded.items(), key=lambda item: item[1].seq or 0)
        ]
    received = chain.get("received") if isinstance(chain, dict) else None
    if not isinstance(received, list):
        return [f"{CHAIN}: no 'received' list"]
    problems: list[str] = []
    listed: set[tuple[str, str]] = set()
    for i, entry in enumerate(received):
        sender = entry.get("from") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(sender, dict):
            problems.append(f"{CHAIN}: received[{i}] is not a notice record")
            continue
        key = (str(sender.get("subprocessor")), str(entry.get("notice_key")))
        listed.add(key)
        event = recorded.get(key)
        if event is None:
            problems.append(f"{CHAIN}: received[{i}] ({key[1]} from {key[0]}) has no audit event in the pack")
            continue
        problems += _disagreements(f"{CHAIN}: received[{i}] ({key[1]})", entry, event)
    problems += [
        f"audit event {e.seq}: records a notice from {who} ({key}) that {CHAIN} does not list"
        for (who, key), e in sorted(recorded.items(), key=lambda item: item[1].seq or 0)
        if (who, key) not in listed
    ]
    return problems


def _disagreements(where: str, entry: Mapping[str, Any], event: AuditEvent) -> list[str]:
    problems = []
    at = _instant(entry.get("received_at"))
    if at is None or at != event.at:
        problems.append(f"{where}: received_at {entry.get('received_at')} is not its audit event {event.seq}'s time")
    if entry.get("received_by") != event.actor:
        problems.append(f"{where}: received_by is not its audit event {event.seq}'s actor")
    if event.event_type == FIRST:
        for field in ("form", "schema_version"):
            if entry.get(field) != event.data.get(field):
                problems.append(f"{where}: {field} {entry.get(field)!r} is not its audit event {event.seq}'s")
    return problems
