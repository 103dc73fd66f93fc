"""The breach notices our sub-processors send us: found by their own notice key, written once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlmodel import Session, col, select

from breach.chain.intake import IncomingNotice
from breach.db.models.audit import AuditEvent
from breach.db.models.chain import SubprocessorNotice


def by_key(subprocessor_id: UUID, notice_key: str, *, session: Session) -> SubprocessorNotice | None:
    return session.exec(
        select(SubprocessorNotice).where(
            SubprocessorNotice.subprocessor_id == subprocessor_id, SubprocessorNotice.notice_key == notice_key
        )
    ).first()


def of_incident(incident_id: UUID, *, session: Session) -> list[SubprocessorNotice]:
    return list(
        session.exec(
            select(SubprocessorNotice)
            .where(SubprocessorNotice.incident_id == incident_id)
            .order_by(col(SubprocessorNotice.received_at))
        ).all()
    )


def add(notice: SubprocessorNotice, *, session: Session) -> SubprocessorNotice:
    """Written in the caller's unit of work; the unique (sub-processor, key) stops a racing duplicate."""
    session.add(notice)
    session.flush()
    return notice


def received(
    notice: IncomingNotice,
    data: Mapping[str, Any],
    *,
    subprocessor_id: UUID,
    incident_id: UUID,
    received_by: str,
    now: datetime,
    session: Session,
) -> SubprocessorNotice:
    """A notice as it came (its body kept as sent), linked to the incident it opened or adds to."""
    return add(
        SubprocessorNotice(
            subprocessor_id=subprocessor_id,
            notice_key=notice.notice_key,
            form=notice.form,
            schema_version=notice.schema_version,
            incident_id=incident_id,
            received_at=now,
            received_by=received_by,
            their_aware_at=notice.their_aware_at,
            their_services=list(notice.their_services),
            body=dict(data),
        ),
        session=session,
    )


def of_subprocessor(subprocessor_id: UUID, *, session: Session) -> list[SubprocessorNotice]:
    """A sub-processor's notices, first received first (few: one per notice it ever sent us)."""
    return list(
        session.exec(
            select(SubprocessorNotice)
            .where(SubprocessorNotice.subprocessor_id == subprocessor_id)
            .order_by(col(SubprocessorNotice.received_at))
        ).all()
    )


# The audit event that makes a notice's facts ours (flows.usecases.chain.updates.accept): its subject is the
# notice's row, so a notice without one is still pending review. The audit log is the record, no column is.
ACCEPTED_EVENT = "incident.subprocessor_notice_accepted"


def accepted_ids(incident_id: UUID, *, session: Session) -> set[str]:
    """The ids (``str(UUID)``) of the incident's notices whose facts a person accepted."""
    rows = session.exec(
        select(AuditEvent.subject_id).where(
            AuditEvent.incident_id == incident_id, AuditEvent.event_type == ACCEPTED_EVENT
        )
    ).all()
    return {row for row in rows if row is not None}
