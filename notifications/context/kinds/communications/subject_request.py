"""A data subject's request forwarded to the customer it concerns (DPA clause 4(1)): full-detail contacts only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.vocabulary import NoticeKind
from notifications.context.models import View
from notifications.context.notice import NoticeContext, stored_instant


class ForwardedRequest(View):
    """The request as we received it, when, and the controller's month to answer (GDPR Art. 12(3))."""

    request_kind: str  # labelled by the ``request_kind`` group
    article: int  # the GDPR article granting the right
    received_at: str  # in the customer's zone
    answer_by: str  # received_at plus one month, the controller's Art. 12(3) deadline
    forward_due: str  # our own clock (dpa.4.1), in the customer's zone
    text: str  # the person's words, as received: personal data


class SubjectRequestContext(NoticeContext):
    kind: Literal[NoticeKind.SUBJECT_REQUEST] = NoticeKind.SUBJECT_REQUEST
    request: ForwardedRequest | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"request_kind", "article", "received_at", "answer_by", "forward_due", "text"}; retention removes "text"
        if details.get("received_at") is None or details.get("text") is None:
            return {}
        return {
            "request": ForwardedRequest(
                request_kind=str(details["request_kind"]),
                article=int(details["article"]),
                received_at=stored_instant(details["received_at"], tz),
                answer_by=stored_instant(details["answer_by"], tz),
                forward_due=stored_instant(details["forward_due"], tz),
                text=str(details["text"]),
            )
        }
