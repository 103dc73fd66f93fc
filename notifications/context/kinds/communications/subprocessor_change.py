"""A change of our sub-processors (GDPR Art. 28(2); DPA clause 6): what changes for the services the customer
uses, where its data go (country, transfer ground), from when, and how and until when it may object."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from babel import Locale
from babel.dates import format_date

from breach.directory.names import quoted
from breach.vocabulary import NoticeKind
from notifications.context.models import View
from notifications.context.notice import NoticeContext, stored_instant


class ChangeLine(View):
    kind: str  # labelled by the ``subprocessor_change`` group: added, replaced, removed, moved, transfer
    name: str
    country: str
    country_name: str  # in the reader's language
    transfer: str | None  # a mechanism code (the ``portal`` group's transfer_<code>), None within the EU/EEA
    transfer_reference: str
    services: tuple[str, ...]  # our service codes the change concerns for this customer
    service_names: tuple[str, ...] = ()  # the same services, named in the reader's language
    replaces: str | None = None
    country_before_name: str | None = None
    transfer_before: str | None = None


class SubprocessorChange(View):
    changes: tuple[ChangeLine, ...]
    announced_at: str  # in the customer's zone
    objection_until: str  # the end of the objection period (rule gdpr.28.2), in the customer's zone
    effective_from: str  # a date, written in the reader's language
    days: int
    objection_url: str | None = None  # the portal page where it objects


class SubprocessorChangeContext(NoticeContext):
    kind: Literal[NoticeKind.SUBPROCESSOR_CHANGE] = NoticeKind.SUBPROCESSOR_CHANGE
    subprocessor_change: SubprocessorChange | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"language", "changes": [Change.as_facts()], "announced_at", "objection_until", "effective_from",
        #  "days", "objection_url"}
        changes = details.get("changes")
        if not isinstance(changes, list) or details.get("objection_until") is None:
            return {}
        language = str(details.get("language") or "en")
        territories = Locale.parse(language).territories
        lines = tuple(
            ChangeLine(
                kind=str(c["kind"]),
                name=str(c["name"]),
                country=str(c["country"]),
                country_name=territories.get(str(c["country"]), str(c["country"])),
                transfer=c.get("transfer_mechanism"),
                transfer_reference=quoted(str(c.get("transfer_reference") or ""), language.split("_", maxsplit=1)[0]),
                services=tuple(c.get("services") or ()),
                service_names=tuple(c.get("service_names") or ()),
                replaces=c.get("replaces"),
                country_before_name=territories.get(str(c["country_before"]), str(c["country_before"]))
                if c.get("country_before")
                else None,
                transfer_before=c.get("transfer_before"),
            )
            for c in changes
        )
        effective = date.fromisoformat(str(details["effective_from"]))
        return {
            "subprocessor_change": SubprocessorChange(
                changes=lines,
                announced_at=stored_instant(details["announced_at"], tz),
                objection_until=stored_instant(details["objection_until"], tz),
                effective_from=format_date(effective, "long", locale=Locale.parse(language)),
                days=int(details["days"]),
                objection_url=details.get("objection_url"),
            )
        }
