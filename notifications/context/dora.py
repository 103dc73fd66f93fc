"""A financial-entity customer's DORA information in its notice's context (issue 20; ``breach.dora``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from breach.db.models.incidents import ControllerCase, Incident
from breach.deadlines.status import format_local
from breach.dora import DoraFacts, DoraItem, DoraRecord, information, nis2_figures
from breach.incidents.narrative import Narrative
from notifications.context.models import ServiceLine
from notifications.context.notice import DoraFactView, DoraLine, utc_iso


def dora_lines(
    incident: Incident, case: ControllerCase | None, services: Sequence[ServiceLine], record: DoraRecord, tz: str
) -> tuple[DoraLine, ...]:
    """A financial-entity customer's information for its own DORA classification (``breach.dora``)."""
    facts = incident.facts or {}
    items = information(
        DoraFacts(
            detected_at=incident.detected_at,
            occurred_at=incident.occurred_at,
            ongoing=Narrative.stored(incident.narrative).ongoing,
            data_subjects=(case.data_subjects if case is not None and case.data_subjects else None)
            or (sum(s.data_subjects for s in services) or None),
            records=facts.get("records"),
            services=tuple(s.name for s in services),
            countries=record.countries,
            breach_types=tuple(facts["breach_types"]) if facts else None,
            **nis2_figures(record.nis2_section),
        )
    )

    return dora_view(items, tz)


def _shown(kind: str, value: object, tz: str) -> Any:
    if value is None:
        return None
    if kind == "moment" and isinstance(value, datetime):
        return format_local(value, tz)
    if kind == "eur" and isinstance(value, Decimal):
        return float(value)
    return value


def dora_view(items: Sequence[DoraItem], tz: str) -> tuple[DoraLine, ...]:
    """``breach.dora.information``'s items as a notice shows them: times in ``tz``, amounts as numbers."""
    return tuple(
        DoraLine(
            criterion=item.criterion,
            article=item.article,
            dora=item.dora,
            facts=tuple(
                DoraFactView(
                    key=f.key,
                    kind=f.kind,
                    value=_shown(f.kind, f.value, tz),
                    value_utc=utc_iso(f.value) if f.kind == "moment" and isinstance(f.value, datetime) else None,
                )
                for f in item.facts
            ),
        )
        for item in items
    )
