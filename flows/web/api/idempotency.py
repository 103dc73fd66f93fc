"""Retry-safe intake (``POST /incidents`` with an ``Idempotency-Key``): a key remembers the request's hash
and the incident it opened, so a retry gets the same incident and a different request under the same key
is refused."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Final
from uuid import UUID

from sqlmodel import Session, select

from breach.db.models.access import IdempotencyRecord
from breach.db.models.incidents import Incident
from breach.errors import NotFound
from flows.usecases import case_views
from flows.web.api.errors import ApiError
from flows.web.api.models import IncidentCreate, IncidentDetail
from flows.web.api_keys import Principal

IDEMPOTENCY_KEY: Final = r"^[\x21-\x7e]{1,200}$"


def request_hash(body: IncidentCreate) -> str:
    """What a retry must repeat exactly: the request body, canonically serialised."""
    return hashlib.sha256(body.model_dump_json().encode("utf-8")).hexdigest()


def replay(session: Session, who: Principal, key: str, digest: str, now: datetime) -> IncidentDetail | None:
    """The incident a first request under ``key`` opened, or ``None`` when the key is new to this API key."""
    record = session.exec(
        select(IdempotencyRecord).where(IdempotencyRecord.api_key_id == who.key_id, IdempotencyRecord.key == key)
    ).first()
    if record is None:
        return None
    if record.request_hash != digest:
        raise ApiError(422, "Idempotency-Key", key, "already used by this key for a different request")
    incident = session.get(Incident, record.incident_id)
    if incident is None:  # pragma: no cover - a foreign key keeps it
        raise NotFound("incident", str(record.incident_id))
    return case_views.incident_detail(incident, session=session, now=now)


def remember(session: Session, who: Principal, key: str, digest: str, *, incident_id: UUID, now: datetime) -> None:
    """Note the key in the unit of work that opens the incident (a racing twin fails on its unique key)."""
    session.add(
        IdempotencyRecord(api_key_id=who.key_id, key=key, request_hash=digest, incident_id=incident_id, created_at=now)
    )
    session.flush()
