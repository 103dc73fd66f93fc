"""A test message to one contact (DPA clause 8): no incident; its check id stands in for a reference."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.vocabulary import NoticeKind
from notifications.context.notice import NoticeContext


class ContactCheckContext(NoticeContext):
    kind: Literal[NoticeKind.CONTACT_CHECK] = NoticeKind.CONTACT_CHECK
    check_id: str | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"check_id"}
        return {"check_id": details.get("check_id")}
