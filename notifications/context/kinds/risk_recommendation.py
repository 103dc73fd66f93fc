"""Our risk recommendation (GDPR Art. 33(1), 34(1); DPA clause 8(1)(c)) and the deadlines that follow it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.vocabulary import NoticeKind
from notifications.context.models import DeadlineLine
from notifications.context.notice import NoticeContext, stored_deadline


class RiskRecommendationContext(NoticeContext):
    kind: Literal[NoticeKind.RISK_RECOMMENDATION] = NoticeKind.RISK_RECOMMENDATION
    deadlines: tuple[DeadlineLine, ...] = ()

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"deadlines": [{"rule", "due", "due_utc", "hours"}]}
        return {"deadlines": tuple(stored_deadline(d, tz) for d in details.get("deadlines") or ())}
