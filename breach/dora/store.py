"""What ``breach.dora.information`` needs from the database, read in bulk for a batch of notices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.directory.authorities import AUTHORITIES

# The event type ``flows.usecases.nis2.records.FACTS`` keeps our NIS2 facts under (this core may not
# import flows; tests/unit/dora checks that both names agree).
NIS2_FACTS: Final = "nis2.facts_recorded"


def nis2_section(incident_id: UUID, *, session: Session) -> dict[str, Any] | None:
    """The NIS2 facts section last recorded for the incident; None when none was."""
    event = session.exec(
        select(AuditEvent)
        .where(AuditEvent.incident_id == incident_id, AuditEvent.event_type == NIS2_FACTS)
        .order_by(col(AuditEvent.seq).desc())
        .limit(1)
    ).first()
    return dict(event.data["nis2"]) if event is not None else None


def affected_countries(incident_id: UUID, *, session: Session) -> tuple[str, ...]:
    """The countries of the lead authorities of every customer with a case on the incident (Art. 4)."""
    cases: Sequence[Any] = repository.cases_of(incident_id, session=session)
    return tuple(sorted({AUTHORITIES[customer.lead_authority].country for _, customer in cases}))
