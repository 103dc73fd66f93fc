"""The JSON webhook a ``json://`` or ``jsons://`` contact receives: our documented body, through Apprise.

Apprise stays the transport (its ``json`` plugin's URL syntax, headers, authentication, certificate checks,
``cto``/``rto`` timeouts and throttling), but its stock body cannot carry what a receiver needs: its
``:key=value`` payload extras are strings (``possible_duplicate`` arrived as ``"true"``/``"false"``, both
truthy in Python and JavaScript), and its fixed envelope is not our schema. ``NoticeWebhook`` is the
``json`` plugin with one method replaced, ``send``, which posts one of two documented bodies:

- a full-detail notice: the notice document itself (``notifications/schemas/breach-notice-1.3.json``),
  plus ``message`` (the subject and text a person reads);
- anything else (a minimal-detail notice, an internal alert, a contact check, a support-pack notice):
  Apprise's familiar envelope (``title``, ``message``, ``attachments``, ``type``) with ``schema``,
  ``notice_key``, ``possible_duplicate`` and ``audit_head`` as real JSON values
  (``notifications/schemas/breach-message-1.0.json``).

It also keeps the exception that ended a failed request (``failure``), which the stock plugin logs only as
text: whether a receiver may hold the message depends on it (``notifications.delivery.failures``); and the
status a receiver answered with (``answered``) and, with a 503 or 429, its ``Retry-After``.
"""

from __future__ import annotations

import json
from typing import Any, Final

import requests
from apprise.common import NotifyType
from apprise.plugins.custom_json import NotifyJSON

from notifications.channels import retry_after

MESSAGE_SCHEMA_VERSION: Final = "1.0"
MESSAGE_SCHEMA_ID: Final = f"https://breach-engine.example.org/schema/message/{MESSAGE_SCHEMA_VERSION}"
SCHEMES: Final = frozenset({"json", "jsons"})


class NoticeWebhook(NotifyJSON):
    """Apprise's ``json`` plugin posting our body (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notice_key = ""
        self.possible_duplicate = False
        self.audit_head: dict[str, Any] | None = None
        # The notice document (already encoded, as attached to e-mail), for a full-detail notice.
        self.document: bytes | None = None
        self.failure: BaseException | None = None
        self.answered: int | None = None
        # The receiver's ``Retry-After`` with a 503 or 429, as it answered (``notifications.channels.retry_after``).
        self.retry_after: str | None = None

    def body(self, text: str, title: str, notify_type: str, attachments: list[dict[str, str]]) -> dict[str, Any]:
        if self.document is not None:
            document: dict[str, Any] = json.loads(self.document)
            document["message"] = {"subject": title, "text": text}
            if attachments:
                document["attachments"] = attachments
            return document
        return {
            "schema": MESSAGE_SCHEMA_ID,
            "version": self.json_version,
            "title": title,
            "message": text,
            "attachments": attachments,
            "type": notify_type,
            "notice_key": self.notice_key,
            "possible_duplicate": self.possible_duplicate,
            "audit_head": self.audit_head,
        }

    def send(
        self, body: str, title: str = "", notify_type: NotifyType = NotifyType.INFO, attach: Any = None, **kwargs: Any
    ) -> bool:
        headers = {"User-Agent": self.app_id, "Content-Type": "application/json", **self.headers}
        attachments: list[dict[str, str]] = []
        for number, attachment in enumerate(attach or [], start=1):
            if not attachment:
                self.logger.error("Could not access Custom JSON attachment %s.", attachment.url(privacy=True))
                return False
            attachments.append(
                {
                    "filename": attachment.name or f"file{number:03}.dat",
                    "base64": attachment.base64(),
                    "mimetype": attachment.mimetype,
                }
            )
        payload = self.body(body, title, notify_type.value, attachments)
        url = f"{'https' if self.secure else 'http'}://{self.host}"
        if isinstance(self.port, int):
            url += f":{self.port}"
        url += self.fullpath
        auth = (str(self.user), str(self.password or "")) if self.user else None
        self.throttle()
        try:
            answer = requests.request(
                str(self.method),
                url,
                data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                params=self.params,
                headers=headers,
                auth=auth,
                verify=self.verify_certificate,
                timeout=self.request_timeout,
                allow_redirects=self.redirects,
            )
        except requests.RequestException as exc:
            self.failure = exc
            self.logger.warning("A Connection error occurred sending JSON notification to %s.", self.host)
            self.logger.debug("Socket Exception: %s", exc)
            return False
        self.answered = answer.status_code
        if answer.status_code in retry_after.BUSY_STATUSES:
            self.retry_after = answer.headers.get("Retry-After")
        if not 200 <= answer.status_code < 300:
            status = NotifyJSON.http_response_code_lookup(answer.status_code)
            self.logger.warning(
                "Failed to send JSON %s notification: %s%serror=%s.",
                self.method,
                status,
                ", " if status else "",
                answer.status_code,
            )
            return False
        self.logger.info("Sent JSON %s notification.", self.method)
        return True


def webhook(url: str) -> NoticeWebhook | None:
    """The plugin for a ``json://``/``jsons://`` contact URL, or None when Apprise cannot parse it."""
    parsed = NotifyJSON.parse_url(url)
    if not parsed:
        return None
    try:
        return NoticeWebhook(**parsed)
    except Exception:  # Apprise raises TypeError or its own errors for a URL it cannot use: unusable
        return None
