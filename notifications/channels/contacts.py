"""What a contact URL is: whether Apprise can use it, how to show it safely, how much it may receive.

Chat channels are not confidential, so by default they get a minimal notice and a link; e-mail and
machine-to-machine webhooks get the full facts (LAW.md section 3).
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

import apprise
from apprise.manager_plugins import NotificationManager

import notifications.channels.spool  # noqa: F401  (registers the spool:// scheme with Apprise)
from breach.directory.entries import ContactInfo
from breach.vocabulary import DetailLevel
from notifications.channels import engine

FULL_DETAIL_SCHEMES: Final[frozenset[str]] = frozenset(
    {"mailto", "mailtos", "json", "jsons", "xml", "xmls", "form", "forms", "spool", *engine.SCHEMES}
)


def safe_display(url: str) -> str:
    """Apprise's privacy form without its query: Apprise masks passwords and tokens in the path, but
    shows custom headers (``-X-Token=...``) and query secrets as written, so the query is dropped."""
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        return url.split("://", 1)[0] + "://…"
    return _display(plugin, url)


def _display(plugin: Any, url: str) -> str:
    shown: str = plugin.url(privacy=True)
    parts = urlsplit(shown)
    if not parts.netloc:
        # Custom schemes (spool://) have no privacy form of their own: keep host and path, drop the rest.
        original = urlsplit(url)
        return urlunsplit((original.scheme, original.hostname or "", original.path, "", ""))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def check_contact(url: str) -> ContactInfo:
    """Describe a contact URL; raise ``ValueError`` with a reason when Apprise cannot use it."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if not scheme:
        raise ValueError("not an Apprise URL (expected scheme://...)")
    if scheme in engine.SCHEMES:
        engine.check_url(url)  # another engine's intake: its key and path, before Apprise's own parse
    plugin = _instantiate(url, scheme)
    if plugin is None:
        raise ValueError(f"Apprise cannot use this {scheme}:// URL (unknown scheme or missing parts)")
    # One instantiation serves the check and the display: it is most of a large import's time.
    return ContactInfo(display=_display(plugin, url), default_detail=default_detail(url))


def default_detail(url: str) -> DetailLevel:
    """How much a contact receives unless the directory says otherwise: it follows from the scheme alone."""
    scheme = url.split("://", 1)[0].lower()
    return DetailLevel.FULL if scheme in FULL_DETAIL_SCHEMES else DetailLevel.MINIMAL


_PLUGINS: Final = NotificationManager()


def _instantiate(url: str, scheme: str) -> Any:
    """``Apprise.instantiate`` without its eager log lines, for a scheme Apprise knows.

    Apprise formats a privacy-safe copy of every URL for logs it may never emit, and a second one for a
    debug line: two thirds of the time a 10 000-customer import spent checking contacts. For a known
    scheme this does what ``instantiate`` does (the plugin's own parse, then its constructor); anything
    else goes through ``instantiate`` itself, native-URL fallbacks included.
    """
    if scheme not in _PLUGINS:
        return apprise.Apprise.instantiate(url, suppress_exceptions=True)
    plugin_class = _PLUGINS[scheme]
    if not plugin_class.enabled:
        return None
    results = plugin_class.parse_url(url.replace("/#", "/%23"))
    if not results:
        return None
    results["tag"] = set()
    results["asset"] = apprise.AppriseAsset()
    try:
        return plugin_class(**results)
    except Exception:  # as instantiate(suppress_exceptions=True) does: the plugin refused its arguments
        return None
