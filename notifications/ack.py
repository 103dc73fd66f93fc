"""Acknowledgement: a signed, expiring link in every notice, and recording that someone read it.

A notice that reached a mail server is not a notice that someone read. Each notice to a customer carries a
link ``<BREACH_PUBLIC_URL>/ack/<token>``; the token is the notice key and an expiry, signed with HMAC-SHA256
under ``BREACH_ACK_SECRET``, so nobody can make one for another notice or stretch its validity, and the
link itself is the capability (nothing else to log in with). ``acknowledge`` records who read it and when,
on the notice and (the first time) on the controller case, as an audit event; it refuses a second
acknowledgement, so a reused link changes nothing. Acknowledgement stops the escalation chain
(``breach.notices.escalation``).

Refusals (``breach.errors`` tree)::

    InvalidInput
    ├── TokenRefused          the link is forged, malformed or expired (``reason``)
    ├── AlreadyAcknowledged   the notice was acknowledged before (``at``, ``by``): a reused link
    └── NotAcknowledgeable    an internal alert: nothing for a customer to acknowledge
    NotFound                  a well-signed link to a notice that no longer exists
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, Literal

from sqlmodel import Session, col, select, update

from breach.clock import Clock, require_aware
from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.directory.authorities import AUTHORITIES
from breach.errors import ConfigurationError, InvalidInput, NotFound
from breach.notices.kinds import KINDS
from breach.records.store import audit
from breach.vocabulary import NoticeStatus
from notifications.i18n.catalogues import words_for

DEFAULT_VALIDITY: Final = timedelta(days=30)
# ``secrets.token_urlsafe(32)`` gives 43 characters; anything much shorter can be guessed offline.
MIN_SECRET_LENGTH: Final = 32
MAX_TOKEN_LENGTH: Final = 512
MAX_NAME_LENGTH: Final = 200
# Separates these signatures from any other use of the same secret; the version allows a new format.
_DOMAIN: Final = b"breach-ack.v1\x00"
_B64: Final = re.compile(r"^[A-Za-z0-9_-]+$")

Reason = Literal["forged", "malformed", "expired"]
# How an acknowledgement came: the signed link's page, the customer portal, the API, or told our staff (the CLI).
Via = Literal["web", "portal", "cli", "api"]
VIA: Final[tuple[str, ...]] = ("web", "portal", "cli", "api")


class TokenRefused(InvalidInput):
    """The acknowledgement link is not one we made (``forged``), not a link at all, or too old."""

    def __init__(self, reason: Reason, problem: str) -> None:
        self.reason: Reason = reason
        # The token itself is never repeated: an error message may end up in a log.
        super().__init__("token", reason, problem)
        self.args = (f"token: {problem}",)


class AlreadyAcknowledged(InvalidInput):
    """The notice was acknowledged before: the link was used already; nothing is recorded again."""

    def __init__(self, notice_key: str, at: datetime, by: str) -> None:
        self.at = at
        self.by = by
        super().__init__("token", notice_key, f"already acknowledged at {at.isoformat(timespec='minutes')} by {by}")


class NotAcknowledgeable(InvalidInput):
    """A notice of a kind nobody outside acknowledges (an alert to our own DPO)."""


# --- tokens --------------------------------------------------------------------------------------


def _secret(secret: str) -> bytes:
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigurationError(
            f"BREACH_ACK_SECRET: at least {MIN_SECRET_LENGTH} characters are required "
            '(python -c "import secrets; print(secrets.token_urlsafe(32))")'
        )
    return secret.encode("utf-8")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not _B64.match(text):
        raise ValueError("not URL-safe base64")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, body: str) -> str:
    return _b64(hmac.new(secret, _DOMAIN + body.encode("ascii"), hashlib.sha256).digest())


def sign(notice_key: str, *, secret: str, expires_at: datetime) -> str:
    """A token for ``notice_key`` valid until ``expires_at`` (whole seconds): ``payload.signature``."""
    if not notice_key or not notice_key.isascii() or "\n" in notice_key:
        raise InvalidInput("notice_key", notice_key, "expected a notice key (ASCII, one line)")
    expiry = int(require_aware(expires_at, "expires_at").timestamp())
    body = _b64(f"{notice_key}\n{expiry}".encode("ascii"))
    return f"{body}.{_mac(_secret(secret), body)}"


def verify(token: str, *, secret: str, now: datetime) -> str:
    """The notice key a token was made for; ``TokenRefused`` when forged, malformed or expired.

    The signature is checked (in constant time) before anything in the payload is believed, so an altered
    key or expiry reads as forged, never as expired.
    """
    key = _secret(secret)
    parts = token.split(".") if len(token) <= MAX_TOKEN_LENGTH else []
    if len(parts) != 2 or not all(_B64.match(p) for p in parts):
        raise TokenRefused("malformed", "this is not an acknowledgement link (copy the whole link from the notice)")
    body, signature = parts
    if not hmac.compare_digest(_mac(key, body), signature):
        raise TokenRefused("forged", "this link was altered or was not made by us")
    try:
        notice_key, _, expiry_text = _unb64(body).decode("ascii").partition("\n")
        expiry = datetime.fromtimestamp(int(expiry_text), UTC)
    except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError, OSError):
        raise TokenRefused("malformed", "this link carries no notice") from None
    if require_aware(now, "now") >= expiry:
        raise TokenRefused("expired", f"this link expired at {expiry.isoformat(timespec='minutes')}")
    return notice_key


def link(base_url: str, token: str) -> str:
    """The acknowledgement page of a token under the web application's public URL."""
    return f"{base_url.rstrip('/')}/ack/{token}"


def link_maker(
    *, base_url: str, secret: str, clock: Clock, validity: timedelta = DEFAULT_VALIDITY
) -> Callable[[Notice], str | None]:
    """The ``notifications.delivery.sender.LinkMaker`` of the settings: a fresh link each time a notice is rendered.

    Internal alerts get none. The secret is checked now, so a short one fails at start, not per notice.
    """
    _secret(secret)

    def make(notice: Notice) -> str | None:
        if not KINDS[notice.kind].asks_acknowledgement or notice.customer_id is None:
            return None
        token = sign(notice.notice_key, secret=secret, expires_at=clock.now() + validity)
        return link(base_url, token)

    return make


# --- what a link shows, and acknowledging ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticeSummary:
    """What the acknowledgement page shows: enough to recognise the notice, no facts of the breach."""

    notice_key: str
    kind: str
    language: str
    reference: str  # the incident's reference, or the contact check's id
    customer: str
    timezone: str
    delivered_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    # The customer's lead authority's country: its page reads the locale variant its notices do (nl_NL ...).
    country: str | None = None

    @property
    def words(self) -> str:
        """The catalogue the notice's page is worded in: "nl", or "nl_NL" for a customer under the Dutch AP."""
        return words_for(self.language, self.country)


def _notice(notice_key: str, *, session: Session) -> Notice:
    notice = session.exec(select(Notice).where(Notice.notice_key == notice_key)).first()
    if notice is None:
        raise NotFound("notice", notice_key)
    if not KINDS[notice.kind].asks_acknowledgement or notice.customer_id is None:
        raise NotAcknowledgeable("token", notice_key, "an internal alert is not acknowledged through a link")
    return notice


def summary(notice_key: str, *, session: Session) -> NoticeSummary:
    """The notice a link points at, for its page; ``NotFound`` when it no longer exists."""
    notice = _notice(notice_key, session=session)
    customer = session.get(Customer, notice.customer_id)
    incident = session.get(Incident, notice.incident_id) if notice.incident_id else None
    # A notice about no incident: a communication's COM- reference, or a contact check's id.
    standalone = notice.details.get("reference") or notice.details.get("check_id")
    reference = incident.reference if incident is not None else str(standalone or "—")
    return NoticeSummary(
        notice_key=notice.notice_key,
        kind=notice.kind.value,
        language=notice.language.value,
        reference=reference,
        customer=customer.name if customer is not None else "—",
        timezone=customer.timezone if customer is not None else "UTC",
        delivered_at=notice.delivered_at,
        acknowledged_at=notice.acknowledged_at,
        acknowledged_by=notice.acknowledged_by,
        country=AUTHORITIES[customer.lead_authority].country if customer is not None else None,
    )


def person(name: str) -> str:
    """The name typed by whoever acknowledges: required, one line, at most 200 characters."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput("name", name, "your name is required")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInput("name", cleaned[:20] + "…", f"at most {MAX_NAME_LENGTH} characters")
    if any(not ch.isprintable() for ch in cleaned):
        raise InvalidInput("name", cleaned, "control characters are not allowed")
    return cleaned


def acknowledge(
    *, session: Session, notice_key: str, by: str, via: Via, now: datetime, recorded_by: str | None = None
) -> NoticeSummary:
    """Record that ``by`` read the notice at ``now``: on the notice, on its case the first time, in the audit log.

    ``recorded_by``: the operator who entered an acknowledgement given another way (the CLI). Refuses a second
    acknowledgement (``AlreadyAcknowledged``), changing nothing. A re-send by the escalation chain still
    waiting is called off: someone read the notice. Flushes, never commits.
    """
    name = person(by)
    if via not in VIA:
        raise InvalidInput("via", via, f"expected one of {', '.join(VIA)}")
    stamp = require_aware(now, "now").astimezone(UTC)
    notice = _notice(notice_key, session=session)
    if notice.acknowledged_at is not None:
        raise AlreadyAcknowledged(notice_key, notice.acknowledged_at, notice.acknowledged_by or "—")
    # A conditional write: of two acknowledgements racing, exactly one finds the notice unacknowledged.
    won = session.exec(
        update(Notice)
        .where(col(Notice.id) == notice.id, col(Notice.acknowledged_at).is_(None))
        .values(acknowledged_at=stamp, acknowledged_by=name)
    )
    session.refresh(notice)
    if won.rowcount != 1:
        raise AlreadyAcknowledged(notice_key, notice.acknowledged_at or stamp, notice.acknowledged_by or "—")
    resend_called_off = notice.status is NoticeStatus.PENDING and notice.delivered_at is not None
    if resend_called_off:
        notice.status = NoticeStatus.DELIVERED
        notice.next_attempt_at = None
        session.add(notice)
    first_for_case = False
    if notice.case_id is not None:
        case_won = session.exec(
            update(ControllerCase)
            .where(col(ControllerCase.id) == notice.case_id, col(ControllerCase.acknowledged_at).is_(None))
            .values(acknowledged_at=stamp, acknowledged_by=name)
        )
        first_for_case = case_won.rowcount == 1
        case = session.get(ControllerCase, notice.case_id)
        if case is not None:
            session.refresh(case)
    data: dict[str, object] = {"notice_key": notice.notice_key, "kind": notice.kind.value, "via": via}
    if notice.case_id is not None:
        data["first_for_case"] = first_for_case
    if not KINDS[notice.kind].about_incident or notice.incident_id is None:
        # A notice about no incident is a contact check, known by its check id, or a communication (a record of
        # destruction of a whole customer's data too, DPA clause 10(2)), by its reference.
        data["check_id"] = notice.details.get("check_id")
        if notice.details.get("reference") is not None:
            data["reference"] = notice.details.get("reference")
    if resend_called_off:
        data["resend_called_off"] = True
    if recorded_by is not None:
        data["recorded_by"] = recorded_by
    audit.append(
        session=session,
        event_type="notice.acknowledged",
        actor=name,
        at=stamp,
        incident_id=notice.incident_id,
        case_id=notice.case_id,
        subject_id=notice.id,
        data=data,
    )
    return summary(notice_key, session=session)
