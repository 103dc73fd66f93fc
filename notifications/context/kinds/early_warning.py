"""An early warning: a breach suspected and under investigation (LAW.md section 3), with an optional note."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.vocabulary import NoticeKind
from notifications.context.notice import NoticeContext


class EarlyWarningContext(NoticeContext):
    kind: Literal[NoticeKind.EARLY_WARNING] = NoticeKind.EARLY_WARNING
    early_note: str | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"note"}
        return {"early_note": details.get("note")}
