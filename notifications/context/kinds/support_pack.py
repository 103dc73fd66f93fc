"""The support packs of one case, attached (DPA clause 8(1)(c)-(e)): which packs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.vocabulary import NoticeKind
from notifications.context.notice import NoticeContext


class SupportPackContext(NoticeContext):
    kind: Literal[NoticeKind.SUPPORT_PACK] = NoticeKind.SUPPORT_PACK
    packs: tuple[str, ...] = ()  # the pack kinds attached (notifications.packs.case_packs.PACK_KINDS)

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"packs": ["authority", "subjects", "dpia"]}
        return {"packs": tuple(str(kind) for kind in details.get("packs") or ())}
