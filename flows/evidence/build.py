"""Building an evidence pack (GDPR Art. 5(2), 33(5); DPA clause 7(2)): what we did for one customer's case.

The zip holds every notice of the case as it was sent (the ``SentMessage`` document, unpacked to
``message.eml``, ``message.html`` and the attachments, beside the document itself whose SHA-256 is the
one the audit log holds), every delivery attempt, acknowledgements, our assessment and any override, the
deadlines met or missed, the customer's reported decisions, the audit slice of the case (its events and
those of the incident as a whole, with their MACs), for an incident our sub-processor reported our link of
the chain (``chain.json``, ``flows.evidence.chain``), ``manifest.json`` with the SHA-256 of every other
file, and ``manifest.sig``: the manifest signed with our Ed25519 key (``flows.evidence.signing``). The zip
is deterministic: sorted names, fixed timestamps and permissions, and Ed25519 signatures are
deterministic too, so the same record and ``now`` give the same bytes.

Messages whose content retention removed (``flows.usecases.retention``) keep their hash: the pack lists
them without a document, and the audit slice still proves what was sent.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.audit import AuditEvent, AuditHead
from breach.db.models.incidents import CaseReport
from breach.db.models.outbox import DeliveryAttempt, Notice, SentMessage
from breach.incidents.store.recorded import case_of, deadlines_in_scope, reports_of
from breach.records.register import clock_state, decision
from flows.evidence import signing
from flows.evidence.chain import CHAIN, chain_record
from flows.evidence.records import (
    MANIFEST,
    PACK_FORMAT,
    SIGNATURE,
    as_json,
    attempt_record,
    event_record,
    iso,
    notice_record,
    sent_files,
    sha,
)

ZIP_TIME: Final = (1980, 1, 1, 0, 0, 0)
# Incident-wide events about other customers' notices and our own clocks stay out of a customer's pack.
_OTHERS: Final[tuple[str, ...]] = ("notice.", "deadline.")


@dataclass(frozen=True, slots=True)
class Pack:
    data: bytes
    files: int
    sent_messages: int
    audit_events: int

    @property
    def sha256(self) -> str:
        return sha(self.data)


def _notice_files(
    notices: list[Notice], session: Session
) -> tuple[dict[str, bytes], list[dict[str, Any]], list[dict[str, Any]]]:
    """Each notice's folder, the manifest's sent-message entries and the notices' acknowledgements."""
    files: dict[str, bytes] = {}
    sent_entries: list[dict[str, Any]] = []
    acknowledgements: list[dict[str, Any]] = []
    for number, notice in enumerate(notices, 1):
        folder = f"notices/{number:02d}-{notice.kind.value}-{notice.phase}"
        files[f"{folder}/notice.json"] = as_json(notice_record(notice))
        attempts = session.exec(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.notice_id == notice.id)
            .order_by(col(DeliveryAttempt.started_at), col(DeliveryAttempt.id))
        ).all()
        files[f"{folder}/attempts.json"] = as_json([attempt_record(a) for a in attempts])
        sent_rows = session.exec(
            select(SentMessage)
            .where(SentMessage.notice_id == notice.id)
            .order_by(col(SentMessage.sent_at), col(SentMessage.sha256))
        ).all()
        for index, sent in enumerate(sent_rows, 1):
            extra, entry = sent_files(f"{folder}/sent-{index}", sent)
            files.update(extra)
            sent_entries.append(entry)
        if notice.acknowledged_at is not None:
            acknowledgements.append(
                {
                    "scope": "notice",
                    "notice_key": notice.notice_key,
                    "acknowledged_at": iso(notice.acknowledged_at),
                    "acknowledged_by": notice.acknowledged_by,
                }
            )
    return files, sent_entries, acknowledgements


def build_pack(
    reference: str,
    customer_name: str,
    *,
    session: Session,
    now: datetime,
    signing_key: Ed25519PrivateKey | None = None,
) -> Pack:
    """The signed evidence pack of ``customer_name``'s case of incident ``reference``. Reads only.

    ``signing_key`` defaults to ours (``BREACH_SIGNING_KEY_FILE``); without one the pack is refused with a
    ``ConfigurationError``, never written unsigned.
    """
    key = signing_key or signing.own_key()
    incident = repository.incident_by_reference(reference, session=session)
    customer = repository.customer_by_name(customer_name, session=session)
    case = case_of(incident, customer, session=session)
    notices = session.exec(
        select(Notice).where(Notice.case_id == case.id).order_by(col(Notice.created_at), col(Notice.notice_key))
    ).all()
    files, sent_entries, notice_acks = _notice_files(list(notices), session)
    acknowledgements: list[dict[str, Any]] = []
    if case.acknowledged_at is not None:
        acknowledgements.append(
            {"scope": "case", "acknowledged_at": iso(case.acknowledged_at), "acknowledged_by": case.acknowledged_by}
        )
    files["acknowledgements.json"] = as_json(acknowledgements + notice_acks)
    files["assessment.json"] = as_json(
        {"assessment": case.assessment, "override": case.override, "incident_override": incident.risk_override}
    )
    files["deadlines.json"] = as_json(
        [
            {
                "rule": d.rule,
                "start_at": iso(d.start_at),
                "due_at": iso(d.due_at),
                "met_at": iso(d.met_at),
                "state": clock_state(d, now),
                "late_reasons": d.late_reasons,
            }
            for d in deadlines_in_scope(session=session, incident_id=incident.id, case_id=case.id)
        ]
    )
    files["decisions.json"] = as_json(
        [
            {**_decision_record(r), "occurred_at": iso(r.occurred_at)}
            for r in reports_of(session=session, incident_id=incident.id, case_id=case.id)
        ]
    )
    chained = chain_record(incident, session=session, customer_id=case.customer_id)
    if chained is not None:
        files[CHAIN] = as_json(chained)
    events = [
        e
        for e in session.exec(
            select(AuditEvent).where(AuditEvent.incident_id == incident.id).order_by(col(AuditEvent.seq))
        ).all()
        if e.case_id == case.id or (e.case_id is None and not e.event_type.startswith(_OTHERS))
    ]
    files["audit.json"] = as_json([event_record(e) for e in events])
    sealed(
        files,
        reference=incident.reference,
        customer=customer.name,
        now=now,
        key=key,
        sent=sent_entries,
        session=session,
    )
    return Pack(_zip(files), len(files), len(sent_entries), len(events))


def sealed(
    files: dict[str, bytes],
    *,
    reference: str,
    customer: str,
    now: datetime,
    key: Ed25519PrivateKey,
    sent: list[dict[str, Any]],
    session: Session,
) -> None:
    """Add the manifest (every file's hash, the audit chain's head) and its signature to a pack's ``files``."""
    head = session.get(AuditHead, 1)
    manifest = {
        "format": PACK_FORMAT,
        "reference": reference,
        "customer": customer,
        "generated_at": iso(now),
        "chain_head": {"seq": head.last_seq, "hash": head.last_hash} if head is not None else None,
        "signing_key": signing.key_id(key.public_key()),
        "files": {name: sha(files[name]) for name in sorted(files)},
        "sent_messages": sent,
    }
    files[MANIFEST] = as_json(manifest)
    files[SIGNATURE] = as_json(
        {
            "algorithm": signing.ALGORITHM,
            "key_id": manifest["signing_key"],
            "signed": MANIFEST,
            "signature": signing.sign(key, files[MANIFEST]),
        }
    )


def _decision_record(report: CaseReport) -> dict[str, Any]:
    return asdict(decision(report))


def _zip(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive_file:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive_file.writestr(info, files[name])
    return buffer.getvalue()
