"""The portal's session cookie: ``<key id>.<expiry>.<signature>``, signed (HMAC-SHA256, a domain of its own)
under ``BREACH_ACK_SECRET``. It says which key signed in and until when; nothing else."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Final
from uuid import UUID

COOKIE: Final = "breach_portal"
SESSION_HOURS: Final = 8
_DOMAIN: Final = b"breach-portal.v1\x00"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class SessionCookie:
    """``<key id>.<expiry>.<signature>``: which key signed in, until when; nothing else."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode("utf-8")

    def _mac(self, body: str) -> str:
        return _b64(hmac.new(self._secret, _DOMAIN + body.encode("ascii"), hashlib.sha256).digest())

    def make(self, key_id: UUID, now: datetime) -> str:
        body = f"{key_id.hex}.{int((now + timedelta(hours=SESSION_HOURS)).timestamp())}"
        return f"{body}.{self._mac(body)}"

    def read(self, value: str, now: datetime) -> UUID | None:
        parts = value.split(".")
        # A cookie is the client's text: anything but our ASCII shape is no session (and no encoding error).
        if len(parts) != 3 or len(value) > 200 or not value.isascii():
            return None
        body = f"{parts[0]}.{parts[1]}"
        if not hmac.compare_digest(self._mac(body), parts[2]):
            return None
        try:
            key_id, expiry = UUID(hex=parts[0]), int(parts[1])
        except ValueError:
            return None
        return key_id if now.timestamp() < expiry else None
