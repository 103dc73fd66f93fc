"""``breach://`` and ``breachs://``: another breach engine's intake as a contact (issue 21; GDPR Art. 33(2), 28(4)).

A reseller (a customer that is itself a processor) may give, as a contact, the intake URL of its own engine and
the key it made for us there (``breach keys create --subprocessor`` on its side)::

    breachs://brk_KEY@engine.reseller.example.org/intake/notices
    breach://brk_KEY@127.0.0.1:8766/intake/notices          (plain HTTP: loopback and tests only)

The key travels as the URL's user part, the way other contacts keep their tokens in their Apprise URL: it is
stored with the contact and shown nowhere (``notifications.channels.contacts.safe_display`` drops it; no log
line here names the URL). Our notice then arrives as our machine-readable notice (``breach-notice-1.x``, the
document of ``notifications.render.payload``, with ``message``: subject and text) posted with
``Authorization: Bearer KEY``, so the other engine opens its incident, or stores an update, by itself.

Registered through Apprise's own custom-scheme hook (``apprise.decorators.notify``), like ``spool://``: the
outbox, its retries and its evidence are those of every other channel. A 2xx answer is delivered, a repeat the
receiver answers ``Idempotent-Replayed: true`` included (it had the notice already: the repeat is dropped by its
notice key). A failure logs what ``notifications.delivery.failures`` reads: a connection never made is refused,
a request that left without an answer may have arrived, a receiver's error status is an answer.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Iterable
from typing import Any, Final, cast
from urllib.parse import unquote, urlsplit

import requests
from apprise.decorators import notify as _untyped_notify
from apprise.logger import logger

_Send = Callable[..., bool]
notify = cast(Callable[..., Callable[[_Send], _Send]], _untyped_notify)

SCHEMES: Final = frozenset({"breach", "breachs"})
INTAKE_PATH: Final = "/intake/notices"
REPLAYED: Final = "Idempotent-Replayed"
DOCUMENT_NAME: Final = "breach-notice.json"
_KEY: Final = re.compile(r"brk_[A-Za-z0-9_-]{8,124}")
# When the contact URL sets none (the channel adds the configured ones as cto and rto).
DEFAULT_TIMEOUTS: Final = (5.0, 20.0)


def check_url(url: str) -> None:
    """``ValueError`` with a reason when ``url`` is not an engine's intake with a key; the reason never holds it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValueError("not a URL an engine can be reached at") from None
    if parts.scheme.lower() not in SCHEMES:
        raise ValueError(f"expected {' or '.join(sorted(SCHEMES))}://KEY@HOST/intake/notices")
    if not parts.hostname:
        raise ValueError("names no host (expected breachs://KEY@HOST/intake/notices)")
    if port is not None and not 0 < port < 65536:
        raise ValueError("port out of range")
    if parts.scheme.lower() == "breach" and not _loopback(parts.hostname):
        # Plain HTTP would carry our key and a breach notice in clear across networks: HTTPS beyond this host.
        raise ValueError("plain breach:// is for a loopback address only; use breachs:// (HTTPS)")
    if not parts.username or parts.password is not None or not _KEY.fullmatch(unquote(parts.username)):
        raise ValueError("needs the key the other engine made for us (brk_…) before the @, and nothing else there")
    if not parts.path.rstrip("/").endswith(INTAKE_PATH):
        raise ValueError(f"the path must end in {INTAKE_PATH} (the other engine's intake)")


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _document(attachments: Iterable[Any] | None) -> dict[str, Any] | None:
    for attachment in attachments or ():
        if getattr(attachment, "name", None) == DOCUMENT_NAME:
            with attachment.open() as source:
                loaded: dict[str, Any] = json.loads(source.read())
                return loaded
    return None


def _timeouts(query: dict[str, Any]) -> tuple[float, float]:
    try:
        return float(query.get("cto") or DEFAULT_TIMEOUTS[0]), float(query.get("rto") or DEFAULT_TIMEOUTS[1])
    except ValueError:
        return DEFAULT_TIMEOUTS


def post(body: str, title: str, meta: dict[str, Any], attachments: Iterable[Any] | None) -> bool:
    """Post the notice document to the engine ``meta`` (Apprise's parse of the contact URL) names."""
    document = _document(attachments)
    if document is None:
        # A contact check, a support pack, a communication: nothing another engine's intake reads. The channel
        # refuses such a message before it comes here (notifications.channels.channel); this is the last guard.
        logger.warning("Failed to send to a breach engine: error=not a breach notice (it takes schema 1.x only).")
        return False
    document["message"] = {"subject": title, "text": body}
    secure = str(meta.get("schema", "")).lower() == "breachs"
    port = meta.get("port")
    target = f"{'https' if secure else 'http'}://{meta.get('host')}{f':{port}' if port else ''}"
    target += str(meta.get("fullpath") or INTAKE_PATH)
    key = unquote(str(meta.get("user") or ""))
    headers = {
        "Authorization": f"Bearer {key}",
        "Content-Type": "application/json",
        "X-Breach-Notice-Key": str(document.get("notice_key", "")),
    }
    if document.get("possible_duplicate"):
        headers["X-Breach-Possible-Duplicate"] = "yes"
    try:
        answer = requests.post(
            target,
            data=json.dumps(document, ensure_ascii=False).encode("utf-8"),
            headers=headers,
            timeout=_timeouts(dict(meta.get("qsd") or {})),
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        logger.warning("A connection error occurred sending to a breach engine (%s).", type(exc).__name__)
        # Read by notifications.delivery.failures: refused, or may have arrived. The key is in no part of it.
        logger.debug("Socket Exception: %r", exc)
        return False
    if not 200 <= answer.status_code < 300:
        logger.warning("Failed to send to a breach engine: it answered error=%s.", answer.status_code)
        return False
    replayed = answer.headers.get(REPLAYED, "").lower() == "true"
    logger.info("Sent to a breach engine%s.", " (it had the notice already)" if replayed else "")
    return True


@notify(on="breach", name="Another breach engine's intake (HTTP)")
def _plain(body: str, title: str, notify_type: str, meta: dict[str, Any], *args: Any, **kwargs: Any) -> bool:
    return post(body, title, meta, kwargs.get("attach"))


@notify(on="breachs", name="Another breach engine's intake (HTTPS)")
def _secure(body: str, title: str, notify_type: str, meta: dict[str, Any], *args: Any, **kwargs: Any) -> bool:
    return post(body, title, meta, kwargs.get("attach"))
