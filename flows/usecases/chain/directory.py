"""Import the sub-processor directory (DPA clause 6) from a file's data: the whole file or nothing.

One ``subprocessors.imported`` audit event names who imported what; the commit is the caller's.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlmodel import Session

from breach.chain import directory
from breach.chain.store import subprocessors
from breach.db import repository
from breach.records.store import audit


def import_subprocessors(
    data: Any, *, session: Session, actor: str, now: datetime, source: str
) -> subprocessors.ImportSummary:
    """Validate the whole file, then write it; a refusal writes nothing."""
    services = repository.services_by_code(session=session)
    valid = directory.validate(data, known_services=services, today=now.date())
    summary = subprocessors.apply(valid, services, session=session, now=now)
    audit.append(
        session=session,
        event_type="subprocessors.imported",
        actor=actor,
        at=now,
        data={"source": source, **asdict(summary)},
    )
    return summary
