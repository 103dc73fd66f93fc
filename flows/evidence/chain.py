"""``chain.json`` of an evidence pack: our link of the processing chain (issue 21; GDPR Art. 33(2), 28(4)).

For an incident a sub-processor reported, what we received, when and from whom: the sub-processor, its notice
key, form and schema version, when it reached us and who took it in, when they say they became aware, their
services mapped to ours, and the SHA-256 of the notice as kept (its text stays with us: it speaks of our
service as a whole, not of this customer's case). And what we sent on to this customer's own engine
(``breach://``, a reseller's intake: ``notifications.channels.engine``): each notice's kind, phase and key, the
engine as shown (never its key), when it took it and whether it was a flagged repeat. The pack holds the file
only for an incident with such a link, so the packs of every other incident are as before.
"""

from __future__ import annotations

from typing import Any, Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db.models.incidents import Incident
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.vocabulary import AttemptOutcome
from flows.evidence.records import iso
from flows.usecases.chain.link import received

CHAIN: Final = "chain.json"
ENGINE_PREFIXES: Final = ("breach://", "breachs://")


def sent_on(incident: Incident, customer_id: UUID, *, session: Session) -> list[dict[str, Any]]:
    """The notices of the incident that reached ``customer_id``'s own engine, first delivered first."""
    rows = session.exec(
        select(Notice, DeliveryAttempt)
        .join(DeliveryAttempt, col(DeliveryAttempt.notice_id) == col(Notice.id))
        .where(
            Notice.incident_id == incident.id,
            Notice.customer_id == customer_id,
            DeliveryAttempt.outcome == AttemptOutcome.SUCCESS,
        )
        .order_by(col(DeliveryAttempt.finished_at))
    ).all()
    return [
        {
            "kind": notice.kind.value,
            "phase": notice.phase,
            "notice_key": notice.notice_key,
            "to": attempt.contact,
            "delivered_at": iso(attempt.finished_at),
            "possible_duplicate": attempt.possible_duplicate,
        }
        for notice, attempt in rows
        if attempt.contact.lower().startswith(ENGINE_PREFIXES)
    ]


def chain_record(incident: Incident, *, session: Session, customer_id: UUID | None = None) -> dict[str, Any] | None:
    """The file's content, or ``None`` when no sub-processor's notice is linked to the incident and nothing went
    on to ``customer_id``'s engine."""
    links = received(incident, session=session)
    onward = sent_on(incident, customer_id, session=session) if customer_id is not None else []
    if not links and not onward:
        return None
    record: dict[str, Any] = {
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
    if onward:
        record["sent_on"] = onward
    return record
