"""Which of a customer's contacts a notice may still try, and in which order: the cycle retries go round.

A notice goes through its customer's contacts in their order, round after round, for as long as its duty
stands (``breach.incidents.duty``). A contact drops out of the cycle only when its latest try for this notice failed
permanently (Apprise cannot use the URL, no service matched, a template that cannot render for it): trying
it again cannot succeed. Support packs hold the breach's facts, so they cycle through full-detail contacts
only (LAW.md section 3); a contact check tests one contact and never cycles (``flows.usecases.contact_checks``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.directory import Contact
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.notices.kinds import KINDS
from breach.vocabulary import AttemptOutcome, DetailLevel

# The outcomes ``notifications.delivery.settle`` records for a non-transient error: the same try cannot succeed.
PERMANENT: Final = frozenset({AttemptOutcome.ERROR, AttemptOutcome.NOMATCH})


def eligible(notice: Notice, *, session: Session) -> list[Contact]:
    """The customer's contacts this notice may go to, in the customer's order."""
    if notice.customer_id is None or not KINDS[notice.kind].tries_other_contacts:
        return []
    ordered = list(repository.contacts_of(notice.customer_id, session=session))
    if DetailLevel.MINIMAL not in KINDS[notice.kind].detail_levels:
        # Packs hold the breach's facts: a chat channel is never a fallback for them (LAW.md section 3).
        ordered = [c for c in ordered if c.detail is DetailLevel.FULL]
    return ordered


@dataclass(frozen=True, slots=True)
class History:
    """A notice's tries so far, oldest first: each one's contact and outcome (one read per failed try)."""

    tries: tuple[tuple[UUID | None, AttemptOutcome], ...]

    @property
    def failures(self) -> int:
        """How many tries failed: the backoff's index."""
        return sum(1 for _, outcome in self.tries if outcome is not AttemptOutcome.SUCCESS)

    def streak(self, contact_id: UUID | None) -> int:
        """How many of the latest tries in a row went to ``contact_id``."""
        count = 0
        for contact, _ in reversed(self.tries):
            if contact != contact_id:
                break
            count += 1
        return count

    def latest(self) -> dict[UUID | None, AttemptOutcome]:
        """Each contact's latest outcome (``None``: tries made without a contact)."""
        return dict(self.tries)


def history(notice_id: UUID, *, session: Session) -> History:
    rows = session.exec(
        select(DeliveryAttempt.contact_id, DeliveryAttempt.outcome)
        .where(DeliveryAttempt.notice_id == notice_id)
        .order_by(col(DeliveryAttempt.started_at), col(DeliveryAttempt.finished_at))
    ).all()
    return History(tuple((contact, AttemptOutcome(outcome)) for contact, outcome in rows))


def usable(notice: Notice, *, session: Session) -> list[Contact]:
    """The eligible contacts whose latest try for this notice did not fail permanently."""
    return cycle_of(notice, history(notice.id, session=session), session=session)[1]


def cycle_of(notice: Notice, tried: History, *, session: Session) -> tuple[list[Contact], list[Contact]]:
    """The eligible contacts in order, and those of them still in the notice's cycle (``usable``)."""
    ordered = eligible(notice, session=session)
    latest = tried.latest()
    return ordered, [c for c in ordered if latest.get(c.id) not in PERMANENT]


@dataclass(frozen=True, slots=True)
class Next:
    """The contact to try next; ``new_round``: the cycle went past the last contact (a wait is due)."""

    contact: Contact
    new_round: bool


def following(current: UUID | None, contacts: Sequence[Contact], cycle: Sequence[Contact]) -> Next | None:
    """The next contact of ``cycle`` after ``current`` in the customer's order (``contacts``), or the first
    of the cycle again; ``None`` when the cycle is empty."""
    if not cycle:
        return None
    order = {c.id: i for i, c in enumerate(contacts)}
    here = order.get(current) if current is not None else None
    if here is not None:
        for contact in cycle:
            if order[contact.id] > here:
                return Next(contact, new_round=False)
    return Next(cycle[0], new_round=True)
