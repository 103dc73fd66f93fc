"""The files of an evidence pack, as pure functions of the rows they show (shared by building and verifying).

The ``.eml`` is derived from the sent document and the manifest's entry for it, so a verifier rebuilds it
byte for byte: an edited header (issue 15, finding 7) is caught even before the signature is checked.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from email.utils import format_datetime
from typing import Any, Final
from uuid import UUID

from breach.clock import to_utc
from breach.db.models.audit import AuditEvent
from breach.db.models.outbox import DeliveryAttempt, Notice, SentMessage
from notifications.delivery import archive

PACK_FORMAT: Final = "breach-evidence-2"
MANIFEST: Final = "manifest.json"
SIGNATURE: Final = "manifest.sig"
# The files every pack holds besides the notices' folders; a verifier refuses a pack without one of them.
TOP_LEVEL: Final = ("acknowledgements.json", "assessment.json", "audit.json", "deadlines.json", "decisions.json")
PER_NOTICE: Final = ("notice.json", "attempts.json")


def as_json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def iso(value: datetime | None) -> str | None:
    return to_utc(value, "instant").isoformat() if value is not None else None


def sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def event_record(event: AuditEvent) -> dict[str, Any]:
    """An audit event as the pack stores it: every field its MAC covers, in the form it is computed over."""
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
        "key_id": event.key_id,
    }


def event_from_record(record: Mapping[str, Any]) -> AuditEvent:
    return AuditEvent(
        seq=int(record["seq"]),
        at=datetime.fromisoformat(record["at"]),
        event_type=str(record["event_type"]),
        actor=str(record["actor"]),
        incident_id=UUID(record["incident_id"]) if record["incident_id"] else None,
        case_id=UUID(record["case_id"]) if record["case_id"] else None,
        subject_id=record["subject_id"],
        data=dict(record["data"]),
        content_hash=record["content_hash"],
        prev_hash=str(record["prev_hash"]),
        hash=str(record["hash"]),
        key_id=record.get("key_id"),
    )


def eml(entry: Mapping[str, Any], doc: Mapping[str, Any]) -> bytes:
    """The message as the customer received it by e-mail, from the document and its manifest entry."""
    headers = [
        f"Subject: {doc['subject']}",
        f"Date: {format_datetime(datetime.fromisoformat(str(entry['sent_at'])))}",
        f"To: {entry['contact']}",
        f"X-Breach-Notice-Key: {doc['notice_key']}",
        f"X-Breach-Possible-Duplicate: {'yes' if doc['possible_duplicate'] is True else 'no'}",
        f"X-Breach-Sent-SHA256: {entry['sha256']}",
        "Content-Type: text/plain; charset=utf-8",
    ]
    return ("\n".join(headers) + "\n\n" + str(doc["text"])).encode("utf-8")


def attachment_name(number: int, attachment: Mapping[str, Any]) -> str:
    return f"attachments/{number:02d}-{attachment['name']}"


def notice_record(notice: Notice) -> dict[str, Any]:
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
        "created_at": iso(notice.created_at),
        "sent_at": iso(notice.sent_at),
        "delivered_at": iso(notice.delivered_at),
        "acknowledged_at": iso(notice.acknowledged_at),
        "acknowledged_by": notice.acknowledged_by,
    }


def attempt_record(attempt: DeliveryAttempt) -> dict[str, Any]:
    return {
        "contact": attempt.contact,
        "started_at": iso(attempt.started_at),
        "finished_at": iso(attempt.finished_at),
        "outcome": attempt.outcome.value,
        "reason": attempt.reason,
        "possible_duplicate": attempt.possible_duplicate,
    }


def sent_files(folder: str, sent: SentMessage) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The files of one sent message and its manifest entry."""
    entry: dict[str, Any] = {
        "folder": folder,
        "sha256": sent.sha256,
        "document": None,
        "contact": sent.contact,
        "sent_at": iso(sent.sent_at),
    }
    if sent.content is None:
        entry["note"] = "content removed under the retention policy; its hash is kept"
        return {}, entry
    raw = archive.unpack(sent.content)
    document = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    files = {f"{folder}/document.json": document, f"{folder}/message.eml": eml(entry, raw)}
    if raw.get("html"):
        files[f"{folder}/message.html"] = str(raw["html"]).encode("utf-8")
    for number, attachment in enumerate(raw.get("attachments") or (), 1):
        files[f"{folder}/{attachment_name(number, attachment)}"] = base64.b64decode(attachment["base64"])
    entry["document"] = f"{folder}/document.json"
    entry["notice_key"] = raw["notice_key"]
    return files, entry
