"""``chain.json`` of an evidence pack: our link of the processing chain (issue 21; GDPR Art. 33(2), 28(4)).

For an incident a sub-processor reported, what we received, when and from whom: the sub-processor, its notice
key, form and schema version, when it reached us and who took it in, when they say they became aware, their
services mapped to ours, and the SHA-256 of the notice as kept (its text stays with us: it speaks of our
service as a whole, not of this customer's case). The pack holds the file only for such an incident, so the
packs of every other incident are as before.
"""

from __future__ import annotations

from typing import Any, Final

from sqlmodel import Session

from breach.db.models.incidents import Incident
from flows.evidence.records import iso
from flows.usecases.chain.link import received

CHAIN: Final = "chain.json"


def chain_record(incident: Incident, *, session: Session) -> dict[str, Any] | None:
    """The file's content, or ``None`` when no sub-processor's notice is linked to the incident."""
    links = received(incident, session=session)
    if not links:
        return None
    return {
        "received": [
            {
                "from": {"subprocessor": link.subprocessor, "country": link.country},
                "notice_key": link.notice_key,
                "form": link.form,
                "schema_version": link.schema_version,
                "received_at": iso(link.received_at),
                "received_by": link.received_by,
                "their_aware_at": iso(link.their_aware_at),
                "services": [{"theirs": s.theirs, "ours": list(s.ours)} for s in link.services],
                "notice_sha256": link.body_sha256,
            }
            for link in links
        ],
        "our_awareness": iso(incident.aware_at),
    }
