"""Two senders claiming at the same moment never take the same notice (breach.notices.store.claim), on both databases.

Found by the end-to-end delivery test (tests/api/test_background_delivery.py): on SQLite, two overlapping
deliveries each claimed, and sent, every notice.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from uuid import UUID

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.db.models.outbox import Notice
from breach.notices.store import outbox
from breach.vocabulary import NoticeStatus
from tests.api.support import T0, populate


def test_concurrent_claims_are_disjoint(db: Engine) -> None:
    """Both claimers read the due notices together; each notice goes to exactly one of them, once."""
    populate(db)
    with Session(db) as session:
        due = set(outbox.due_ids(session=session, now=T0))
    assert len(due) >= 2
    start = threading.Barrier(2)
    taken: dict[int, list[UUID]] = {}

    def claimer(n: int) -> None:
        with Session(db, expire_on_commit=False) as session:
            start.wait()
            claimed = outbox.claim(session=session, now=T0, limit=100)
            time.sleep(0.2)  # hold the claim uncommitted while the other claimer runs
            session.commit()
            taken[n] = [notice.id for notice in claimed]

    threads = [threading.Thread(target=claimer, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not set(taken[0]) & set(taken[1])
    assert set(taken[0]) | set(taken[1]) == due
    with Session(db) as session:
        rows = session.exec(select(Notice).where(col(Notice.id).in_(due))).all()
    assert all(row.status is NoticeStatus.SENDING and row.attempts == 1 for row in rows)


def test_a_claim_after_the_lease_marks_a_possible_duplicate(db: Engine) -> None:
    """A notice still sending past its lease is taken again, counted, and marked a possible duplicate."""
    populate(db)
    with Session(db, expire_on_commit=False) as session:
        first = outbox.claim(session=session, now=T0, limit=1, lease=timedelta(minutes=3))
        session.commit()
    assert [n.possible_duplicate for n in first] == [False]
    with Session(db, expire_on_commit=False) as session:
        assert outbox.claim(session=session, now=T0 + timedelta(minutes=1), limit=100, notice_ids=[first[0].id]) == []
        again = outbox.claim(session=session, now=T0 + timedelta(minutes=4), limit=100, notice_ids=[first[0].id])
        session.commit()
    assert [(n.id, n.possible_duplicate, n.attempts) for n in again] == [(first[0].id, True, 2)]
    assert again[0].next_attempt_at == T0 + timedelta(minutes=7)
