"""The DPO's Prefect artifacts name no customer's person (house rule; issue 18): an acknowledgement shows how
and when it came and the role of the contact, the incident's timeline shows the acknowledgement by its way in
and our own operators by name; the incident page's headings are in the DPO's language."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.db.models.directory import Contact
from breach.db.models.outbox import Notice
from breach.notices.kinds import FIRST_NOTICES
from flows.orchestration.dashboard import incident_markdown, register_rows
from notifications import ack
from tests.record_world import BREWERY, DELIVERED, NOW, build

PERSON = "Jan Peeters"


def test_the_artifacts_show_how_an_acknowledgement_came_never_who(session: Session, db: Engine) -> None:
    world = build(session, db)
    case, customer = world.cases[BREWERY]
    notice = session.exec(
        select(Notice).where(Notice.case_id == case.id, col(Notice.kind).in_([k.value for k in FIRST_NOTICES]))
    ).one()
    contact = session.get(Contact, notice.contact_id)
    assert contact is not None
    contact.label = "Privacy officer (e-mail)"
    session.add(contact)
    ack.acknowledge(session=session, notice_key=notice.notice_key, by=PERSON, via="web", now=DELIVERED + timedelta(1))
    session.commit()

    rows = register_rows(session=session, now=NOW, tz="Europe/Brussels", language="en")
    (row,) = [r for r in rows if r["Customer"] == customer.name]
    assert "through the link in our notice, contact: Privacy officer (e-mail)" in row["Acknowledged"]
    assert PERSON not in str(rows)

    page = incident_markdown(world.incident, session=session, now=NOW, tz="Europe/Brussels", language="nl")
    assert PERSON not in page
    assert "## Tijdlijn" in page
    assert "| Wanneer | Wat | Klant | Wie |" in page
    acknowledged = next(line for line in page.splitlines() if "notice.acknowledged" in line)
    assert "via de link in onze melding" in acknowledged
    # Our own people are named: who decided is what the timeline is for.
    assert any("dpo@example.org" in line for line in page.splitlines() if "report." in line)
