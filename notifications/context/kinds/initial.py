"""The initial notice to a controller (GDPR Art. 33(2)): the breach as known now; no details of its own."""

from __future__ import annotations

from typing import Literal

from breach.vocabulary import NoticeKind
from notifications.context.notice import NoticeContext


class InitialContext(NoticeContext):
    kind: Literal[NoticeKind.INITIAL] = NoticeKind.INITIAL
