# mypy: disallow-untyped-calls=False, disallow-untyped-decorators=False
"""E-mail built in a render worker, sent from the sending process: MIME on another core (issue 19).

Apprise's e-mail plugin does two things in one ``send``: it builds each message (the HTML-to-text
alternative, quoted-printable, the attachments, the generator's ``as_string``: CPU, holding the GIL, about
half of an e-mail's cost once the CA bundle is loaded only once, ``notifications.channels.tls``) and it
talks SMTP (waiting on the network). ``handle_incident`` already renders in worker processes
(``notifications.render.rendering.RenderPool``); there the worker now also builds the e-mail of a
``mailto://`` contact (``prepare``, with ``PreparingMail``: Apprise's own ``prepare_emails``, headers and
formats as its ``send`` passes them), and the sending thread hands the finished messages to Apprise's
own SMTP connection (``PreparedMail``: Apprise's ``send`` without the building). Apprise stays the
transport: its URL, its ``notify`` with our deadline, its SMTP controller, its logs, from which a failure
is classified as before (``notifications.delivery.failures``).

No queue of our own: the render pool is the process pool the batch already uses, and the prepared
message travels back with the rendering, as a value. Anything ``prepare`` cannot do as Apprise would (no
HTML body, a PGP mode, a URL it cannot parse) returns None, and that message is built and sent by Apprise
in the sending process, as before.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from typing import Any, cast

from apprise import AppriseAttachment, NotifyFormat
from apprise.attachment.memory import AttachMemory
from apprise.exception import AppriseException
from apprise.plugins.email.base import NotifyEmail
from apprise.plugins.email.smtp import AppriseSMTPController

SCHEMES = frozenset({"mailto", "mailtos"})


@dataclass(frozen=True, slots=True)
class Prepared:
    """The e-mails of one message to one contact, built: (recipient, envelope recipients, the message)."""

    url: str  # the contact URL (keyed, without timeouts) they were built for
    messages: tuple[tuple[str, tuple[str, ...], str], ...]


class PreparingMail(NotifyEmail):
    """Apprise's e-mail plugin that builds its messages, as its ``send`` would, and sends nothing."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prepared: tuple[tuple[str, tuple[str, ...], str], ...] = ()

    def send(
        self, body: str, title: str = "", notify_type: Any = None, attach: Any = None, body_format: Any = None, **_: Any
    ) -> bool:
        headers = {"X-Application": self.app_id, **self.headers, **self._protocol_headers(body)}
        self.prepared = tuple(
            (str(message.recipient), tuple(message.to_addrs), message.body)
            for message in NotifyEmail.prepare_emails(
                subject=title,
                body=body,
                notify_format=self.resolve_format(body_format),
                from_addr=self.from_addr,
                to=self.targets,
                cc=self.cc,
                bcc=self.bcc,
                reply_to=self.reply_to,
                smtp_host=self.smtp_host,
                attach=attach,
                headers=headers,
                names=self.names,
                pgp=self.pgp,
                pgp_mode=self.pgp_mode,
                inline=self.inline,
                tzinfo=self.tzinfo,
            )
        )
        return bool(self.prepared)


class PreparedMail(NotifyEmail):
    """Apprise's e-mail plugin sending messages built elsewhere (``prepare``) over its SMTP connection."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prepared: tuple[tuple[str, tuple[str, ...], str], ...] = ()

    def send(
        self, body: str, title: str = "", notify_type: Any = None, attach: Any = None, body_format: Any = None, **_: Any
    ) -> bool:
        """Apprise's ``NotifyEmail.send`` (2.0), with the messages already built."""
        if not self.targets or not self.prepared:
            self.logger.warning("There are no Email recipients to notify")
            return False
        has_error = False
        self.throttle()
        try:
            with AppriseSMTPController(
                host=self.smtp_host,
                port=cast(int, self.port),
                secure_mode=cast(str, self.secure_mode),
                user=self.user,
                password=self.password,
                verify_certificate=self.verify_certificate,
                socket_connect_timeout=self.socket_connect_timeout,
            ) as smtp:
                for recipient, to_addrs, message in self.prepared:
                    if smtp.sendmail(str(self.from_addr[1]), list(to_addrs), message):
                        self.logger.info("Sent Email to %s", recipient)
                    else:
                        self.logger.warning('Sending email to "%s" failed.', recipient)
                        has_error = True
        except (OSError, smtplib.SMTPException, RuntimeError, AppriseException) as e:
            self.logger.warning('Connection error while submitting email to "%s"', self.smtp_host)
            self.logger.debug(f"Socket Exception: {e}")
            has_error = True
        return not has_error


def prepare(
    url: str, keyed: str, *, subject: str, html: str | None, attachments: tuple[tuple[str, bytes, str], ...]
) -> Prepared | None:
    """The e-mails of a message to ``url`` (``keyed``: with its notice key headers), built as Apprise would;
    None when this cannot be done exactly as Apprise's own ``send`` would (then Apprise builds it)."""
    if url.split("://", 1)[0].lower() not in SCHEMES or html is None:
        return None
    try:
        parsed = NotifyEmail.parse_url(keyed)
        if not parsed:
            return None
        plugin = PreparingMail(**parsed)
        if plugin.pgp_mode != "no":  # signed or encrypted: Apprise's own path
            return None
        attach = AppriseAttachment()
        for name, content, mimetype in attachments:
            attach.add(AttachMemory(content=content, name=name, mimetype=mimetype))
        if not plugin.notify(body=html, title=subject, body_format=NotifyFormat.HTML, attach=attach or None):
            return None
    except Exception:  # Apprise raises its own and TypeError for what it cannot use: Apprise sends it, as before
        return None
    return Prepared(url=keyed, messages=plugin.prepared)


def prepared_plugin(target: str, prepared: Prepared) -> PreparedMail | None:
    """The plugin that sends ``prepared`` to ``target`` (the keyed URL with its timeouts), or None."""
    parsed = NotifyEmail.parse_url(target)
    if not parsed:
        return None
    try:
        plugin = PreparedMail(**parsed)
    except Exception:  # a URL Apprise cannot use: the caller sends as before, and fails as before
        return None
    plugin.prepared = prepared.messages
    return plugin
