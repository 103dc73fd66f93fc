"""An inspection, a measure or an investigation by an authority concerning the processing for the customer
(DPA clause 5(e)): what it is, by whom, and only what we may disclose."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.directory.authorities import AUTHORITIES
from breach.directory.authorities.naming import shown_name
from breach.vocabulary import NoticeKind
from notifications.context.models import View
from notifications.context.notice import NoticeContext, stored_instant


class Inspection(View):
    authority: str  # its name, in the reader's language where it has one
    authority_id: str
    action: str  # labelled by the ``authority_action`` group
    disclose: str  # labelled by the ``disclosure`` group
    note: str  # what we may disclose, as our DPO wrote it (empty when only the fact may be told)
    occurred_at: str  # in the customer's zone
    task: str | None = None  # the support task opened for the customer (DPA clause 5(f))


class AuthorityInspectionContext(NoticeContext):
    kind: Literal[NoticeKind.AUTHORITY_INSPECTION] = NoticeKind.AUTHORITY_INSPECTION
    inspection: Inspection | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"authority", "action", "disclose", "note", "occurred_at", "language", "task"}
        found = AUTHORITIES.get(str(details.get("authority")))
        if found is None or details.get("occurred_at") is None:
            return {}
        language = str(details.get("language") or "")
        return {
            "inspection": Inspection(
                # The reader's country is not in the details: the name says its country (naming.shown_name).
                authority=shown_name(found, language, None),
                authority_id=found.id,
                action=str(details["action"]),
                disclose=str(details["disclose"]),
                note=str(details.get("note") or ""),
                occurred_at=stored_instant(details["occurred_at"], tz),
                task=details.get("task"),
            )
        }
