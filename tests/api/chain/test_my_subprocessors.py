"""A customer sees the sub-processors behind the services it uses (DPA clause 6(2)), in its language: through
``GET /me/subprocessors`` and the portal page ``/portal/subprocessors``."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session

from breach.chain.store.subprocessors import behind_customer
from breach.db import repository
from breach.db.models.directory import CustomerService
from flows.usecases.chain.directory import import_subprocessors
from tests.api.chain.chain_world import SUBPROCESSORS, add_chain
from tests.api.support import CUSTOMER_B, T0, World, sign_in


@pytest.fixture
def chained(world: World) -> World:
    add_chain(world)
    return world


def test_the_api_lists_those_behind_the_customers_services(chained: World) -> None:
    """Customer B (French) uses mail-hosting only: Mailflow, in the EU, no transfer; contacts never shown."""
    answer = chained.client.get("/me/subprocessors", headers=chained.auth("customer_b"))
    assert answer.status_code == 200, answer.text
    assert answer.json() == [
        {
            "name": "Mailflow Relay BV",
            "country": "NL",
            "country_name": "Pays-Bas",
            "agreement_date": "2025-03-01",
            "services": ["mail-hosting"],
            "transfer_mechanism": None,
            "transfer": None,
            "transfer_reference": "",
        }
    ]
    assert "security@mailflow" not in answer.text


def test_a_transfer_outside_the_eea_shows_its_ground_in_the_customers_language(chained: World) -> None:
    """Once customer B also uses crm-cloud, the US sub-processor appears with its SCC, worded in French."""
    with Session(chained.engine) as session:
        customer_id = repository.customer_by_name(CUSTOMER_B, session=session).id
        crm = repository.services_by_code(session=session)["crm-cloud"]
        session.add(CustomerService(customer_id=customer_id, service_id=crm.id, data_subjects=10))
        session.commit()
        assert [s.name for s, _ in behind_customer(customer_id, session=session)] == [
            "Datastore Inc.",
            "Mailflow Relay BV",
        ]
    rows = chained.client.get("/me/subprocessors", headers=chained.auth("customer_b")).json()
    us = rows[0]
    assert (us["country_name"], us["transfer_mechanism"]) == ("États-Unis", "scc")
    assert us["transfer"].startswith("clauses contractuelles types")
    assert us["transfer_reference"] == "Commission Implementing Decision (EU) 2021/914, module 3"  # data, as typed
    with httpx.Client(base_url=chained.base, follow_redirects=False) as client:
        assert sign_in(client, chained.keys["customer_b"]).status_code == 303
        page = client.get("/portal/subprocessors")
    # Our staff typed the legal reference in English: a French reader sees it quoted, not as French (issue 17).
    assert "«\u00a0Commission Implementing Decision (EU) 2021/914, module 3\u00a0»" in page.text


def test_only_customer_keys_may_ask(chained: World) -> None:
    assert chained.client.get("/me/subprocessors", headers=chained.auth("security")).status_code == 403
    assert chained.client.get("/me/subprocessors").status_code == 401


def test_the_portal_page_is_in_the_customers_language(chained: World) -> None:
    """Customer A reads Dutch: the page's title, the country and the 'no transfer' words are Dutch."""
    with httpx.Client(base_url=chained.base, follow_redirects=False) as client:
        assert client.get("/portal/subprocessors").status_code == 303
        assert sign_in(client, chained.keys["customer_a"]).status_code == 303
        page = client.get("/portal/subprocessors")
    assert page.status_code == 200
    assert "Onze onderaannemers" in page.text
    assert "Mailflow Relay BV" in page.text
    assert "Nederland" in page.text
    assert "geen (binnen de EU/EER)" in page.text
    assert "1 maart 2025" in page.text


def test_the_portal_cases_page_links_to_the_subprocessors_page(chained: World) -> None:
    """DPA clause 6(2) 'on request': the customer finds the page from its cases, in its language."""
    with httpx.Client(base_url=chained.base, follow_redirects=False) as client:
        assert sign_in(client, chained.keys["customer_a"]).status_code == 303
        cases = client.get("/portal/cases")
        assert cases.status_code == 200
        assert '<a href="/portal/subprocessors">Onze onderaannemers</a>' in cases.text
        assert client.get("/portal/subprocessors").status_code == 200


def test_a_reimport_changes_what_customers_see(chained: World) -> None:
    """The directory is the source: a sub-processor moved off mail-hosting is no longer shown for it."""
    moved = {
        "subprocessors": [{**SUBPROCESSORS["subprocessors"][0], "services": [{"ours": "crm-cloud", "theirs": ["x"]}]}]
    }
    with Session(chained.engine) as session:
        import_subprocessors(moved, session=session, actor="setup", now=T0, source="test")
        session.commit()
    assert chained.client.get("/me/subprocessors", headers=chained.auth("customer_b")).json() == []
