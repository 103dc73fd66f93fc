"""The machine-readable JSON attached to every full notice, so controllers can feed their own tools.

Versioned: ``schema`` names the document's JSON Schema, kept in ``templates/_schema/``; a new field is a
minor version, a changed meaning a major one.
"""

from __future__ import annotations

import json
from typing import Any, Final

from notifications.context import NoticeContext

SCHEMA_VERSION: Final = "1.1"
SCHEMA_ID: Final = f"https://breach-engine.example.org/schema/notice/{SCHEMA_VERSION}"
FILENAME: Final = "breach-notice.json"


def notice_document(context: NoticeContext) -> dict[str, Any]:
    """The facts (``breach.risk.BreachFacts`` fields) plus the narrative, as of this notice."""
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "notice_key": context.notice_key,
        "possible_duplicate": context.possible_duplicate,
        "kind": context.kind,
        "phase": context.phase,
        "language": context.language,
        "reference": context.reference,
        "title": context.title,
        "processor": {"name": context.sender.processor_name, "dpo": context.sender.dpo.model_dump()},
        "customer": {"name": context.customer_name, "role": context.customer_role},
        "times": {
            "occurred": context.occurred_at,
            "detected": context.detected_at,
            "processor_aware": context.aware_at,
            "sent": context.sent_at,
        },
        "services": [s.model_dump() for s in context.services],
        "narrative": context.narrative.model_dump(),
        "not_yet_known": list(context.not_yet_known),
        "facts": context.facts.model_dump() if context.facts else None,
        "assessment": context.assessment.model_dump() if context.assessment else None,
        "deadlines": {
            "controller": context.controller_deadline.model_dump() if context.controller_deadline else None,
            "processor_sla": context.sla_deadline.model_dump() if context.sla_deadline else None,
        },
    }


def encode(context: NoticeContext) -> bytes:
    return json.dumps(notice_document(context), ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8")
