"""The breach notices our sub-processors send us: found by their own notice key, written once."""

from __future__ import annotations

from uuid import UUID

from sqlmodel import Session, col, select

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
