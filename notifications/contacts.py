"""What a contact URL is: whether Apprise can use it, how to show it safely, how much it may receive.

Chat channels are not confidential, so by default they get a minimal notice and a link; e-mail and
machine-to-machine webhooks get the full facts (LAW.md section 3).
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit, urlunsplit

import apprise

import notifications.spool  # noqa: F401  (registers the spool:// scheme with Apprise)
from breach.directory import ContactInfo
from breach.vocabulary import DetailLevel

FULL_DETAIL_SCHEMES: Final[frozenset[str]] = frozenset(
    {"mailto", "mailtos", "json", "jsons", "xml", "xmls", "form", "forms", "spool"}
)


def safe_display(url: str) -> str:
    """Apprise's privacy form without its query: Apprise masks passwords and tokens in the path, but
    shows custom headers (``-X-Token=...``) and query secrets as written, so the query is dropped."""
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        return url.split("://", 1)[0] + "://…"
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
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        raise ValueError(f"Apprise cannot use this {scheme}:// URL (unknown scheme or missing parts)")
    detail = DetailLevel.FULL if scheme in FULL_DETAIL_SCHEMES else DetailLevel.MINIMAL
    return ContactInfo(display=safe_display(url), default_detail=detail)
