"""What changed between two versions of a breach's facts and narrative, for update notices (Art. 33(4)).

Each change names its path, the label group its codes belong to, how to show it, and the values before
and after, as plain JSON values so it can be stored with the notice that carries it. A narrative text is
held per language (``breach.incidents.narrative``): its changes are one per language, each naming it, so a
reader is told of the text it reads (``notifications.context.build``) and a translation added later is an
update to the readers of that language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from breach.incidents.narrative import LEGACY_LANGUAGE
from breach.vocabulary import Language

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
    ("narrative.for_data_subjects", "text", None),
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


def _texts(document: Mapping[str, Any] | None, key: str) -> dict[str, str]:
    """``key``'s text per language: the top level is ``written_in``'s (English before languages were held)."""
    doc = document or {}
    out: dict[str, str] = {}
    own = doc.get(key)
    if isinstance(own, str) and own:
        out[str(doc.get("written_in") or LEGACY_LANGUAGE.value)] = own
    for language, texts in (doc.get("translations") or {}).items():
        text = texts.get(key) if isinstance(texts, Mapping) else None
        if isinstance(text, str) and text:
            out[str(language)] = text
    return out


def _text_changes(
    path: str, before_doc: Mapping[str, Any] | None, after_doc: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    key = path.split(".", 1)[1]
    before, after = _texts(before_doc, key), _texts(after_doc, key)
    return [
        {
            "path": path,
            "group": None,
            "kind": "text",
            "before": before.get(lang),
            "after": after.get(lang),
            "language": lang,
        }
        for lang in (language.value for language in Language)
        if before.get(lang) != after.get(lang)
    ]


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
        if section == "narrative" and kind == "text":
            out.extend(_text_changes(path, before_doc, after_doc))
            continue
        before, after = _value(before_doc, key, kind), _value(after_doc, key, kind)
        if before != after:
            out.append({"path": path, "group": group, "kind": kind, "before": before, "after": after})
    return out
