"""The notice to a customer that is itself a processor, to pass on (GDPR Art. 33(2), 28(4)); no details of
its own."""

from __future__ import annotations

from typing import Literal

from breach.vocabulary import NoticeKind
from notifications.context.notice import NoticeContext


class PassOnContext(NoticeContext):
    kind: Literal[NoticeKind.PASS_ON] = NoticeKind.PASS_ON
