"""Evidence packs (GDPR Art. 5(2), 33(5); DPA clause 7(2)): what we did for one customer's case, provably.

``build_pack`` writes a zip with every notice of the case as it was sent (the ``SentMessage`` document,
unpacked to ``message.eml`` text, ``message.html`` and the attachments, beside the document itself whose
SHA-256 is the one the audit log holds), every delivery attempt, acknowledgements, our assessment and any
override, the deadlines met or missed, the customer's reported decisions, the audit slice of the case
(its events and those of the incident as a whole, with their hashes), and ``manifest.json`` with the
SHA-256 of every other file. The zip is deterministic: sorted names, fixed timestamps and permissions,
so the same record and ``now`` give the same bytes.

``verify_pack`` checks a pack without the database: every file against the manifest; each sent
document against its recorded hash and against a ``notice.delivered`` event of the audit slice
(``data.sent_sha256``); each audit event's hash recomputed (``breach.audit.event_hash``); and consecutive
events chained. Against the live log, ``breach audit verify`` proves the slice's events are still there:
the manifest records the chain's head at the time of export.

Messages whose content retention removed (``flows.retention_service``) keep their hash: the pack lists
them without a document, and the audit slice still proves what was sent.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import Any, Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach import audit, repository
from breach.clock import to_utc
from breach.models import AuditEvent, AuditHead, CaseReport, DeliveryAttempt, Notice, SentMessage
from breach.register import clock_state, decision
from breach.reports import case_of, deadlines_in_scope, reports_of
from notifications import archive

PACK_FORMAT: Final = "breach-evidence-1"
MANIFEST: Final = "manifest.json"
ZIP_TIME: Final = (1980, 1, 1, 0, 0, 0)
# Incident-wide events about other customers' notices and our own clocks stay out of a customer's pack.
_OTHERS: Final[tuple[str, ...]] = ("notice.", "deadline.")


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def _iso(value: datetime | None) -> str | None:
    return to_utc(value, "instant").isoformat() if value is not None else None


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def event_record(event: AuditEvent) -> dict[str, Any]:
    """An audit event as the pack stores it: every field its hash covers, in the form it is hashed."""
    return {
        "seq": event.seq,
        "at": to_utc(event.at, "at").isoformat(timespec="microseconds"),
        "event_type": event.event_type,
        "actor": event.actor,
        "incident_id": str(event.incident_id) if event.incident_id else None,
        "case_id": str(event.case_id) if event.case_id else None,
        "subject_id": event.subject_id,
        "data": event.data,
        "content_hash": event.content_hash,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def event_from_record(record: Mapping[str, Any]) -> AuditEvent:
    return AuditEvent(
        seq=record["seq"],
        at=datetime.fromisoformat(record["at"]),
        event_type=record["event_type"],
        actor=record["actor"],
        incident_id=UUID(record["incident_id"]) if record["incident_id"] else None,
        case_id=UUID(record["case_id"]) if record["case_id"] else None,
        subject_id=record["subject_id"],
        data=record["data"],
        content_hash=record["content_hash"],
        prev_hash=record["prev_hash"],
        hash=record["hash"],
    )


def _eml(sent: SentMessage, doc: Mapping[str, Any]) -> bytes:
    headers = [
        f"Subject: {doc['subject']}",
        f"Date: {format_datetime(to_utc(sent.sent_at, 'sent_at'))}",
        f"To: {sent.contact}",
        f"X-Breach-Notice-Key: {doc['notice_key']}",
        f"X-Breach-Possible-Duplicate: {'yes' if doc['possible_duplicate'] else 'no'}",
        f"X-Breach-Sent-SHA256: {sent.sha256}",
        "Content-Type: text/plain; charset=utf-8",
    ]
    return ("\n".join(headers) + "\n\n" + str(doc["text"])).encode("utf-8")


def _notice_record(notice: Notice) -> dict[str, Any]:
    return {
        "notice_key": notice.notice_key,
        "kind": notice.kind.value,
        "phase": notice.phase,
        "language": notice.language.value,
        "status": notice.status.value,
        "attempts": notice.attempts,
        "possible_duplicate": notice.possible_duplicate,
        "last_error": notice.last_error,
        "details": notice.details,
        "created_at": _iso(notice.created_at),
        "sent_at": _iso(notice.sent_at),
        "delivered_at": _iso(notice.delivered_at),
        "acknowledged_at": _iso(notice.acknowledged_at),
        "acknowledged_by": notice.acknowledged_by,
    }


def _attempt_record(attempt: DeliveryAttempt) -> dict[str, Any]:
    return {
        "contact": attempt.contact,
        "started_at": _iso(attempt.started_at),
        "finished_at": _iso(attempt.finished_at),
        "outcome": attempt.outcome.value,
        "reason": attempt.reason,
        "possible_duplicate": attempt.possible_duplicate,
    }


def _sent_files(folder: str, sent: SentMessage) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The files of one sent message and its manifest entry."""
    entry: dict[str, Any] = {"folder": folder, "sha256": sent.sha256, "document": None, "contact": sent.contact}
    if sent.content is None:
        entry["note"] = "content removed under the retention policy; its hash is kept"
        return {}, entry
    raw = archive.unpack(sent.content)
    document = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    files = {f"{folder}/document.json": document, f"{folder}/message.eml": _eml(sent, raw)}
    if raw.get("html"):
        files[f"{folder}/message.html"] = str(raw["html"]).encode("utf-8")
    for number, attachment in enumerate(raw.get("attachments") or (), 1):
        files[f"{folder}/attachments/{number:02d}-{attachment['name']}"] = base64.b64decode(attachment["base64"])
    entry["document"] = f"{folder}/document.json"
    entry["notice_key"] = raw["notice_key"]
    return files, entry


@dataclass(frozen=True, slots=True)
class Pack:
    data: bytes
    files: int
    sent_messages: int
    audit_events: int

    @property
    def sha256(self) -> str:
        return _sha(self.data)


def build_pack(reference: str, customer_name: str, *, session: Session, now: datetime) -> Pack:
    """The evidence pack of ``customer_name``'s case of incident ``reference``. Reads only."""
    incident = repository.incident_by_reference(reference, session=session)
    customer = repository.customer_by_name(customer_name, session=session)
    case = case_of(incident, customer, session=session)
    files: dict[str, bytes] = {}
    sent_entries: list[dict[str, Any]] = []
    acknowledgements: list[dict[str, Any]] = []
    if case.acknowledged_at is not None:
        acknowledgements.append(
            {"scope": "case", "acknowledged_at": _iso(case.acknowledged_at), "acknowledged_by": case.acknowledged_by}
        )
    notices = session.exec(
        select(Notice).where(Notice.case_id == case.id).order_by(col(Notice.created_at), col(Notice.notice_key))
    ).all()
    for number, notice in enumerate(notices, 1):
        folder = f"notices/{number:02d}-{notice.kind.value}-{notice.phase}"
        files[f"{folder}/notice.json"] = _json(_notice_record(notice))
        attempts = session.exec(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.notice_id == notice.id)
            .order_by(col(DeliveryAttempt.started_at), col(DeliveryAttempt.id))
        ).all()
        files[f"{folder}/attempts.json"] = _json([_attempt_record(a) for a in attempts])
        sent_rows = session.exec(
            select(SentMessage)
            .where(SentMessage.notice_id == notice.id)
            .order_by(col(SentMessage.sent_at), col(SentMessage.sha256))
        ).all()
        for index, sent in enumerate(sent_rows, 1):
            extra, entry = _sent_files(f"{folder}/sent-{index}", sent)
            files.update(extra)
            sent_entries.append(entry)
        if notice.acknowledged_at is not None:
            acknowledgements.append(
                {
                    "scope": "notice",
                    "notice_key": notice.notice_key,
                    "acknowledged_at": _iso(notice.acknowledged_at),
                    "acknowledged_by": notice.acknowledged_by,
                }
            )
    files["acknowledgements.json"] = _json(acknowledgements)
    files["assessment.json"] = _json(
        {
            "assessment": case.assessment,
            "override": case.override,
            "incident_override": incident.risk_override,
        }
    )
    files["deadlines.json"] = _json(
        [
            {
                "rule": d.rule,
                "start_at": _iso(d.start_at),
                "due_at": _iso(d.due_at),
                "met_at": _iso(d.met_at),
                "state": clock_state(d, now),
                "late_reasons": d.late_reasons,
            }
            for d in deadlines_in_scope(session=session, incident_id=incident.id, case_id=case.id)
        ]
    )
    files["decisions.json"] = _json(
        [
            {**_decision_record(r), "occurred_at": _iso(r.occurred_at)}
            for r in reports_of(session=session, incident_id=incident.id, case_id=case.id)
        ]
    )
    events = [
        e
        for e in session.exec(
            select(AuditEvent).where(AuditEvent.incident_id == incident.id).order_by(col(AuditEvent.seq))
        ).all()
        if e.case_id == case.id or (e.case_id is None and not e.event_type.startswith(_OTHERS))
    ]
    files["audit.json"] = _json([event_record(e) for e in events])
    head = session.get(AuditHead, 1)
    manifest = {
        "format": PACK_FORMAT,
        "reference": incident.reference,
        "customer": customer.name,
        "generated_at": _iso(now),
        "chain_head": {"seq": head.last_seq, "hash": head.last_hash} if head is not None else None,
        "files": {name: _sha(files[name]) for name in sorted(files)},
        "sent_messages": sent_entries,
    }
    files[MANIFEST] = _json(manifest)
    return Pack(_zip(files), len(files), len(sent_entries), len(events))


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


# --- verification ------------------------------------------------------------------------------------


def verify_pack(data: bytes) -> list[str]:
    """Every problem found in a pack, one sentence each; an empty list means it is intact."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive_file:
            contents = {name: archive_file.read(name) for name in archive_file.namelist()}
    except zipfile.BadZipFile as exc:
        return [f"not a zip file: {exc}"]
    if MANIFEST not in contents:
        return ["manifest.json is missing"]
    try:
        manifest = json.loads(contents[MANIFEST])
    except ValueError as exc:
        return [f"manifest.json is not valid JSON: {exc}"]
    problems = _check_files(manifest.get("files") or {}, contents)
    try:
        events = [event_from_record(r) for r in json.loads(contents.get("audit.json", b"[]"))]
    except (ValueError, KeyError, TypeError) as exc:
        return [*problems, f"audit.json cannot be read: {exc}"]
    problems += _check_audit(events)
    problems += _check_sent(manifest.get("sent_messages") or [], contents, events)
    return problems


def _check_files(listed: Mapping[str, str], contents: Mapping[str, bytes]) -> list[str]:
    problems = []
    for name in sorted(set(contents) - {MANIFEST}):
        if name not in listed:
            problems.append(f"{name}: not listed in the manifest")
        elif _sha(contents[name]) != listed[name]:
            problems.append(f"{name}: its SHA-256 does not match the manifest (it was changed)")
    problems += [f"{name}: listed in the manifest but missing" for name in sorted(set(listed) - set(contents))]
    return problems


def _check_audit(events: Sequence[AuditEvent]) -> list[str]:
    problems = []
    previous: AuditEvent | None = None
    for event in events:
        if audit.event_hash(event) != event.hash:
            problems.append(f"audit event {event.seq}: its content does not match its hash")
        if previous is not None and (previous.seq or 0) + 1 == event.seq and event.prev_hash != previous.hash:
            problems.append(f"audit event {event.seq}: does not chain to event {previous.seq}")
        previous = event
    return problems


def _check_sent(
    entries: Sequence[Mapping[str, Any]], contents: Mapping[str, bytes], events: Sequence[AuditEvent]
) -> list[str]:
    delivered = {e.data.get("sent_sha256") for e in events if e.event_type == "notice.delivered"}
    problems = []
    for entry in entries:
        folder, digest = entry.get("folder"), entry.get("sha256")
        if digest not in delivered:
            problems.append(f"{folder}: its hash is not in any notice.delivered event of the audit slice")
        name = entry.get("document")
        if name is None:
            continue
        raw = contents.get(name)
        if raw is None:
            problems.append(f"{name}: missing")
            continue
        if _sha(raw) != digest:
            problems.append(f"{name}: its SHA-256 is not the sent message's recorded hash")
            continue
        doc = json.loads(raw)
        html = contents.get(f"{folder}/message.html")
        if doc.get("html") and (html is None or html.decode("utf-8") != doc["html"]):
            problems.append(f"{folder}/message.html: differs from the sent document")
        eml = contents.get(f"{folder}/message.eml", b"").decode("utf-8")
        if not eml.endswith("\n\n" + str(doc.get("text"))):
            problems.append(f"{folder}/message.eml: its text differs from the sent document")
    return problems
