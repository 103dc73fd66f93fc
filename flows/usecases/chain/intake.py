"""A breach notice from one of our sub-processors opens an incident (GDPR Art. 33(2), Art. 28(4); DPA clause 6).

The incident opens in ``investigating``: the sub-processor has told us, so a breach is likely, but the
decision that it is a personal data breach of ours is a person's (``breach confirm``; DESIGN.md habit 10).
What the notice says is kept whole and linked to the incident; their services are mapped to ours, so the
affected customers are known before anyone types; the moment we received it is recorded as our awareness
candidate (EDPB Guidelines 9/2022: awareness comes with a reasonable degree of certainty, which the person
confirming judges); our DPO and security lead get an internal alert at once.

Idempotent by the sender's notice key: a repeat (a retry, a ``possible_duplicate`` re-send) opens nothing
and is answered as the first was. A notice naming services we cannot map is refused, nothing of it kept,
and a person is alerted (``alert_unmapped``, in its own unit of work), because silence would lose a breach.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from breach.chain.intake import IncomingNotice, UnmappedServices, map_services, read_notice
from breach.chain.store import notices, subprocessors
from breach.db import repository
from breach.db.models.chain import Subprocessor, SubprocessorNotice
from breach.db.models.incidents import Incident
from breach.errors import InvalidInput, NotFound
from breach.incidents.states import transition
from breach.notices.store import queue
from breach.records.store import audit
from breach.vocabulary import IncidentStatus, Language
from flows.usecases.chain import updates
from flows.usecases.intake import MAX_DESCRIPTION, MAX_TITLE, IncidentDraft, open_incident

# Internal alert codes (notifications.context.models.ALERTS).
ALERT_RECEIVED: Final = "subprocessor_breach"
ALERT_UNMAPPED: Final = "subprocessor_unmapped"


@dataclass(frozen=True, slots=True)
class Received:
    """What the sender is answered, the first time and every repeat alike."""

    incident_id: UUID
    reference: str
    status: str
    notice_key: str
    received_at: datetime
    services: tuple[str, ...]
    replayed: bool
    # A later notice about an incident it opened before (flows.usecases.chain.updates): kept, pending review.
    update: bool = False


def _answer(
    notice: SubprocessorNotice, incident: Incident, ours: tuple[str, ...], *, replayed: bool, session: Session
) -> Received:
    opened_it = notices.of_incident(incident.id, session=session)[0].id == notice.id
    return Received(
        incident.id,
        incident.reference,
        incident.status.value,
        notice.notice_key,
        notice.received_at,
        ours,
        replayed,
        update=not opened_it,
    )


def _ours_of(incident: Incident, *, session: Session) -> tuple[str, ...]:
    return tuple(sorted(s.code for s in repository.incident_services(incident.id, session=session)))


def _description(sub: Subprocessor, notice: IncomingNotice) -> str:
    lines = [notice.description, "", f"Reported by our sub-processor {sub.name} (notice {notice.notice_key})."]
    lines.append(f"Their services: {', '.join(notice.their_services)}.")
    if notice.data_categories:
        lines.append(f"Data categories they name: {', '.join(notice.data_categories)}.")
    if notice.data_subjects is not None:
        lines.append(f"People concerned, as they count them: {notice.data_subjects}.")
    return "\n".join(lines)[:MAX_DESCRIPTION]


def receive(
    data: object, *, subprocessor: Subprocessor, session: Session, actor: str, now: datetime, language: Language
) -> Received:
    """Take in a notice (JSON data); ``InvalidInput`` names what is wrong, ``UnmappedServices`` the services
    we cannot map. Flushes, never commits: the caller's unit of work keeps all of it or nothing."""
    notice = read_notice(data)
    known = notices.by_key(subprocessor.id, notice.notice_key, session=session)
    if known is not None:
        incident = session.get(Incident, known.incident_id)
        if incident is None:  # pragma: no cover - a foreign key holds it
            raise InvalidInput("notice_key", notice.notice_key, "its incident is gone")
        return _answer(known, incident, _ours_of(incident, session=session), replayed=True, session=session)
    try:
        ours = map_services(notice.their_services, subprocessors.their_map(subprocessor.id, session=session))
    except UnmappedServices as refused:
        refused.notice_key = notice.notice_key
        raise
    if notice.their_aware_at is not None and notice.their_aware_at > now:
        raise InvalidInput(
            "aware_at", notice.their_aware_at.isoformat(), f"is in the future (now is {now.isoformat()})"
        )
    first = updates.follows(subprocessor.id, notice, session=session)
    if first is not None:
        kept, incident = updates.keep_update(
            data if isinstance(data, dict) else {},
            notice,
            first,
            subprocessor,
            session=session,
            actor=actor,
            now=now,
            language=language,
        )
        return _answer(kept, incident, _ours_of(incident, session=session), replayed=False, session=session)
    draft = IncidentDraft(
        title=f"{subprocessor.name}: {notice.title}"[:MAX_TITLE],
        description=_description(subprocessor, notice),
        services=ours,
        # We detect it the moment their notice arrives; when they became aware is theirs, kept on the notice.
        detected_at=now,
        occurred_at=notice.occurred_at,
    )
    incident = open_incident(draft, session=session, actor=actor, now=now)
    incident.status = transition(incident.status, IncidentStatus.INVESTIGATING)
    session.add(incident)
    row = notices.received(
        notice,
        data if isinstance(data, dict) else {},
        subprocessor_id=subprocessor.id,
        incident_id=incident.id,
        received_by=actor,
        now=now,
        session=session,
    )
    affected = len(repository.affected_by(incident.id, session=session))
    audit.append(
        session=session,
        event_type="incident.subprocessor_notice",
        actor=actor,
        at=now,
        incident_id=incident.id,
        subject_id=row.id,
        data={
            "reference": incident.reference,
            "subprocessor": subprocessor.name,
            "notice_key": notice.notice_key,
            "form": notice.form,
            "schema_version": notice.schema_version,
            "their_services": list(notice.their_services),
            "services": list(ours),
            "awareness_candidate": now.isoformat(),
            "customers": affected,
        },
    )
    queue.queue_internal(
        session=session,
        now=now,
        alert=ALERT_RECEIVED,
        cause=row.id.hex,
        language=language,
        incident=incident,
        details={
            "notice_key": notice.notice_key,
            "reason": f"{subprocessor.name}: {', '.join(notice.their_services)} → {', '.join(ours)}",
            "count": affected,
        },
    )
    return _answer(row, incident, tuple(sorted(ours)), replayed=False, session=session)


def alert_unmapped(
    subprocessor: Subprocessor,
    refused: UnmappedServices,
    *,
    session: Session,
    actor: str,
    now: datetime,
    language: Language,
) -> None:
    """A refused notice for services we cannot map still reaches a person: one alert per notice key."""
    digest = hashlib.sha256(f"{subprocessor.id}\n{refused.notice_key}".encode()).hexdigest()[:32]
    queue.queue_internal(
        session=session,
        now=now,
        alert=ALERT_UNMAPPED,
        cause=digest,
        language=language,
        details={
            "notice_key": refused.notice_key[:200],
            "reason": f"{subprocessor.name}: {', '.join(refused.names)}",
        },
    )
    audit.append(
        session=session,
        event_type="subprocessor.notice_refused",
        actor=actor,
        at=now,
        data={"subprocessor": subprocessor.name, "services": list(refused.names), "notice_key_hash": digest},
    )


def take_in(
    data: object,
    *,
    subprocessor_id: UUID,
    unit_of_work: Callable[[], AbstractContextManager[Session]],
    actor: str,
    now: datetime,
    language: Language,
    noted: Callable[[Session], None] = lambda session: None,
) -> Received:
    """``receive`` in its own unit of work, for the CLI and the API alike: an unmapped notice is refused and
        its alert committed on its own; a repeat racing the first is answered from the first's row. ``noted`` runs
    first in the unit of work that takes the notice in (the API notes its key's use there)."""
    try:
        with unit_of_work() as session:
            noted(session)
            return receive(
                data,
                subprocessor=_sub(subprocessor_id, session),
                session=session,
                actor=actor,
                now=now,
                language=language,
            )
    except UnmappedServices as refused:
        with unit_of_work() as session:
            alert_unmapped(
                _sub(subprocessor_id, session), refused, session=session, actor=actor, now=now, language=language
            )
        raise
    except IntegrityError:
        # The same notice key raced us (UniqueConstraint of SubprocessorNotice): the first one's answer.
        with unit_of_work() as session:
            answer = receive(
                data,
                subprocessor=_sub(subprocessor_id, session),
                session=session,
                actor=actor,
                now=now,
                language=language,
            )
        if not answer.replayed:  # pragma: no cover - the row the race left is found
            raise
        return answer


def _sub(subprocessor_id: UUID, session: Session) -> Subprocessor:
    row = session.get(Subprocessor, subprocessor_id)
    if row is None:
        raise NotFound("subprocessor", str(subprocessor_id))
    return row
