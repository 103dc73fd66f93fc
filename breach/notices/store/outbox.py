"""The outbox, in the notices package's store: notices owed, claimed for sending, and settled, so that nothing is
lost or sent twice.

A notice moves pending → sending → delivered | pending (retry) | failed. ``sending`` is committed
*before* the channel is called, with a lease in ``next_attempt_at`` and a fresh ``claim_token``: a notice
still ``sending`` after its lease was in flight when a process died, and is sent again marked as a possible
duplicate (its notice key travels with it so the receiver can drop the repeat). A live sender renews the
lease of what it still holds (``renew``), so a slow batch is never taken over; and it settles a notice
only while the notice carries its own token (``fence``), so a sender that lost its lease anyway cannot
record a second delivery. The unique ``notice_key`` makes enqueueing idempotent: a second confirmation or
a flow re-run creates nothing new.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import ColumnElement, case, insert, or_, update
from sqlmodel import Session, col, select

from breach.db.models.outbox import Notice
from breach.db.repository import in_slices
from breach.vocabulary import NoticeKind, NoticeStatus

# Long enough for a batch of slow SMTP sends to finish; short enough that a crashed run is picked up by
# the next watchdog run (every 5 minutes).
DEFAULT_LEASE = timedelta(minutes=3)


def notice_key(reference: str, kind: NoticeKind, phase: int, customer_id: UUID | None, *, scope: str = "") -> str:
    """A stable, unique key for one notice; ``scope`` separates internal alerts and checks."""
    owner = customer_id.hex if customer_id is not None else "internal"
    suffix = f".{scope}" if scope else ""
    return f"{reference}.{kind.value}.{phase}.{owner}{suffix}"


def _due(now: datetime) -> ColumnElement[bool]:
    """Pending and not waiting for a retry, or sending with its lease run out (in flight at a crash)."""
    return or_(
        (col(Notice.status) == NoticeStatus.PENDING)
        & (col(Notice.next_attempt_at).is_(None) | (col(Notice.next_attempt_at) <= now)),
        (col(Notice.status) == NoticeStatus.SENDING) & (col(Notice.next_attempt_at) <= now),
    )


def _existing_keys(keys: Sequence[str], *, session: Session) -> set[str]:
    """The keys of ``keys`` already in the outbox, read in slices (an IN list each, under PostgreSQL's 65 535
    parameters per statement)."""
    return {
        key
        for part in in_slices(keys)
        for key in session.exec(select(Notice.notice_key).where(col(Notice.notice_key).in_(part)))
    }


def enqueue(notices: Sequence[Notice], *, session: Session) -> list[Notice]:
    """Add the notices whose keys are new; return those added. Flushes, never commits."""
    existing = _existing_keys([n.notice_key for n in notices], session=session)
    fresh = [n for n in notices if n.notice_key not in existing]
    session.add_all(fresh)
    session.flush()
    return fresh


def enqueue_rows(notices: Sequence[Mapping[str, Any]], *, session: Session) -> int:
    """``enqueue`` for notice rows (``breach.db.rows``), in one bulk insert; returns how many were new.

    The first of two rows with one key in the same call is kept, as two calls would keep it.
    """
    if not notices:
        return 0
    existing = _existing_keys(list(dict.fromkeys(str(n["notice_key"]) for n in notices)), session=session)
    fresh: list[Mapping[str, Any]] = []
    for row in notices:
        if row["notice_key"] not in existing:
            existing.add(str(row["notice_key"]))
            fresh.append(row)
    if fresh:
        session.execute(insert(Notice), fresh)
    return len(fresh)


def claim(
    *,
    session: Session,
    now: datetime,
    limit: int,
    lease: timedelta = DEFAULT_LEASE,
    incident_id: UUID | None = None,
    notice_ids: Sequence[UUID] | None = None,
    token: UUID | None = None,
) -> list[Notice]:
    """Take up to ``limit`` notices due for sending and mark them ``sending`` under a lease and ``token``
    (a fresh one when not given), the claim's proof of ownership for ``renew`` and ``fence``.

    Notices whose lease ran out while ``sending`` are taken too, marked ``possible_duplicate``.
    On PostgreSQL concurrent claimers skip each other's rows (``FOR UPDATE SKIP LOCKED``). SQLite has no
    row locks and reads outside the write lock, so two claimers can pick the same rows: the update takes
    only rows still due once it holds the lock (compare and set), and the other claimer's are left alone.
    Two deliveries overlapping on SQLite (the API's background delivery and ``breach outbox run``, or two
    requests in a row) otherwise sent each notice twice.
    """
    query = select(Notice.id).where(_due(now))
    if incident_id is not None:
        query = query.where(Notice.incident_id == incident_id)
    if notice_ids is not None:
        query = query.where(col(Notice.id).in_(list(notice_ids)))
    query = query.order_by(col(Notice.created_at), col(Notice.id)).limit(limit).with_for_update(skip_locked=True)
    candidates = list(session.exec(query).all())
    if not candidates:
        return []
    taken = session.execute(
        update(Notice)
        .where(col(Notice.id).in_(candidates), _due(now))
        .values(
            # SET expressions read the row as it was: a notice still sending had its lease run out.
            possible_duplicate=case(
                (col(Notice.status) == NoticeStatus.SENDING, True), else_=col(Notice.possible_duplicate)
            ),
            status=NoticeStatus.SENDING,
            claim_token=token or uuid4(),
            next_attempt_at=now + lease,
            sent_at=now,
            attempts=col(Notice.attempts) + 1,
        )
        .returning(col(Notice.id))
        .execution_options(synchronize_session=False)
    )
    ids = set(taken.scalars().all())
    if not ids:
        return []
    claimed = session.exec(
        select(Notice)
        .where(col(Notice.id).in_(ids))
        .order_by(col(Notice.created_at), col(Notice.id))
        .execution_options(populate_existing=True)
    )
    return list(claimed.all())


def _held(ids: Sequence[UUID], token: UUID) -> ColumnElement[bool]:
    return (
        col(Notice.id).in_(list(ids))
        & (col(Notice.claim_token) == token)
        & (col(Notice.status) == NoticeStatus.SENDING)
    )


def renew(ids: Sequence[UUID], *, token: UUID, until: datetime, session: Session) -> int:
    """Extend the lease of the notices of ``ids`` that ``token``'s claim still holds; how many it still holds.

    A live sender calls it while it sends, so a slow receiver never lets its lease run out under it (issue 15:
    a 5 s lease and slow receivers sent every in-flight notice twice). Never commits.
    """
    if not ids:
        return 0
    renewed = session.execute(
        update(Notice)
        .where(_held(ids, token))
        .values(next_attempt_at=until)
        .returning(col(Notice.id))
        .execution_options(synchronize_session=False)
    )
    return len(renewed.scalars().all())


def fence(ids: Sequence[UUID], *, token: UUID, session: Session) -> set[UUID]:
    """Lock the notices of ``ids`` that ``token``'s claim still holds, and return their ids.

    A compare-and-set that writes nothing: it takes the row locks on PostgreSQL and the write lock on SQLite,
    so no other claim can take these notices until the caller's unit of work ends. Call it first in that
    unit of work (on SQLite a read before it could see a state another writer has since changed). Never
    commits.
    """
    if not ids:
        return set()
    held = session.execute(
        update(Notice)
        .where(_held(ids, token))
        .values(claim_token=token)
        .returning(col(Notice.id))
        .execution_options(synchronize_session=False)
    )
    return set(held.scalars().all())


def due_ids(*, session: Session, now: datetime, incident_id: UUID | None = None) -> list[UUID]:
    """Ids of the notices a sender would claim now, oldest first (to split into batches)."""
    query = select(Notice.id).where(_due(now))
    if incident_id is not None:
        query = query.where(Notice.incident_id == incident_id)
    return list(session.exec(query.order_by(col(Notice.created_at), col(Notice.id))).all())
