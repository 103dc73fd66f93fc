"""Retention of personal data after an incident closes (DPA clause 10; GDPR Art. 5(1)(e), 5(2)).

Pure: which free-text fields hold personal data, what replaces them, and a fingerprint of what was
removed. ``flows.usecases.retention`` applies it to the database. The audit log is never touched: it holds
ids, statuses and hashes only, so the chain verifies after retention, and each ``content_hash`` in it
still proves what the removed text was. What is removed per incident is summarised by counts and one
SHA-256 over its canonical JSON, recorded in a ``retention.destroyed`` audit event for the controller
(DPA clause 10(2): the record of destruction, handed over on request).

Kept: ids, times, statuses, codes, numbers, the structured facts (aggregates without personal data),
the assessment, the authority's reference, and every hash (a sent message's ``sha256`` included).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from breach.clock import to_utc

# Five years after closing: long enough to answer a supervisory authority's inquiry, a controller's
# audit (DPA clause 7) or a dispute about the breach, after which our record of it keeps only hashes.
# Set per contract with counsel (BREACH_RETENTION_DAYS); the controller keeps its own register.
DEFAULT_RETENTION_DAYS: Final = 5 * 365 + 1

# Free text in the narrative, a customer's reported decisions and a notice's stored details.
NARRATIVE_TEXT: Final[tuple[str, ...]] = (
    "nature",
    "likely_consequences",
    "measures_taken",
    "measures_proposed",
    "contact_point",
    "for_data_subjects",
)
REPORT_TEXT: Final[tuple[str, ...]] = ("reason", "delay_reasons")
NOTICE_TEXT: Final[frozenset[str]] = frozenset({"note", "reason", "service_impact", "summary", "customer"})

# Every name a removal is counted under (``Removal.counts``), in the order a record of destruction lists
# them (DPA clause 10(2)); each has its words in the ``removed_item`` label group.
REMOVED_ITEMS: Final[tuple[str, ...]] = (
    "incident.description",
    "incident.dismissal_reason",
    *(f"narrative.{name}" for name in NARRATIVE_TEXT),
    "override.reason",
    "case.acknowledged_by",
    *(f"report.{name}" for name in REPORT_TEXT),
    "deadline.late_reasons",
    *(f"notice.{name}" for name in sorted(NOTICE_TEXT)),
    "notice.before",
    "notice.after",
    "notice.last_error",
    "notice.acknowledged_by",
    "attempt.reason",
    "sent_message.content",
    # Our support for the incident (DPA clause 8(2)): what a task was about, why its billing was decided,
    # and who logged time with what note; the minutes and the decision itself stay.
    "task.title",
    "task.decision_reason",
    "task_time.who",
    "task_time.note",
)


def placeholder(on: date) -> str:
    return f"[removed under the retention policy on {on.isoformat()}]"


def is_due(closed_at: datetime, now: datetime, days: int) -> bool:
    """Closed at least ``days`` ago."""
    return to_utc(closed_at, "closed_at") + timedelta(days=days) <= to_utc(now, "now")


@dataclass
class Removal:
    """What one retention run removed from one incident: counts per field and the removed values."""

    marker: str
    counts: Counter[str] = field(default_factory=Counter)
    removed: list[tuple[str, str]] = field(default_factory=list)

    def text(self, name: str, value: str | None) -> str | None:
        """``value`` replaced by the marker (counted), or unchanged when empty or already removed."""
        if not value or value == self.marker or value.startswith("[removed under the retention policy"):
            return value
        self.counts[name] += 1
        self.removed.append((name, value))
        return self.marker

    def mapping(self, name: str, values: Mapping[str, Any] | None, keys: frozenset[str] | tuple[str, ...]) -> Any:
        """A copy of a JSON mapping with the text under ``keys`` removed, also in nested lists and mappings;
        an update's text changes (``kind`` "text") lose their before and after."""
        if values is None:
            return None
        out: dict[str, Any] = {}
        text_change = values.get("kind") == "text" and "path" in values
        for key, value in values.items():
            if isinstance(value, str) and (key in keys or (text_change and key in ("before", "after"))):
                out[key] = self.text(f"{name}.{key}", value)
            elif isinstance(value, Mapping):
                out[key] = self.mapping(name, value, keys)
            elif isinstance(value, list):
                out[key] = [self.mapping(name, v, keys) if isinstance(v, Mapping) else v for v in value]
            else:
                out[key] = value
        return out

    def hash_of(self, name: str, digest: str) -> None:
        """Content removed whole, of which only its known hash is recorded (a sent message)."""
        self.counts[name] += 1
        self.removed.append((name, f"sha256:{digest}"))

    @property
    def document(self) -> str:
        """The canonical JSON of everything removed: its SHA-256 is recorded, never the text."""
        return json.dumps(sorted(self.removed), ensure_ascii=False, separators=(",", ":"))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.document.encode("utf-8")).hexdigest()

    @property
    def total(self) -> int:
        return sum(self.counts.values())
