"""The breach notices our sub-processors send us: found by their own notice key, written once."""

from __future__ import annotations

from uuid import UUID

from sqlmodel import Session, col, select

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
