"""The values the outbox sender passes between its steps, and the policy it retries by.

A claimed notice becomes a ``Draft`` (``notifications.delivery.prepare``), a draft a ``Job`` once rendered, a job a
``Result`` once sent (``notifications.delivery.send``), and a batch of results a ``BatchCounts`` once settled
(``notifications.delivery.settle``). None of them reads the database: they are plain values, so a batch can be
planned in one session, sent with none, and settled in another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from breach.db.models.outbox import Notice
from breach.errors import DeliveryError
from breach.notices.store import outbox
from notifications.channels.channel import OutgoingMessage, Receipt
from notifications.context.build import AlertContext, NoticeContext
from notifications.packs.case_packs import PackContext


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How a notice is retried while its duty stands (``notifications.delivery.retries``, ``breach.incidents.duty``).

    A transient failure is retried on the same contact up to ``attempts_per_contact`` tries in a row; a
    refused connection or a permanent failure moves to the next contact at once; after the last contact
    the next round starts from the first. Every wait comes from ``backoff``, by the notice's failures so
    far; its last entry repeats for as long as the duty stands (capped backoff, never a last try).
    """

    attempts_per_contact: int = 3
    # 30 s and 2 min ride out a restart or a full queue; 10 min an outage of a mail relay; then every
    # 30 min: 48 tries a day per notice cost nothing, and DPA 8(1)(b) ("immediately") allows no give-up.
    backoff: tuple[timedelta, ...] = (
        timedelta(seconds=30),
        timedelta(minutes=2),
        timedelta(minutes=10),
        timedelta(minutes=30),
    )
    # After a 503 or 429 without ``Retry-After`` (``after``): 2 s, then 8 s; a third busy answer in a row
    # moves on to the next contact, as any transient failure does. The retries stay rows in the database
    # (``Notice.next_attempt_at``), so a restart resumes them; how soon they leave depends on who re-drives
    # due notices (``flows.orchestration.incident_flow`` for its incident's short waits, the watchdog).
    busy_backoff: tuple[timedelta, ...] = (timedelta(seconds=2), timedelta(seconds=8))
    lease: timedelta = outbox.DEFAULT_LEASE
    concurrency: int = 8
    # Worker processes that render a batch's notices while this one sends (0: render here).
    render_processes: int = 0
    # Results are recorded in groups, one commit each (notifications.delivery.send.Outbound.next): a group closes
    # when results stop coming for ``settle_idle`` (the rest are slow or hung: what returned is recorded at
    # once), or after ``settle_within``, or at ``settle_most`` results (a healthy batch: few, large commits).
    # Groups closed every 250 ms made the 2000-customer benchmark slower than one settle per batch (README,
    # "Sending"): a commit per group costs more than waiting a little longer while results stream in.
    settle_idle: timedelta = timedelta(milliseconds=100)
    settle_within: timedelta = timedelta(seconds=1)
    settle_most: int = 250
    # A customer still unreached this long after its first try becomes a person's task (one aggregated
    # alert; flows.usecases.unreached). One hour: the controller's 72 hours (GDPR Art. 33(1)) have not started
    # while it is unaware, but our own "immediately" (DPA 8(1)(b)) has; an hour of retries covers a
    # restart or a short outage, and still leaves a person most of the working day to phone.
    unreached_after: timedelta = timedelta(hours=1)
    # Our own alerts (no customer, no duty of ours to a controller) retry this long, then fail visibly.
    alert_retry_for: timedelta = timedelta(hours=24)

    def wait(self, failures: int) -> timedelta:
        """The wait after the ``failures``-th failure in a row (1 = the first); capped at the last entry."""
        return self.backoff[min(max(failures, 1), len(self.backoff)) - 1]

    def after(self, error: DeliveryError, tries: int) -> timedelta:
        """The wait before the next try on the same contact after its ``tries``-th failure in a row.

        A receiver that answered 503 or 429 is up and asks for the request again (``DeliveryError.busy``):
        its ``Retry-After`` (RFC 9110 §10.2.3, seconds or an HTTP date) is honoured, capped at the normal
        wait: our duty is "immediately" (DPA 8(1)(b)), and a receiver asking for an hour would hold its
        customer's notice past what any other failure does. Without the header the wait is
        ``busy_backoff``'s: seconds, not the 30 s and 2 min that ride out a restart (a load balancer
        between deploys, a full queue draining). Every other failure waits ``wait(tries)``.
        """
        normal = self.wait(tries)
        if error.retry_after is not None:
            return min(max(error.retry_after, timedelta(0)), normal)
        if error.busy and self.busy_backoff:
            return min(self.busy_backoff[min(max(tries, 1), len(self.busy_backoff)) - 1], normal)
        return normal


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
    # Results that came back after this sender's claim had been taken over (its lease ran out): recorded
    # as attempts, not counted as deliveries (breach.notices.store.outbox.fence).
    stale: int = 0
    # Notices still owed after a pass (waiting for a retry or in flight): set by whoever runs the pass
    # (``flows.orchestration.incident_flow``), for the CLI to report; the watchdog re-drives them.
    pending: int = 0

    def add(self, other: BatchCounts) -> None:
        self.claimed += other.claimed
        self.delivered += other.delivered
        self.retrying += other.retrying
        self.failed += other.failed
        self.possible_duplicates += other.possible_duplicates
        self.failed_notice_ids.extend(other.failed_notice_ids)
        self.stale += other.stale
        self.pending += other.pending

    @classmethod
    def from_dict(cls, counts: dict[str, int]) -> BatchCounts:
        return cls(
            claimed=counts.get("claimed", 0),
            delivered=counts.get("delivered", 0),
            retrying=counts.get("retrying", 0),
            failed=counts.get("failed", 0),
            possible_duplicates=counts.get("possible_duplicates", 0),
            stale=counts.get("stale", 0),
            pending=counts.get("pending", 0),
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "claimed": self.claimed,
            "delivered": self.delivered,
            "retrying": self.retrying,
            "failed": self.failed,
            "possible_duplicates": self.possible_duplicates,
            "stale": self.stale,
            "pending": self.pending,
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
