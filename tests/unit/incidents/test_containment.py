"""When a breach was contained: recorded by ``breach contain`` (default now, or ``--at``), kept when a later
facts file says nothing of containment, and shown as a time in the authority drafts' timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from breach.errors import InvalidInput
from breach.incidents.narrative import Narrative
from flows.usecases import lifecycle
from flows.usecases.facts import record_facts
from flows.usecases.support_packs import load_pack
from notifications.packs.case_packs import render_pack
from tests.factories import SENDER
from tests.record_world import BAKERY, BREWERY, DELIVERED, NOW, T0, World, build


def _timeline(world: World, customer: str) -> str:
    pack = load_pack(world.incident.reference, customer, "authority", session=world.session, sender=SENDER, now=NOW)
    return render_pack(pack).markdown


def test_a_containment_time_shows_in_the_authority_drafts(session: Session, db: Engine) -> None:
    world = build(session, db)
    before = next(li for li in _timeline(world, BREWERY).splitlines() if "Inbreuk ingeperkt" in li)
    assert "2026" not in before, before  # yes, no or not yet known: no time before it is recorded
    at = DELIVERED + timedelta(hours=3)  # 12:05 UTC: 13:05 in Brussels and Paris (winter time)
    lifecycle.contain(world.incident.reference, session=session, actor="dpo@example.org", now=NOW, at=at)
    session.commit()
    world.reload()
    assert Narrative.stored(world.incident.narrative).contained_at == at
    dutch = _timeline(world, BREWERY)
    line = next(li for li in dutch.splitlines() if "Inbreuk ingeperkt" in li)
    assert "13:05" in line, line
    assert "2026" in line, line
    french = _timeline(world, BAKERY)
    line = next(li for li in french.splitlines() if "Violation maîtrisée" in li)
    assert "13:05" in line, line
    assert "2026" in line, line

    # A later facts file that says nothing of containment keeps it.
    record_facts(
        world.incident.reference,
        {"narrative": {"nature": "Mailboxes read.", "measures_taken": "Account disabled."}},
        session=session,
        actor="dpo@example.org",
        now=NOW,
    )
    narrative = Narrative.stored(world.incident.narrative)
    assert narrative.contained_at == at
    assert narrative.ongoing is False


@pytest.mark.parametrize(("hours", "expected"), [(24 * 30, "is in the future"), (-24, "before the breach occurred")])
def test_a_containment_time_outside_the_breach_is_refused(
    session: Session, db: Engine, hours: int, expected: str
) -> None:
    world = build(session, db)
    world.incident.occurred_at = T0 - timedelta(hours=3)
    session.commit()
    at = (T0 - timedelta(hours=3) if hours < 0 else NOW) + timedelta(hours=hours)
    with pytest.raises(InvalidInput, match=expected) as refused:
        lifecycle.contain(world.incident.reference, session=session, actor="dpo@example.org", now=NOW, at=at)
    assert refused.value.field == "at"
