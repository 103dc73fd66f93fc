"""The values the outbox sender passes between its steps, and the policy it retries by.

A claimed notice becomes a ``Draft`` (``notifications.prepare``), a draft a ``Job`` once rendered, a job a
``Result`` once sent (``notifications.send``), and a batch of results a ``BatchCounts`` once settled
(``notifications.settle``). None of them reads the database: they are plain values, so a batch can be
planned in one session, sent with none, and settled in another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from breach import outbox
from breach.errors import DeliveryError
from breach.models import Notice
from notifications.channels import OutgoingMessage, Receipt
from notifications.context import AlertContext, NoticeContext
from notifications.packs import PackContext


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts_per_contact: int = 3
    # The wait before the 2nd, 3rd, ... try on one contact.
    backoff: tuple[timedelta, ...] = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))
    lease: timedelta = outbox.DEFAULT_LEASE
    concurrency: int = 8
    # Worker processes that render a batch's notices while this one sends (0: render here).
    render_processes: int = 0

    def wait(self, failures_on_contact: int) -> timedelta:
        return self.backoff[min(failures_on_contact, len(self.backoff)) - 1]


@dataclass(frozen=True, slots=True)
class Job:
    notice_id: UUID
    contact_id: UUID | None
    # One URL for a customer's contact; every configured URL for an internal alert (any may succeed).
    urls: tuple[str, ...]
    display: str
    message: OutgoingMessage | None
    # Set when the notice could not even be prepared (no contact, a template defect).
    problem: DeliveryError | None = None


@dataclass(frozen=True, slots=True)
class InternalRoute:
    """Where alerts to our DPO and security lead go (Apprise URLs from settings), and in which language."""

    urls: tuple[str, ...] = ()
    language: str = "en"
    timezone: str = "Europe/Brussels"


# The signed acknowledgement link of a notice, when the web application is configured.
LinkMaker = Callable[[Notice], str | None]


@dataclass(frozen=True, slots=True)
class Result:
    job: Job
    started: datetime
    finished: datetime
    receipt: Receipt | None
    error: DeliveryError | None


@dataclass
class BatchCounts:
    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    possible_duplicates: int = 0
    failed_notice_ids: list[UUID] = field(default_factory=list)

    def add(self, other: BatchCounts) -> None:
        self.claimed += other.claimed
        self.delivered += other.delivered
        self.retrying += other.retrying
        self.failed += other.failed
        self.possible_duplicates += other.possible_duplicates
        self.failed_notice_ids.extend(other.failed_notice_ids)

    @classmethod
    def from_dict(cls, counts: dict[str, int]) -> BatchCounts:
        return cls(
            claimed=counts.get("claimed", 0),
            delivered=counts.get("delivered", 0),
            retrying=counts.get("retrying", 0),
            failed=counts.get("failed", 0),
            possible_duplicates=counts.get("possible_duplicates", 0),
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "claimed": self.claimed,
            "delivered": self.delivered,
            "retrying": self.retrying,
            "failed": self.failed,
            "possible_duplicates": self.possible_duplicates,
        }


@dataclass(frozen=True, slots=True)
class Draft:
    """A claimed notice with everything it needs except its rendering: a ``Job`` once rendered.

    ``job`` is set instead when the notice could not even be planned (no contact left, say).
    """

    notice: Notice
    context: NoticeContext | AlertContext | None
    urls: tuple[str, ...] = ()
    display: str = ""
    contact_id: UUID | None = None
    # Attach the machine-readable JSON document (full-detail contacts).
    with_payload: bool = False
    job: Job | None = None
    # The support packs to attach (a support-pack notice to a full-detail contact).
    packs: tuple[PackContext, ...] = ()
