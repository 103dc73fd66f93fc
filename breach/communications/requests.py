"""A data subject's request that reached us, forwarded to the customer it concerns (DPA clause 4(1)).

We do not answer it: the controller decides and answers within one month of receipt (GDPR Art. 12(3)), and
we correct, erase or restrict only on its documented instruction (DPA clause 4(1) first sentence, 4(2)).
The request itself is the person's data: it travels only to full-detail contacts (``breach.notices.kinds``)
and is kept until retention (``breach.records.retention``) removes it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Final

import pendulum

from breach.clock import to_utc
from breach.errors import InvalidInput


class RequestKind(StrEnum):
    """What the person asks for, by the GDPR article that grants it."""

    ACCESS = "access"  # Art. 15
    RECTIFICATION = "rectification"  # Art. 16
    ERASURE = "erasure"  # Art. 17
    RESTRICTION = "restriction"  # Art. 18
    PORTABILITY = "portability"  # Art. 20
    OBJECTION = "objection"  # Art. 21


ARTICLES: Final[dict[RequestKind, int]] = {
    RequestKind.ACCESS: 15,
    RequestKind.RECTIFICATION: 16,
    RequestKind.ERASURE: 17,
    RequestKind.RESTRICTION: 18,
    RequestKind.PORTABILITY: 20,
    RequestKind.OBJECTION: 21,
}

# GDPR Art. 12(3): the controller answers "within one month of receipt of the request".
ANSWER_MONTHS: Final = 1
# A request as a person writes it; a larger file is an attachment we have no business forwarding whole.
MAX_REQUEST_BYTES: Final = 64 * 1024


def request_kind(value: str) -> RequestKind:
    try:
        return RequestKind(value.strip().lower())
    except ValueError:
        raise InvalidInput("kind", value, f"expected one of {', '.join(k.value for k in RequestKind)}") from None


def request_text(raw: bytes) -> str:
    """The request's text: UTF-8, not empty, at most ``MAX_REQUEST_BYTES``; line ends normalised."""
    if len(raw) > MAX_REQUEST_BYTES:
        raise InvalidInput("file", f"{len(raw)} bytes", f"at most {MAX_REQUEST_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("file", "(binary)", "must be UTF-8 text") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise InvalidInput("file", "(empty)", "the request's text is required")
    if any(not (ch.isprintable() or ch in "\n\t") for ch in text):
        raise InvalidInput("file", "(control characters)", "only printable text, new lines and tabs")
    return text


def received(value: datetime, now: datetime) -> datetime:
    """When we received it: an aware instant, not in the future."""
    at = to_utc(value, "received_at")
    if at > to_utc(now, "now"):
        raise InvalidInput("received_at", at.isoformat(), "is in the future")
    return at


def answer_by(received_at: datetime, tz: str) -> pendulum.DateTime:
    """The controller's Art. 12(3) month, counted on the customer's calendar (pendulum clamps 31 January to
    the end of February, as a month from a day that the next month lacks)."""
    start = pendulum.instance(to_utc(received_at, "received_at")).in_timezone(tz)
    return start.add(months=ANSWER_MONTHS)
