"""The fan-out works through its customers in slices (PostgreSQL takes at most 65 535 parameters in one
statement): sliced, it writes exactly what it writes in one go, in the confirmation's one unit of work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from breach.db.models.incidents import ControllerCase, Deadline
from breach.db.models.outbox import Notice
from breach.incidents.store import recorded
from breach.vocabulary import NoticeKind
from flows.usecases.directory_import import import_directory
from flows.usecases.facts import record_facts
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
from tests.factories import NARRATIVE, customer, directory
from tests.record_world import FACTS

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
LANGUAGES = ("nl", "fr", "de", "en", "nl")


def _reported(session: Session) -> str:
    customers = [
        customer(
            f"Voorbeeld {i} BV",
            language=LANGUAGES[i],
            role="processor" if i == 3 else "controller",
            contacts=[f"json://hooks.example.org/c{i}"],
            services=[{"code": "mail-hosting", "data_subjects": 100 * (i % 2 + 1)}],
        )
        for i in range(5)
    ]
    import_directory(directory(*customers), session=session, actor="t", now=NOW - timedelta(days=1), source="seed")
    draft = IncidentDraft("Mail intrusion", "Mailboxes read.", ["mail-hosting"], NOW - timedelta(hours=2))
    incident = open_incident(draft, session=session, actor="sec", now=NOW - timedelta(hours=1))
    texts = {k: v for k, v in NARRATIVE.items() if isinstance(v, str)}
    narrative: dict[str, Any] = {
        **NARRATIVE,
        "translations": {lang: {"title": "Mail intrusion", **texts} for lang in ("nl", "fr", "de")},
    }
    record_facts(incident.reference, {"facts": FACTS, "narrative": narrative}, session=session, actor="sec", now=NOW)
    session.commit()
    return incident.reference


def _count(session: Session, model: type[Any]) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_slices_write_every_case_clock_and_notice_once(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = _reported(session)
    monkeypatch.setattr(recorded, "FAN_OUT_SLICE", 2)
    result = confirm_incident(reference, session=session, actor="dpo", now=NOW)
    session.commit()
    assert (result.fanout.affected, result.fanout.cases_created, result.fanout.notices_created) == (5, 5, 5)
    assert (_count(session, ControllerCase), _count(session, Notice), _count(session, Deadline)) == (5, 5, 5)
    kinds = sorted(str(kind) for kind in session.exec(select(Notice.kind)).all())
    assert kinds == sorted([str(NoticeKind.INITIAL)] * 4 + [str(NoticeKind.PASS_ON)])
    # Every notice points at its own customer's case, across the slices' borders.
    pairs = session.exec(
        select(Notice.customer_id, ControllerCase.customer_id).join(
            ControllerCase, col(ControllerCase.id) == col(Notice.case_id)
        )
    ).all()
    assert all(notice_customer == case_customer for notice_customer, case_customer in pairs)
    assert len({customer_id for customer_id, _ in pairs}) == 5

    again = confirm_incident(reference, session=session, actor="dpo", now=NOW + timedelta(minutes=1))
    assert (again.fanout.affected, again.fanout.cases_created, again.fanout.notices_created) == (5, 0, 0)
    assert (_count(session, ControllerCase), _count(session, Notice), _count(session, Deadline)) == (5, 5, 5)
