"""The closing notice: final facts, and the decisions and reports the customer told us about."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.vocabulary import NoticeKind
from notifications.context.models import View
from notifications.context.notice import NoticeContext, stored_instant


class ReportLine(View):
    """A decision or report the customer told us about (``breach.deadlines.events``), for its register."""

    event: str  # an event name of breach.deadlines.events.EVENTS, labelled by the ``event`` group
    occurred_at: str  # in the customer's zone, with its offset
    summary: str = ""


class Closing(View):
    closed_at: str  # in the customer's zone, with its offset
    reports: tuple[ReportLine, ...] = ()


class ClosingContext(NoticeContext):
    kind: Literal[NoticeKind.CLOSING] = NoticeKind.CLOSING
    closing: Closing | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"closed_at", "reports": [{"event", "occurred_at", "summary"}]}
        if details.get("closed_at") is None:
            return {}
        reports = tuple(
            ReportLine(
                event=str(r["event"]),
                occurred_at=stored_instant(r["occurred_at"], tz),
                summary=str(r.get("summary") or ""),
            )
            for r in details.get("reports") or ()
        )
        return {"closing": Closing(closed_at=stored_instant(details["closed_at"], tz), reports=reports)}
