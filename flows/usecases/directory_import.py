"""Import the customer directory (customers, contacts, services) from a validated file: the whole file or nothing.

The import is a decision like any other: one ``directory.imported`` audit event names who made it and counts
what changed; the commit is the caller's unit of work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlmodel import Session

from breach.db import repository
from breach.directory import entries
from breach.directory import store as directory_store
from breach.records.store import audit
from notifications.channels.contacts import check_contact, default_detail


def import_directory(
    data: Any,
    *,
    session: Session,
    actor: str,
    now: datetime,
    source: str,
    locate: Callable[[str], str] = lambda path: path,
) -> directory_store.ImportSummary:
    """Validate a whole directory, then write it; a refusal writes nothing."""
    known = repository.services_by_code(session=session)
    check = _reusing_checks(directory_store.stored_contact_urls(session=session))
    valid = entries.validate(data, check_contact=check, known_services=known, locate=locate)
    summary = directory_store.apply(valid, session=session, now=now)
    audit.append(
        session=session,
        event_type="directory.imported",
        actor=actor,
        at=now,
        data={
            "source": source,
            **asdict(summary),
            "untranslated": {code: [str(lang) for lang in langs] for code, langs in summary.untranslated.items()},
        },
    )
    return summary


def _reusing_checks(stored: dict[str, str]) -> Callable[[str], entries.ContactInfo]:
    """``check_contact``, answered without Apprise for a URL stored verbatim (it passed this same check when
    it was stored) or seen earlier in the file: Apprise's parse was most of a 10 000-customer re-import."""
    seen: dict[str, entries.ContactInfo] = {}

    def check(url: str) -> entries.ContactInfo:
        info = seen.get(url)
        if info is None:
            display = stored.get(url)
            info = check_contact(url) if display is None else entries.ContactInfo(display, default_detail(url))
            seen[url] = info
        return info

    return check
