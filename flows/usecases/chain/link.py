"""Our link of the processing chain for one incident: which sub-processor told us, by which notice, when it
reached us and which of their services stand behind which of ours (GDPR Art. 33(2), 28(4); DPA clause 6).

Shared by ``breach show``, ``GET /incidents/{ref}``, the incident's dashboard page and the evidence pack, so
all of them say the same. Nothing personal: the notice's own text stays in its row, and the sub-processor's
contacts (people's addresses) are never shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from breach.chain.store import notices, subprocessors
from breach.db import repository
from breach.db.models.chain import Subprocessor
from breach.db.models.incidents import Incident
from breach.deadlines.status import format_local
from breach.errors import NotFound
from notifications.i18n.catalogues import message


@dataclass(frozen=True, slots=True)
class ServiceLink:
    """One of their services and the services of ours behind it that this incident concerns."""

    theirs: str
    ours: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReceivedNotice:
    subprocessor: str
    country: str
    notice_key: str
    form: str
    schema_version: str | None
    received_at: datetime
    received_by: str
    their_aware_at: datetime | None
    services: tuple[ServiceLink, ...]
    # SHA-256 of the notice as kept (canonical JSON: sorted keys, no spaces): proves what we received
    # without carrying its text where it is shown.
    body_sha256: str


def received(incident: Incident, *, session: Session) -> list[ReceivedNotice]:
    """The sub-processors' notices linked to the incident, first received first; empty when none is."""
    rows = notices.of_incident(incident.id, session=session)
    if not rows:
        return []
    # The directory as it stands, narrowed to the incident's services: those are the ones mapped at receipt,
    # and a service of ours the directory no longer puts behind theirs is not claimed to be.
    ours = {s.code for s in repository.incident_services(incident.id, session=session)}
    links = []
    for row in rows:
        sub = session.get(Subprocessor, row.subprocessor_id)
        if sub is None:  # pragma: no cover - a foreign key holds it
            raise NotFound("subprocessor", str(row.subprocessor_id))
        mapped = subprocessors.their_map(sub.id, session=session)
        services = tuple(
            ServiceLink(name, tuple(sorted(code for code in mapped.get(name, ()) if code in ours)))
            for name in row.their_services
        )
        links.append(
            ReceivedNotice(
                subprocessor=sub.name,
                country=sub.country,
                notice_key=row.notice_key,
                form=row.form,
                schema_version=row.schema_version,
                received_at=row.received_at,
                received_by=row.received_by,
                their_aware_at=row.their_aware_at,
                services=services,
                body_sha256=canonical_sha256(row.body),
            )
        )
    return links


def canonical_sha256(body: object) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def service_text(link: ReceivedNotice) -> str:
    """``relay-eu → mail-hosting; smtp-out → mail-hosting``: their services, each with ours behind it."""
    return "; ".join(f"{s.theirs} → {', '.join(s.ours) or '—'}" for s in link.services)


def chain_markdown(
    links: list[ReceivedNotice], *, language: str, tz: str, reference: str = "", waiting: Sequence[str] = ()
) -> list[str]:
    """The incident dashboard page's lines for our link of the chain, in ``language``; none without a notice.
    ``waiting``: the keys of the notices still waiting for our review (``flows.usecases.chain.updates.pending``),
    said below the table with the commands that accept them."""
    if not links:
        return []

    def w(key: str) -> str:
        return message(language, "dashboard", f"chain_{key}")

    lines = ["", f"## {w('heading')}", ""]
    lines += [
        f"| {w('from')} | {w('notice')} | {w('received')} | {w('their_aware')} | {w('services')} |",
        "|---|---|---|---|---|",
    ]
    for link in links:
        aware = format_local(link.their_aware_at, tz) if link.their_aware_at else "—"
        cells = (
            f"{link.subprocessor} ({link.country})",
            link.notice_key,
            format_local(link.received_at, tz),
            aware,
            service_text(link),
        )
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    if waiting:
        commands = f"`breach intake accept {reference}`, `POST /incidents/{reference}/intake/accept`"
        lines += ["", "**" + w("waiting") % {"keys": ", ".join(waiting), "commands": commands} + "**"]
    return lines
