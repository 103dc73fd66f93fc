"""Channels: one method that delivers one message to one contact and answers with a typed receipt.

Apprise's ``notify()`` answers with a result whose status is SUCCESS, FAILURE, PARTIAL, NOMATCH or
TIMEOUT (DESIGN.md section 4). Success becomes a ``Receipt``; everything else a ``DeliveryError`` with
the reason Apprise logged, and whether a retry may help. Nothing is swallowed into a log line.

The notice key travels with every message (DESIGN.md habit 8): an ``X-Breach-Notice-Key`` header on
e-mail and webhooks, a ``notice_key`` field in the JSON body, and a line in the text itself.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote

import apprise
from apprise.attachment.memory import AttachMemory

import notifications.spool  # noqa: F401  (registers the spool:// scheme)
from breach.errors import DeliveryError
from breach.vocabulary import AttemptOutcome

KEY_HEADER = "X-Breach-Notice-Key"
DUPLICATE_HEADER = "X-Breach-Possible-Duplicate"
HEADER_SCHEMES = frozenset({"mailto", "mailtos", "json", "jsons", "xml", "xmls", "form", "forms"})
PAYLOAD_SCHEMES = frozenset({"json", "jsons"})
HTML_SCHEMES = frozenset({"mailto", "mailtos"})


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    content: bytes
    mimetype: str


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    notice_key: str
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    possible_duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Receipt:
    outcome: AttemptOutcome
    detail: str = ""


class Channel(Protocol):
    def send(self, url: str, message: OutgoingMessage) -> Receipt:
        """Deliver ``message`` to the contact ``url``; raise ``DeliveryError`` when it did not leave."""
        ...


def keyed_url(url: str, message: OutgoingMessage) -> str:
    """The contact URL with the notice key added where the scheme can carry it."""
    scheme = url.split("://", 1)[0].lower()
    extra: list[str] = []
    if scheme in HEADER_SCHEMES:
        extra.append(f"+{KEY_HEADER}={quote(message.notice_key)}")
        if message.possible_duplicate:
            extra.append(f"+{DUPLICATE_HEADER}=yes")
    if scheme in PAYLOAD_SCHEMES:
        extra.append(f":notice_key={quote(message.notice_key)}")
        extra.append(f":possible_duplicate={'true' if message.possible_duplicate else 'false'}")
    if scheme == "spool":
        extra.append(f"notice_key={quote(message.notice_key)}")
        extra.append(f"possible_duplicate={'yes' if message.possible_duplicate else 'no'}")
    if not extra:
        return url
    return url + ("&" if "?" in url else "?") + "&".join(extra)


class AppriseChannel:
    """Every real channel, through Apprise. ``timeout`` bounds a slow target (seconds)."""

    def __init__(self, *, timeout: float = 30.0) -> None:
        self.timeout = timeout

    def send(self, url: str, message: OutgoingMessage) -> Receipt:
        scheme = url.split("://", 1)[0].lower()
        sender = apprise.Apprise()
        if not sender.add(keyed_url(url, message)):
            raise DeliveryError(f"{scheme}:// contact is not a usable Apprise URL", transient=False)
        html = scheme in HTML_SCHEMES and message.html is not None
        attachments = [AttachMemory(content=a.content, name=a.name, mimetype=a.mimetype) for a in message.attachments]
        with apprise.LogCapture(level=apprise.logging.WARNING) as logs:
            result = sender.notify(
                body=message.html if html and message.html is not None else message.text,
                title=message.subject,
                body_format=apprise.NotifyFormat.HTML if html else apprise.NotifyFormat.TEXT,
                attach=attachments or None,
                timeout=self.timeout,
            )
            captured = logs.getvalue().strip()
        status = getattr(result, "status", None)
        name = getattr(status, "name", "SUCCESS" if result else "FAILURE")
        if result and name == "SUCCESS":
            return Receipt(AttemptOutcome.SUCCESS)
        reason = _last_line(captured) or f"Apprise reported {name.lower()}"
        if name == "NOMATCH":
            raise DeliveryError(f"no Apprise service matched: {reason}", transient=False)
        if name == "TIMEOUT":
            raise DeliveryError(f"timed out after {self.timeout:g} s: {reason}", transient=True)
        raise DeliveryError(reason, transient=True)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:500] if lines else ""


# --- fakes that ship beside the contract (DESIGN.md habit 7) -------------------------------------


@dataclass
class RecordingChannel:
    """Accepts everything and keeps what it was given, for tests and dry runs."""

    sent: list[tuple[str, OutgoingMessage]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def send(self, url: str, message: OutgoingMessage) -> Receipt:
        with self._lock:
            self.sent.append((url, message))
        return Receipt(AttemptOutcome.SUCCESS)


@dataclass
class FailingChannel:
    """Fails for the URLs in ``failing`` (all when empty), a set number of times or for ever."""

    failing: frozenset[str] = frozenset()
    times: int | None = None
    transient: bool = True
    reason: str = "connection refused"
    inner: RecordingChannel = field(default_factory=RecordingChannel)
    failures: int = 0

    def send(self, url: str, message: OutgoingMessage) -> Receipt:
        hit = not self.failing or url in self.failing
        if hit and (self.times is None or self.failures < self.times):
            self.failures += 1
            raise DeliveryError(self.reason, transient=self.transient)
        return self.inner.send(url, message)
