"""Reading the portal's forms: small, URL-encoded, UTF-8, checked against cross-site forgery
(``flows.web.portal.csrf``) before anything is read, and a ``datetime-local`` value on the customer's clock."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Final
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from fastapi import Request

from breach.errors import InvalidInput
from flows.web.portal.csrf import FIELD, Tokens, refusal

MAX_FORM_BYTES: Final = 16_384
MAX_FIELDS: Final = 16
# Each refusal's HTTP status; message.html says the same in words.
STATUS: Final[dict[str, int]] = {
    "not_a_form": 415,
    "cross_origin": 403,
    "form_expired": 403,
    "too_large": 413,
    "not_utf8": 422,
}


class FormRefused(Exception):
    """A form the portal will not read: ``reason`` names the message shown, ``status`` the HTTP answer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = STATUS[reason]


async def read_form(
    request: Request, *, origins: Collection[str], tokens: Tokens, purpose: str, cookie: str | None
) -> dict[str, str]:
    """The fields of a form posted to the portal, once its type, origin and token are ours; else
    ``FormRefused``. ``cookie`` is what the token is bound to (the session, or the pre-session cookie)."""
    reason = refusal(request, origins)
    if reason is not None:
        raise FormRefused(reason)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormRefused("too_large")
    try:
        # Strict UTF-8: invalid bytes are refused, never stored as replacement characters.
        fields = parse_qs(body.decode("utf-8"), max_num_fields=MAX_FIELDS, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise FormRefused("not_utf8") from None
    except ValueError:  # more fields than any form of ours has: not one of ours
        raise FormRefused("form_expired") from None
    form = {name: values[0] for name, values in fields.items() if values}
    if not tokens.valid(purpose, cookie, form.pop(FIELD, None)):
        raise FormRefused("form_expired")
    return form


def local_instant(text: str, tz: str) -> datetime:
    """A ``datetime-local`` form value, on the customer's wall clock."""
    try:
        naive = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("at", text, "expected a date and time such as 2026-03-27T14:30") from None
    at = naive if naive.tzinfo is not None else naive.replace(tzinfo=ZoneInfo(tz))
    try:
        at.astimezone(UTC)  # stored in UTC: year 1 just after midnight east of Greenwich is no instant
    except OverflowError:
        raise InvalidInput("at", text, "out of range once converted to UTC (years 1 to 9999)") from None
    return at
