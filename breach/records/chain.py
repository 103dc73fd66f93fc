"""The audit chain as values (GDPR Art. 5(2) accountability; DPA clause 10(3)): what an event's MAC is, the
rows a run of events becomes after a head, and what verifying a run of events finds. No database: the log's
rows are written and read by ``breach.records.store.audit``.

Each event's MAC is HMAC-SHA-256, under a key kept outside the database (``breach.records.audit_keys``), over a
canonical JSON form of its fields and its predecessor's MAC: an edit, a deletion, an insertion or a
reordering breaks the chain at the first event it touches, and re-computing the MACs after an edit needs
the key, which the database does not hold (issue 15, finding 6). Events written before the chain was
keyed keep their plain SHA-256 and ``key_id`` NULL; they verify only up to the keyring's
``legacy_until``. Cutting the chain short *and* moving the head back is caught against anchors kept
outside the database (``breach.records.anchors``).

Events carry ids, statuses and hashes. Personal content (a notice body, a reason typed by a person) is
represented by ``content_hash`` so that retention can remove the content and the chain still verifies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final
from uuid import UUID

from breach.clock import to_utc
from breach.db.models.audit import AuditEvent, AuditHead
from breach.errors import ConfigurationError
from breach.records.anchors import Anchor, check_anchors
from breach.records.audit_keys import Keyring

GENESIS_HASH: Final = "0" * 64
HEAD_REBUILT: Final = "audit.head-rebuilt"


def content_hash(content: str | bytes) -> str:
    """The SHA-256 of personal content, kept in the log instead of the content itself."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(raw).hexdigest()


# The fields an event's MAC covers, besides the MAC itself.
_HASHED = (
    "seq",
    "at",
    "event_type",
    "actor",
    "incident_id",
    "case_id",
    "subject_id",
    "data",
    "content_hash",
    "prev_hash",
    "key_id",
)


def _canonical_fields(fields: Mapping[str, Any]) -> bytes:
    body = {
        "seq": fields["seq"],
        "at": fields["at"].astimezone(UTC).isoformat(timespec="microseconds"),
        "event_type": fields["event_type"],
        "actor": fields["actor"],
        "incident_id": str(fields["incident_id"]) if fields["incident_id"] else None,
        "case_id": str(fields["case_id"]) if fields["case_id"] else None,
        "subject_id": fields["subject_id"],
        "data": fields["data"],
        "content_hash": fields["content_hash"],
        "prev_hash": fields["prev_hash"],
    }
    # A legacy event's form is the one its plain hash was computed over; a keyed event's MAC also covers
    # the key's id, so an event cannot be moved under another key.
    if fields.get("key_id") is not None:
        body["key_id"] = fields["key_id"]
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _mac(fields: Mapping[str, Any], keyring: Keyring | None) -> str:
    key_id = fields.get("key_id")
    if key_id is None:
        return hashlib.sha256(_canonical_fields(fields)).hexdigest()
    key = keyring.key(key_id) if keyring is not None else None
    if key is None:
        raise ConfigurationError(
            f"BREACH_AUDIT_OLD_KEYS: event {fields['seq']} is keyed with audit key {key_id}, which is not configured"
        )
    return key.mac(_canonical_fields(fields))


def event_hash(event: AuditEvent, keyring: Keyring | None = None) -> str:
    """The MAC an event should carry: plain SHA-256 for a legacy event (no ``key_id``), else HMAC-SHA-256."""
    return _mac({name: getattr(event, name) for name in _HASHED}, keyring)


@dataclass(frozen=True, slots=True)
class Entry:
    """One event to append (``append_many``): the fields ``append`` takes as keywords."""

    event_type: str
    actor: str
    at: datetime
    incident_id: UUID | None = None
    case_id: UUID | None = None
    subject_id: str | UUID | None = None
    data: Mapping[str, Any] | None = None
    content: str | bytes | None = None


def chained(entry: Entry, seq: int, prev_hash: str, keyring: Keyring) -> dict[str, Any]:
    """The event's row, MAC included, as the successor of ``prev_hash``."""
    row: dict[str, Any] = {
        "seq": seq,
        "at": to_utc(entry.at, "at"),
        "event_type": entry.event_type,
        "actor": entry.actor,
        "incident_id": entry.incident_id,
        "case_id": entry.case_id,
        "subject_id": str(entry.subject_id) if entry.subject_id is not None else None,
        "data": json.loads(json.dumps(dict(entry.data or {}), default=str)),
        "content_hash": content_hash(entry.content) if entry.content is not None else None,
        "prev_hash": prev_hash,
        "key_id": keyring.current.key_id,
    }
    row["hash"] = _mac(row, keyring)
    return row


def chain_rows(entries: Sequence[Entry], *, keyring: Keyring, after: tuple[int, str]) -> list[dict[str, Any]]:
    """The rows ``entries`` become after the head ``after`` (seq, MAC): pure, the chain ``append`` writes."""
    seq, prev_hash = after
    rows: list[dict[str, Any]] = []
    for entry in entries:
        seq += 1
        rows.append(chained(entry, seq, prev_hash, keyring))
        prev_hash = rows[-1]["hash"]
    return rows


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """Where verification failed, and how."""

    seq: int
    problem: str


def _event_break(event: AuditEvent, keyring: Keyring) -> str | None:
    """Why one event's own MAC cannot be trusted, or ``None``."""
    seq = event.seq or 0
    if event.key_id is None:
        if seq > keyring.legacy_until:
            return (
                "it carries a plain SHA-256, not a keyed MAC (written without the audit key; "
                f"plain events are accepted only up to BREACH_AUDIT_LEGACY_UNTIL={keyring.legacy_until})"
            )
    elif keyring.key(event.key_id) is None:
        return f"it is keyed with audit key {event.key_id}, which is not configured (BREACH_AUDIT_OLD_KEYS)"
    if event_hash(event, keyring) != event.hash:
        return "its content does not match its MAC (it was edited, or re-hashed without the key)"
    if event.event_type == HEAD_REBUILT:
        return (
            "the chain's head row was missing or behind the events and was rebuilt from event "
            f"{event.data.get('rebuilt_from_seq')} (events after it may have been removed: check the anchors)"
        )
    return None


def _runs(breaks: list[ChainBreak]) -> list[ChainBreak]:
    """Consecutive events with the same problem as one break (an old plain chain is one line, not 10 000)."""
    runs: list[tuple[int, int, str]] = []
    for item in breaks:
        if runs and runs[-1][1] + 1 == item.seq and runs[-1][2] == item.problem:
            runs[-1] = (runs[-1][0], item.seq, item.problem)
        else:
            runs.append((item.seq, item.seq, item.problem))
    return [
        ChainBreak(
            first, problem if first == last else f"{problem}; so do the {last - first} events after it, to {last}"
        )
        for first, last, problem in runs
    ]


def check_events(
    events: Iterable[AuditEvent],
    head: AuditHead | None,
    *,
    keyring: Keyring,
    anchors: Iterable[Anchor] = (),
) -> list[ChainBreak]:
    """Every break of an ordered run of events from the genesis: the first break of the links, each
    event whose MAC fails, the head (missing, or not at the end) and each anchor the chain contradicts."""
    breaks: list[ChainBreak] = []
    expected_prev, expected_seq = GENESIS_HASH, 1
    chain: dict[int, str] = {}
    owns: list[ChainBreak] = []
    linked = True
    for event in events:
        seq = event.seq or 0
        chain[seq] = event.hash
        if linked and seq != expected_seq:
            problem = "an event is missing before it" if seq > expected_seq else "events are out of order"
            breaks.append(ChainBreak(seq, problem))
            linked = False
        elif linked and event.prev_hash != expected_prev:
            breaks.append(ChainBreak(seq, "its predecessor's MAC does not match (an event before it changed)"))
            linked = False
        own = _event_break(event, keyring)
        if own is not None:
            owns.append(ChainBreak(seq, own))
        expected_prev, expected_seq = event.hash, seq + 1
    breaks += _runs(owns)
    end = max(chain, default=0)
    if head is None:
        breaks.append(ChainBreak(end + 1, "the chain's head row is missing (deleted): its end is unproven"))
    elif head.last_seq < end:
        breaks.append(
            ChainBreak(head.last_seq + 1, f"the head row records event {head.last_seq} but events go on to {end}")
        )
    elif head.last_seq != end or head.last_hash != chain.get(end, GENESIS_HASH):
        breaks.append(ChainBreak(min(head.last_seq, end) + 1, "the chain ends early (events after it were removed)"))
    breaks += [ChainBreak(seq, problem) for seq, problem in check_anchors(chain, end, anchors)]
    return sorted(breaks, key=lambda b: b.seq)


def verify_events(
    events: Iterable[AuditEvent], head: AuditHead | None, *, keyring: Keyring, anchors: Iterable[Anchor] = ()
) -> ChainBreak | None:
    """The first break of an ordered run of events from the genesis; ``None`` when the chain is whole."""
    breaks = check_events(events, head, keyring=keyring, anchors=anchors)
    return breaks[0] if breaks else None
