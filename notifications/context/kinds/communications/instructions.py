"""A customer's instruction (DPA clause 9): an oral one we ask the customer to confirm in writing (9(1)), and
one we believe infringes data-protection law, with our reasons and whether we suspend it (9(2))."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.vocabulary import NoticeKind
from notifications.context.models import View
from notifications.context.notice import NoticeContext, stored_instant


class InstructionView(View):
    """The instruction as we understood it, and how the customer answers (portal, API, or in writing)."""

    instruction: str  # its INS- reference: the portal and the API confirm or amend it by this name
    form: str  # oral | written, labelled by the ``instruction_form`` group
    received_at: str  # in the customer's zone
    given_by: str  # who at the customer gave it, as they introduced themselves ("" when not known)
    summary: str  # what it asks, as we understood it
    reasons: str = ""  # our reasons to believe it infringes data-protection law (9(2) only)
    suspended: bool = False  # we do not carry it out until the customer confirms or changes it (9(2))


def _view(details: Mapping[str, Any], tz: str) -> InstructionView | None:
    if details.get("instruction") is None or details.get("received_at") is None:
        return None
    return InstructionView(
        instruction=str(details["instruction"]),
        form=str(details.get("form") or "oral"),
        received_at=stored_instant(details["received_at"], tz),
        given_by=str(details.get("given_by") or ""),
        summary=str(details.get("summary") or ""),
        reasons=str(details.get("reasons") or ""),
        suspended=bool(details.get("suspended")),
    )


class InstructionConfirmationContext(NoticeContext):
    kind: Literal[NoticeKind.INSTRUCTION_CONFIRMATION] = NoticeKind.INSTRUCTION_CONFIRMATION
    order: InstructionView | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"instruction", "form", "received_at", "given_by", "summary"}
        view = _view(details, tz)
        return {"order": view} if view is not None else {}


class InstructionConcernContext(NoticeContext):
    kind: Literal[NoticeKind.INSTRUCTION_CONCERN] = NoticeKind.INSTRUCTION_CONCERN
    order: InstructionView | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"instruction", "form", "received_at", "given_by", "summary", "reasons", "suspended"}
        view = _view(details, tz)
        return {"order": view} if view is not None else {}
