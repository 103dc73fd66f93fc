"""Writers appending to the audit chain at the same moment each get their event in, on SQLite too.

SQLite ignores ``FOR UPDATE`` and its driver opens a transaction only at the first write: two writers both
read the head, and the later collided with the earlier at its insert (``IntegrityError``), losing its event
and its whole unit of work. The CI run of 2026-12-04 lost an API delivery failure's record this way.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from breach.db.models.audit import AuditEvent
from breach.records.store import audit
from flows.db import unit_of_work

WRITERS = 6
EACH = 8
AT = datetime(2026, 3, 17, 15, 30, tzinfo=UTC)


def test_concurrent_appends_all_land_and_the_chain_stays_whole(db: Engine) -> None:
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(writer: int) -> None:
        start.wait()
        try:
            for index in range(EACH):
                with unit_of_work(db) as session:
                    # A read first, as a use case reads before it records: it must not pin a stale head.
                    session.exec(select(func.count()).select_from(AuditEvent)).one()
                    audit.append(
                        session=session,
                        event_type="test.concurrent",
                        actor=f"writer {writer}",
                        at=AT,
                        data={"index": index},
                    )
        except BaseException as failure:  # reported below: a thread cannot raise into the test
            failures.append(failure)

    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    with Session(db) as session:
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == WRITERS * EACH
        assert audit.verify(session=session) is None
