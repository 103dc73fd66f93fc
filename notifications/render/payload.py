"""The machine-readable JSON attached to every full notice, so controllers can feed their own tools.

Versioned: ``schema`` names the document's JSON Schema, kept in ``notifications/schemas/`` (every
version published stays there); a new field is a minor version, a changed meaning a major one. A JSON
webhook receives this document as its body (``notifications.channels.webhook``).
"""

from __future__ import annotations

import json
from typing import Any, Final

from notifications.context.build import NoticeContext
from notifications.context.models import Person, facts_not_yet_known

SCHEMA_VERSION: Final = "1.4"
SCHEMA_ID: Final = f"https://breach-engine.example.org/schema/notice/{SCHEMA_VERSION}"
FILENAME: Final = "breach-notice.json"


def notice_document(context: NoticeContext) -> dict[str, Any]:
    """The facts (``breach.risk.assessment.BreachFacts`` fields) plus the narrative, as of this notice."""
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "notice_key": context.notice_key,
        "possible_duplicate": context.possible_duplicate,
        "audit_head": context.audit_head.model_dump() if context.audit_head else None,
        "kind": context.kind,
        "phase": context.phase,
        "language": context.language,
        "reference": context.reference,
        "title": context.title,
        "processor": {"name": context.sender.processor_name, "dpo": _contact(context.sender.dpo)},
        "customer": {
            "name": context.customer_name,
            "role": context.customer_role,
            "lead_authority": {"id": context.lead_authority_id, "name": context.lead_authority},
            "other_authorities": [
                {"id": id_, "name": name}
                for id_, name in zip(context.other_authority_ids, context.other_authorities, strict=True)
            ],
        },
        # Shown on the customer's wall clock, as the notice shows them; times_utc are the same instants for machines.
        "times": {
            "occurred": context.occurred_at,
            "detected": context.detected_at,
            "processor_aware": context.aware_at,
            "sent": context.sent_at,
        },
        "times_utc": {
            "occurred": context.occurred_at_utc,
            "detected": context.detected_at_utc,
            "processor_aware": context.aware_at_utc,
            "sent": context.sent_at_utc,
        },
        "services": [s.model_dump() for s in context.services],
        "narrative": context.narrative.model_dump(),
        "not_yet_known": list(context.not_yet_known),
        "not_yet_known_facts": list(facts_not_yet_known(context.facts)),
        "facts": context.facts.model_dump() if context.facts else None,
        "assessment": context.assessment.model_dump() if context.assessment else None,
        "deadlines": {
            "controller": context.controller_deadline.model_dump() if context.controller_deadline else None,
            "processor_sla": context.sla_deadline.model_dump() if context.sla_deadline else None,
        },
        # From 1.4: a financial-entity customer's information for its own DORA classification; null for others.
        "dora": _dora(context) if context.financial_entity else None,
    }


def _dora(context: NoticeContext) -> dict[str, Any]:
    """Per criterion of Delegated Regulation (EU) 2024/1772, what we know (``notifications.context.dora``):
    never a classification, which is the financial entity's own (DORA Art. 18(1))."""
    return {
        "regulation": "Commission Delegated Regulation (EU) 2024/1772",
        "criteria": [
            {
                "criterion": line.criterion,
                "article": line.article,
                "dora": line.dora,
                "facts": [
                    {"key": f.key, "kind": f.kind, "value": f.value, "value_utc": f.value_utc} for f in line.facts
                ],
            }
            for line in context.dora
        ],
    }


def _contact(person: Person) -> dict[str, str | None]:
    # A phone not set is null, never "": a receiver must not take an empty string for a number to call.
    return {"name": person.name, "email": person.email, "phone": person.phone or None}


def encode(context: NoticeContext) -> bytes:
    return json.dumps(notice_document(context), ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8")
