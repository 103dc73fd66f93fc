"""A sent message as a stored document: what the evidence pack shows and the audit log's hash proves."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from typing import Any

from notifications.channels.channel import OutgoingMessage


def document(message: OutgoingMessage) -> bytes:
    """The canonical JSON of a message as sent (stable key order, so its hash is reproducible)."""
    body: dict[str, Any] = {
        "notice_key": message.notice_key,
        "possible_duplicate": message.possible_duplicate,
        "subject": message.subject,
        "text": message.text,
        "html": message.html,
        "attachments": [
            {"name": a.name, "mimetype": a.mimetype, "base64": base64.b64encode(a.content).decode("ascii")}
            for a in message.attachments
        ],
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def pack(message: OutgoingMessage) -> tuple[str, bytes]:
    """(sha256 of the document, gzip of it) for a ``SentMessage`` row."""
    raw = document(message)
    return hashlib.sha256(raw).hexdigest(), gzip.compress(raw, compresslevel=6)


def unpack(content: bytes) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(gzip.decompress(content))
    return loaded
