"""A child process for the DPO's browser test: an overdue 72-hour clock, then the two flows on a live server.

Run as ``python -m tests.flows.overdue_world`` with ``BREACH_DATABASE_URL`` and ``PREFECT_API_URL`` set: it
seeds two fictional customers' cases, one delivered four days ago (its Art. 33(1) clock a day overdue) and
one two hours ago, runs ``watch_deadlines`` and ``publish_register`` against the server, and prints the
watchdog's final state as JSON. A process of its own, because the session's Prefect harness (other flow
tests) would otherwise hold this process's Prefect settings.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from prefect.client.schemas.objects import State
from sqlmodel import select

from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.incidents.store.awareness import record_first_delivery
from breach.vocabulary import NoticeStatus
from flows import db
from tests.factories import customer
from tests.incidents import confirmed_incident

LATE = "Alpha Hosting Test BV"
ON_TIME = "Beta Retail Test NV"
TITLE = "Ransomware on shared mail storage"


def seed(now: datetime) -> str:
    """The incident confirmed four days ago; ``LATE`` reached then, ``ON_TIME`` two hours ago."""
    db.init()
    start = now - timedelta(days=4)
    customers = [
        customer(LATE, language="en", contacts=["json://127.0.0.1:9/alpha"]),
        customer(ON_TIME, language="en", contacts=["json://127.0.0.1:9/beta"]),
    ]
    with db.unit_of_work() as session:
        incident = confirmed_incident(session, customers=customers, now=start)
        incident.title = TITLE
        session.add(incident)
        reached = {LATE: start, ON_TIME: now - timedelta(hours=2)}
        for notice in session.exec(select(Notice).where(Notice.incident_id == incident.id)).all():
            case = session.get(ControllerCase, notice.case_id)
            assert case is not None
            who = session.get(Customer, case.customer_id)
            assert who is not None
            at = reached[who.name]
            notice.status, notice.delivered_at = NoticeStatus.DELIVERED, at
            session.add(notice)
            found = session.get(Incident, incident.id)
            assert found is not None
            record_first_delivery(session=session, incident=found, case=case, customer=who, at=at, now=at)
        return incident.reference


def main() -> None:
    from flows.orchestration.watchdog import publish_register, watch_deadlines  # noqa: PLC0415

    reference = seed(datetime.now(UTC))
    # Prefect types a flow's call loosely: with return_state it is a coroutine of the run's final state.
    state = asyncio.run(cast("Coroutine[Any, Any, State[Any]]", watch_deadlines(return_state=True)))
    publish_register()
    print(json.dumps({"reference": reference, "state": state.name, "type": state.type.value, "message": state.message}))


if __name__ == "__main__":
    main()
