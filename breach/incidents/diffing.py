"""What changed between two versions of a breach's facts and narrative, for update notices (Art. 33(4)).

Each change names its path, the label group its codes belong to, how to show it, and the values before
and after, as plain JSON values so it can be stored with the notice that carries it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

ChangeKind = Literal["text", "codes", "number", "bool", "enum"]

# path -> (kind, label group); the order is the order an update lists its changes.
FIELDS: Final[tuple[tuple[str, ChangeKind, str | None], ...]] = (
    ("narrative.nature", "text", None),
    ("facts.breach_types", "codes", "breach_type"),
    ("facts.data_categories", "codes", "data_category"),
    ("facts.data_subjects", "number", None),
    ("facts.data_subjects_max", "number", None),
    ("facts.records", "number", None),
    ("facts.vulnerable_subjects", "bool", None),
    ("facts.identifiability", "enum", "identifiability"),
    ("facts.unintelligible", "bool", None),
    ("facts.malicious", "bool", None),
    ("facts.exfiltration", "enum", "exfiltration"),
    ("facts.recipients", "enum", "recipients"),
    ("facts.recipient_count", "number", None),
    ("facts.data_retrieved", "bool", None),
    ("facts.integrity_recoverable", "bool", None),
    ("facts.availability", "enum", "availability"),
    ("narrative.likely_consequences", "text", None),
    ("narrative.measures_taken", "text", None),
    ("narrative.measures_proposed", "text", None),
    ("narrative.contact_point", "text", None),
    ("narrative.ongoing", "bool", None),
    ("narrative.not_yet_known", "codes", "item"),
    # The appendix measures that failed (breach.risk.measures; GDPR Art. 32(1)): part of the measures a
    # controller reports (Art. 33(3)(d)) and of its DPIA (Art. 35(7)(d)).
    ("narrative.failed_measures", "codes", "measure"),
)


def _value(document: Mapping[str, Any] | None, key: str, kind: ChangeKind) -> Any:
    value = (document or {}).get(key)
    if kind == "codes":
        return sorted(value or [])
    return value


def changes(
    before_facts: Mapping[str, Any] | None,
    after_facts: Mapping[str, Any] | None,
    before_narrative: Mapping[str, Any] | None,
    after_narrative: Mapping[str, Any] | None,
) -> list[dict[str, Any]]:
    """The changes, in a stable order; empty when nothing a controller would see has changed."""
    documents = {
        "facts": (before_facts, after_facts),
        "narrative": (before_narrative, after_narrative),
    }
    out: list[dict[str, Any]] = []
    for path, kind, group in FIELDS:
        section, key = path.split(".", 1)
        before_doc, after_doc = documents[section]
        before, after = _value(before_doc, key, kind), _value(after_doc, key, kind)
        if before != after:
            out.append({"path": path, "group": group, "kind": kind, "before": before, "after": after})
    return out
