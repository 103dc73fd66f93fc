"""The audit event about one notice: the notice's incident, case and id, and its key first in the data.

Every step of a notice's life (delivered, failed, escalated, reached otherwise, redriven, queued as a
support pack) is one such event; building them in one place keeps them findable the same way (by
``subject_id`` and ``data["notice_key"]``) in the register and in the evidence export.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from breach.db.models.outbox import Notice
from breach.records.store import audit


def notice_event(
    notice: Notice,
    event_type: str,
    *,
    actor: str,
    at: datetime,
    case_id: UUID | None = None,
    content: str | bytes | None = None,
    **data: object,
) -> audit.Entry:
    """The entry for ``audit.append_many``; ``case_id`` overrides the notice's own case.

    The override is for a notice queued before its customer had a case (an early warning): an event
    recorded once the case exists belongs to that case's record (GDPR Art. 33(5) documentation).
    """
    return audit.Entry(
        event_type=event_type,
        actor=actor,
        at=at,
        incident_id=notice.incident_id,
        case_id=case_id or notice.case_id,
        subject_id=notice.id,
        data={"notice_key": notice.notice_key, **data},
        content=content,
    )
