"""An incident a sub-processor reported shows our link of the chain (issue 21): ``GET /incidents/{ref}`` and
the incident's dashboard page name the sub-processor, its notice key, when it reached us and their services
mapped to ours; never the sub-processor's contacts."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from breach.db import repository
from flows.orchestration.dashboard import incident_markdown
from tests.api.chain.chain_world import add_chain
from tests.api.chain.test_intake_notices import MINIMAL, notice_v1, post
from tests.api.support import T0, World


def test_the_api_shows_the_subprocessor_notice_an_incident_came_from(world: World) -> None:
    keys = add_chain(world)
    reference = post(world, keys["mailflow"], MINIMAL).json()["reference"]
    answer = world.client.get(f"/incidents/{reference}", headers=world.auth("security"))
    assert answer.status_code == 200, answer.text
    [link] = answer.json()["chain"]
    assert link == {
        "subprocessor": "Mailflow Relay BV",
        "country": "NL",
        "notice_key": "MF-2026-17",
        "form": "minimal",
        "schema_version": None,
        "received_at": T0.isoformat().replace("+00:00", "Z"),
        "their_aware_at": "2026-03-27T08:30:00Z",
        "services": [{"theirs": "relay-eu", "ours": ["mail-hosting"]}],
        "pending_review": False,  # a minimal form has no facts of ours to review
    }
    assert "mailflow.example.org" not in answer.text


def test_an_incident_no_subprocessor_reported_has_no_chain(world: World) -> None:
    answer = world.client.get(f"/incidents/{world.confirmed}", headers=world.auth("security"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["chain"] == []


def test_the_dashboard_page_shows_the_link_in_the_dpos_language(world: World) -> None:
    keys = add_chain(world)
    body = notice_v1(services=[{"code": "smtp-out", "name": "Outbound SMTP"}])
    reference = post(world, keys["mailflow"], body).json()["reference"]
    with Session(world.engine) as session:
        incident = repository.incident_by_reference(reference, session=session)
        page = incident_markdown(
            incident, session=session, now=datetime(2026, 3, 27, 12, tzinfo=UTC), tz="Europe/Brussels", language="nl"
        )
    assert "## Gemeld door een subverwerker" in page
    assert "| Subverwerker | Hun melding | Door ons ontvangen | Bij hen bekend sinds | Hun diensten → de onze |" in page
    assert "| Mailflow Relay BV (NL) | BR-2026-0042.initial.1.4f2a |" in page
    assert "| smtp-out → mail-hosting |" in page
    assert "mailflow.example.org" not in page


def test_the_dashboard_page_says_what_waits_for_review(world: World) -> None:
    """A sub-processor's notice not yet accepted is named below the chain's table with the commands that accept
    it (``breach intake accept``, the API); once accepted, the line is gone."""
    keys = add_chain(world)
    reference = post(world, keys["mailflow"], notice_v1()).json()["reference"]

    def page(language: str) -> str:
        with Session(world.engine) as session:
            incident = repository.incident_by_reference(reference, session=session)
            return incident_markdown(
                incident, session=session, now=datetime(2026, 3, 27, 12, tzinfo=UTC), tz="Europe/Brussels",
                language=language,
            )  # fmt: skip

    key = notice_v1()["notice_key"]
    assert f"**Wacht op onze beoordeling: {key}." in page("nl")
    english = page("en")
    assert f"**Waiting for our review: {key}." in english
    assert f"`breach intake accept {reference}`, `POST /incidents/{reference}/intake/accept`" in english
    assert world.client.post(f"/incidents/{reference}/intake/accept", headers=world.auth("dpo")).status_code == 200
    assert "Waiting for our review" not in page("en")
    assert "## Reported to us by a sub-processor" in page("en")
