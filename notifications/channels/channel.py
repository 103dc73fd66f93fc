"""Channels: one method that delivers one message to one contact and answers with a typed receipt.

Apprise's ``notify()`` answers with a result whose status is SUCCESS, FAILURE, PARTIAL, NOMATCH or
TIMEOUT (DESIGN.md section 4). Success becomes a ``Receipt``; everything else a ``DeliveryError`` with
the reason Apprise logged, and whether a retry may help. Nothing is swallowed into a log line.

The notice key travels with every message (DESIGN.md habit 8): an ``X-Breach-Notice-Key`` header on
e-mail and webhooks, a ``notice_key`` field in the JSON body, and a line in the text itself; so does the
possible-duplicate flag (``X-Breach-Possible-Duplicate: yes``, a JSON boolean, the subject's "possible
repeat"). JSON webhooks get our documented body (``notifications.channels.webhook``).

Every try is bounded: ``connect_timeout`` for the connection (``cto``), ``read_timeout`` for each wait on
the receiver (``rto``; e-mail plugins take one socket timeout for the whole SMTP dialogue, so theirs is the
read timeout), and the whole call at ``connect_timeout + 2 * read_timeout``, after which Apprise abandons
the target and the message may still leave. A failure says whether nothing arrived or the receiver may
hold the message (``notifications.delivery.failures``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import parse_qs, quote, urlsplit

import apprise
from apprise.attachment.memory import AttachMemory

import notifications.channels.spool  # noqa: F401  (registers the spool:// scheme)
from breach.errors import DeliveryError
from breach.vocabulary import AttemptOutcome
from notifications.channels import engine, mail, retry_after, tls, webhook
from notifications.delivery import failures

# Apprise's SMTP connection loads the CA bundle once per process, not once per message.
tls.install()

KEY_HEADER = "X-Breach-Notice-Key"
DUPLICATE_HEADER = "X-Breach-Possible-Duplicate"
HEADER_SCHEMES = frozenset({"mailto", "mailtos", "json", "jsons", "xml", "xmls", "form", "forms"})
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
    # The notice document (``notifications.render.payload``), when the contact gets the full notice: a JSON
    # webhook posts it as its body.
    document: bytes | None = None
    # The audit chain's head when the batch was prepared: {"seq": int, "hash": str}.
    audit_head: dict[str, int | str] | None = None
    # The e-mail already built in a render worker for the one contact URL it goes to
    # (``notifications.channels.mail``); sent as it is when the URL matches, else built here.
    prepared: mail.Prepared | None = None


@dataclass(frozen=True, slots=True)
class Receipt:
    outcome: AttemptOutcome
    detail: str = ""


class Channel(Protocol):
    def send(self, url: str, message: OutgoingMessage) -> Receipt:
        """Deliver ``message`` to the contact ``url``; raise ``DeliveryError`` when it did not leave."""
        ...


def keyed_url(url: str, message: OutgoingMessage, *, connect_timeout: float = 0, read_timeout: float = 0) -> str:
    """The contact URL with the notice key, the flag and the timeouts added where the scheme can carry them.

    A timeout the contact's own URL sets (``cto``, ``rto``) is kept: it was configured for that receiver.
    """
    scheme = url.split("://", 1)[0].lower()
    extra: list[str] = []
    if scheme in HEADER_SCHEMES:
        extra.append(f"+{KEY_HEADER}={quote(message.notice_key)}")
        if message.possible_duplicate:
            extra.append(f"+{DUPLICATE_HEADER}=yes")
    if scheme == "spool":
        extra.append(f"notice_key={quote(message.notice_key)}")
        extra.append(f"possible_duplicate={'yes' if message.possible_duplicate else 'no'}")
    given = parse_qs(urlsplit(url).query)
    if scheme in HTML_SCHEMES:
        # One socket timeout covers the SMTP dialogue, DATA's answer included: the read timeout.
        connect_timeout = max(connect_timeout, read_timeout)
    if connect_timeout > 0 and "cto" not in given:
        extra.append(f"cto={connect_timeout:g}")
    if read_timeout > 0 and "rto" not in given:
        extra.append(f"rto={read_timeout:g}")
    if not extra:
        return url
    return url + ("&" if "?" in url else "?") + "&".join(extra)


class AppriseChannel:
    """Every real channel, through Apprise, each try bounded by a connect and a read timeout (seconds)."""

    def __init__(self, *, connect_timeout: float = 5.0, read_timeout: float = 20.0) -> None:
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout

    @property
    def timeout(self) -> float:
        """The bound of one whole try: Apprise abandons the target after it."""
        return self.connect_timeout + 2 * self.read_timeout

    def send(self, url: str, message: OutgoingMessage) -> Receipt:
        scheme = url.split("://", 1)[0].lower()
        sender = apprise.Apprise()
        target = keyed_url(url, message, connect_timeout=self.connect_timeout, read_timeout=self.read_timeout)
        if scheme in engine.SCHEMES and message.document is None:
            # Another engine's intake reads breach notices (schema 1.x) only: the customer's next contact gets this.
            raise DeliveryError("an engine's intake takes breach notices only", transient=False, refused=True)
        hook = _webhook(scheme, target, message)
        plugin = hook or _prepared_mail(scheme, url, target, message)
        if not sender.add(plugin if plugin is not None else target):
            raise DeliveryError(f"{scheme}:// contact is not a usable Apprise URL", transient=False)
        html = scheme in HTML_SCHEMES and message.html is not None
        attachments = [
            AttachMemory(content=a.content, name=a.name, mimetype=a.mimetype)
            for a in message.attachments
            # A webhook's body is the notice document: attaching it again would only double the request.
            if hook is None or message.document is None or a.content != message.document
        ]
        if isinstance(plugin, mail.PreparedMail):
            attachments = []  # they are in the built message already
        # A webhook keeps its exception (``notifications.channels.webhook``); other plugins log it only at debug level.
        level = apprise.logging.WARNING if hook is not None else apprise.logging.DEBUG
        with apprise.LogCapture(level=level) as logs:
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
        reason = _last_line(_warnings(captured)) or f"Apprise reported {name.lower()}"
        if name == "NOMATCH":
            raise DeliveryError(f"no Apprise service matched: {reason}", transient=False, refused=True)
        if name == "TIMEOUT":
            # Apprise stopped waiting; the target runs on and may still deliver.
            raise DeliveryError(f"timed out after {self.timeout:g} s: {reason}", transient=True, may_have_arrived=True)
        if hook is not None and hook.failure is not None:
            meaning = failures.of_exception(hook.failure)
            reason = f"{reason} ({_short(hook.failure)})"
        elif hook is not None and hook.answered in retry_after.BUSY_STATUSES:
            # Busy (503) or throttling (429): it took nothing and expects the request again, soon.
            wait = retry_after.delay(hook.retry_after, now=datetime.now(UTC))
            if wait is not None:
                reason = f"{reason} (Retry-After: {wait.total_seconds():g} s)"
            raise DeliveryError(reason, transient=True, busy=True, retry_after=wait)
        elif hook is not None and hook.answered is not None:
            meaning = failures.ANSWERED
        else:
            meaning = failures.of_log(captured)
        raise DeliveryError(reason, transient=True, refused=meaning.refused, may_have_arrived=meaning.may_have_arrived)


def _webhook(scheme: str, target: str, message: OutgoingMessage) -> webhook.NoticeWebhook | None:
    """Our JSON webhook plugin for a ``json://``/``jsons://`` contact, carrying the message's own fields."""
    hook = webhook.webhook(target) if scheme in webhook.SCHEMES else None
    if hook is not None:
        hook.notice_key = message.notice_key
        hook.possible_duplicate = message.possible_duplicate
        hook.audit_head = message.audit_head
        hook.document = message.document
    return hook


def _prepared_mail(scheme: str, url: str, target: str, message: OutgoingMessage) -> mail.PreparedMail | None:
    """The plugin sending the e-mail a render worker built, if it was built for this contact, key and flag."""
    prepared = message.prepared
    if prepared is None or scheme not in mail.SCHEMES or prepared.url != keyed_url(url, message):
        return None
    return mail.prepared_plugin(target, prepared)


def _warnings(captured: str) -> str:
    """The lines a person should read: Apprise's warnings and errors, without its debug and info chatter."""
    return "\n".join(line for line in captured.splitlines() if any(f" - {level} - " in line for level in SHOWN))


# Log levels whose lines make a failure's reason (for most plugins the capture runs at debug level, to see
# the exception's text).
SHOWN = ("WARNING", "ERROR", "CRITICAL")


def _short(failure: BaseException) -> str:
    """The exception's kind and its innermost cause, without the URL (which may hold a token)."""
    text = str(failure)
    cause = (text.rsplit(": ", 1)[-1] if ": " in text else text).strip("\"')( ")
    return f"{type(failure).__name__}: {cause[:200]}"


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
