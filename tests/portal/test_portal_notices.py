"""What the portal shows a customer of its case beyond the clocks (issue 18): each notice as it was sent with
its JSON to download, our recommendation as a recommendation, and only the events that apply to it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import httpx
from sqlmodel import Session

from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase
from breach.db.models.outbox import Notice, SentMessage
from notifications.channels.channel import Attachment, OutgoingMessage
from notifications.delivery import archive
from tests.api.support import T0, World, sign_in

DOCUMENT = {"schema": "breach-notice-1.3", "reference": "BR-2026-0001", "notice_key": "k"}


@contextmanager
def _signed_in(world: World, role: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as client:
        assert sign_in(client, world.keys[role]).status_code == 303
        yield client


def _sent(world: World) -> None:
    """Customer A's first notice, delivered as the sender stores it: the message document, gzip, its hash."""
    message = OutgoingMessage(
        notice_key="k",
        subject="Inbreuk in verband met persoonsgegevens BR-2026-0001",
        text="Geachte klant,\nwij melden u een inbreuk <b>onmiddellijk</b>.",
        html="<p>Geachte klant</p>",
        attachments=(Attachment("breach-notice.json", json.dumps(DOCUMENT).encode(), "application/json"),),
    )
    sha256, content = archive.pack(message)
    with Session(world.engine) as session:
        notice = session.get(Notice, world.notice_a)
        assert notice is not None
        notice.delivered_at = T0 - timedelta(minutes=20)
        session.add(notice)
        sent_at = T0 - timedelta(minutes=20)
        session.add(
            SentMessage(notice_id=notice.id, sent_at=sent_at, contact="json://…", sha256=sha256, content=content)
        )
        session.commit()


def test_a_notice_reads_as_it_was_sent_with_its_json(world: World) -> None:
    """The case page links the delivered notice; its page shows the subject and text as sent (as text, never
    the sent HTML) and the JSON downloads; another customer's notice and an unsent one are 404."""
    _sent(world)
    with _signed_in(world, "customer_a") as client:
        case = client.get(f"/portal/cases/{world.case_a}")
        link = f"/portal/cases/{world.case_a}/notices/{world.notice_a}"
        assert f'href="{link}"' in case.text
        page = client.get(link)
        assert page.status_code == 200, page.text
        assert "Inbreuk in verband met persoonsgegevens BR-2026-0001" in page.text
        assert "wij melden u een inbreuk &lt;b&gt;onmiddellijk&lt;/b&gt;." in page.text
        assert "<p>Geachte klant</p>" not in page.text
        download = client.get(f"{link}/json")
        assert download.status_code == 200
        assert download.json() == DOCUMENT
        assert "attachment;" in download.headers["content-disposition"]
        assert client.get(f"/portal/cases/{world.case_b}/notices/{world.notice_b}").status_code == 404
        assert client.get(f"/portal/cases/{world.case_a}/notices/{world.notice_b}").status_code == 404
    with _signed_in(world, "customer_b") as client:
        assert client.get(f"/portal/cases/{world.case_b}/notices/{world.notice_b}").status_code == 404  # unsent


def test_the_recommendation_says_what_to_do(world: World) -> None:
    """Not "Onze aanbeveling: een hoog risico": what we recommend, the decision left to the controller, and
    the risk on a line of its own; before any assessment, when it will come."""
    with _signed_in(world, "customer_a") as client:
        pending = client.get(f"/portal/cases/{world.case_a}").text
        assert "<dt>Onze aanbeveling</dt><dd>Wij bezorgen u onze aanbeveling zodra" in pending
        with Session(world.engine) as session:
            case = session.get(ControllerCase, world.case_a)
            assert case is not None
            case.override = {"risk": "high", "reason": "Bank details exposed", "by": "dpo"}
            session.add(case)
            session.commit()
        page = client.get(f"/portal/cases/{world.case_a}").text
    assert "<dt>Onze aanbeveling</dt><dd>Meld de inbreuk binnen 72 uur" in page
    assert "De beslissing ligt bij u als verwerkingsverantwoordelijke." in page
    assert "<dt>Risico volgens onze inschatting</dt><dd>een hoog risico</dd>" in page


def test_only_the_events_that_apply_are_offered(world: World) -> None:
    """A customer that is no financial entity is offered no DORA event, and none of Art. 36 without a prior
    consultation; an event that needs another first waits for it."""
    with _signed_in(world, "customer_a") as client:
        page = client.get(f"/portal/cases/{world.case_a}").text
    offered = page.split('<select id="event" name="event">')[1].split("</select>")[0]
    assert 'value="authority-notified"' in offered
    assert 'value="subjects-informed"' in offered
    assert "dora-" not in offered
    assert 'value="consultation-received"' not in offered
    assert 'value="advice-received"' not in offered
    assert 'value="follow-up-sent"' not in offered


def test_a_customer_of_the_dutch_authority_reads_netherlands_dutch(world: World) -> None:
    """The portal reads the locale variant of the customer's lead authority's country, as its notices do
    (issue 17): under the Dutch AP no Belgian "Wij bezorgen u"; the page stays <html lang="nl">."""
    with Session(world.engine) as session:
        case = session.get(ControllerCase, world.case_a)
        assert case is not None
        customer = session.get(Customer, case.customer_id)
        assert customer is not None
        customer.lead_authority = "NL-AP"
        session.add(customer)
        session.commit()
    with _signed_in(world, "customer_a") as client:
        page = client.get(f"/portal/cases/{world.case_a}").text
    assert "<dt>Onze aanbeveling</dt><dd>Wij sturen u onze aanbeveling zodra" in page
    assert "bezorgen" not in page
    assert '<html lang="nl">' in page
