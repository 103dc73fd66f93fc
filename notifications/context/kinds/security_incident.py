"""A security incident without personal data (NIS2 Art. 23(1); DORA Art. 30(2)(f))."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.vocabulary import NoticeKind
from notifications.context.models import View
from notifications.context.notice import NoticeContext


class SecurityIncident(View):
    """A security incident without personal data (NIS2 Art. 23(1); DORA Art. 30(2)(f))."""

    significant: bool  # significant under NIS2 (Implementing Regulation 2024/2690)
    service_impact: str | None = None


class SecurityIncidentContext(NoticeContext):
    kind: Literal[NoticeKind.SECURITY_INCIDENT] = NoticeKind.SECURITY_INCIDENT
    security: SecurityIncident | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"significant", "service_impact"}
        if details.get("significant") is None:
            return {}
        security = SecurityIncident(
            significant=bool(details["significant"]), service_impact=details.get("service_impact")
        )
        return {"security": security}
