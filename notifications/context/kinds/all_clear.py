"""An all-clear: no personal data breach after all, or an earlier notice retracted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.vocabulary import NoticeKind
from notifications.context.models import View
from notifications.context.notice import NoticeContext


class Retraction(View):
    """An all-clear: the investigation found no personal data breach, or an earlier notice is retracted."""

    reason: str
    retracts: str | None = None  # the notice key of the retracted notice, if one
    mode: Literal["no_breach", "correction"] = "no_breach"


class AllClearContext(NoticeContext):
    kind: Literal[NoticeKind.ALL_CLEAR] = NoticeKind.ALL_CLEAR
    retraction: Retraction | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"reason", "retracts", "mode"}
        if details.get("reason") is None:
            return {}
        retraction = Retraction(
            reason=str(details["reason"]), retracts=details.get("retracts"), mode=details.get("mode") or "no_breach"
        )
        return {"retraction": retraction}
