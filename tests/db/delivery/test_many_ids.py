"""Reads and writes by a list of ids go in slices: PostgreSQL takes at most 65 535 parameters in one
statement (psycopg: "number of parameters must be between 0 and 65535"), SQLite 32 766 (issue 19).

Each call below gets 70 000 ids, most of them of no row: before the slices each was one statement and
failed on both backends. The DPO-contact refusal of a confirmation reads every affected customer's
contacts (``repository.contacts_by_customer``); the outbox checks every new notice key
(``breach.notices.store.outbox``). The sweep for the unreached (``flows.usecases.unreached``) marks its
notices by the same slices; 70 000 unreached notices take minutes to build here, so it is not run.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlmodel import Session, select

from breach.db import repository
from breach.db.models.outbox import Notice
from breach.notices.store import outbox
from tests.factories import customer
from tests.incidents import confirmed_incident

MANY = 70_000
T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def test_in_slices_keeps_every_value_in_order() -> None:
    values = list(range(25_001))
    sliced = repository.in_slices(values)
    assert [len(part) for part in sliced] == [10_000, 10_000, 5001]
    assert [v for part in sliced for v in part] == values
    assert repository.in_slices([]) == []


def test_reads_by_70_000_ids(session: Session) -> None:
    incident = confirmed_incident(session, customers=[customer(contacts=["json://127.0.0.1:9/hook"])], now=T0)
    real = [c.customer_id for c in repository.affected_by(incident.id, session=session)]
    ids: list[UUID] = [uuid4() for _ in range(MANY)] + real
    contacts = repository.contacts_by_customer(ids, session=session)
    assert len(contacts) == MANY + 1
    assert [len(contacts[i]) for i in real] == [1]
    assert set(repository.customers_by_id(ids, session=session)) == set(real)
    assert repository.contacts_by_id(ids, session=session) == {}
    assert repository.cases_by_id(ids, session=session) == {}
    assert repository.incidents_by_id([*ids, incident.id], session=session).keys() == {incident.id}
    assert set(repository.service_uses_detail(ids, [uuid4()], session=session)) == set(ids)


def test_the_outbox_checks_70_000_keys(session: Session) -> None:
    incident = confirmed_incident(session, customers=[customer(contacts=["json://127.0.0.1:9/hook"])], now=T0)
    existing = session.exec(select(Notice).where(Notice.incident_id == incident.id)).one()
    rows = [{**_row(existing), "id": uuid4(), "notice_key": f"{existing.notice_key}.x{i}"} for i in range(MANY)]
    assert outbox.enqueue_rows([_row(existing), *rows[:3]], session=session) == 3  # the existing key is kept out
    assert outbox.enqueue_rows(rows, session=session) == MANY - 3


def _row(notice: Notice) -> dict[str, object]:
    return {column: getattr(notice, column) for column in Notice.model_fields}
