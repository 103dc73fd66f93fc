"""Our DPO changed (DPA clause 5(a)): the new contact for direct contact, and whom it replaces."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.vocabulary import NoticeKind
from notifications.context.models import Person, View
from notifications.context.notice import NoticeContext, stored_instant


class DpoChange(View):
    new: Person
    previous: Person | None = None
    effective_at: str  # in the customer's zone


class DpoChangeContext(NoticeContext):
    kind: Literal[NoticeKind.DPO_CHANGE] = NoticeKind.DPO_CHANGE
    change: DpoChange | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"new": {"name", "email", "phone"}, "previous": {...} | None, "effective_at"}
        new = details.get("new")
        if not isinstance(new, Mapping) or details.get("effective_at") is None:
            return {}
        previous = details.get("previous")
        return {
            "change": DpoChange(
                new=Person.model_validate(dict(new)),
                previous=Person.model_validate(dict(previous)) if isinstance(previous, Mapping) else None,
                effective_at=stored_instant(details["effective_at"], tz),
            )
        }
