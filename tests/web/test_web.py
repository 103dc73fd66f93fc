"""The acknowledgement pages against a live server on loopback, driven by a real HTTP client (flows.web.app)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

import httpx
import pytest
import uvicorn
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from breach.clock import FixedClock
from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import ControllerCase
from breach.db.models.outbox import Notice
from breach.errors import ConfigurationError
from breach.records.store import audit
from flows.db import unit_of_work
from flows.settings import Settings
from flows.web.app import create_app, server_config
from flows.web.headers import SECURITY_HEADERS
from notifications import ack
from notifications.channels.channel import RecordingChannel
from notifications.delivery.sender import deliver_batch
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.servers import free_port

SECRET = "web-test-secret-0123456789-abcdefghijkl"
T0 = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)


@dataclass
class Live:
    base: str
    clock: FixedClock
    client: httpx.Client


@pytest.fixture
def live(db: Engine) -> Iterator[Live]:
    """The application served by uvicorn on a free loopback port, in a thread, for one test."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    clock = FixedClock(T0 + timedelta(minutes=30))
    settings = Settings(
        database_url="sqlite://",
        ack_secret=SecretStr(SECRET),
        public_url=base,
        processor_name="Example Cloud Services BV",
        dpo_name="Dana Example",
        dpo_email="dpo@cloud.example.org",
    )
    app = create_app(settings, unit_of_work=partial(unit_of_work, db), clock=clock)
    server = uvicorn.Server(server_config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="web-under-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    with httpx.Client(base_url=base, timeout=5, follow_redirects=False) as client:
        yield Live(base, clock, client)
    server.should_exit = True
    thread.join(timeout=10)


def _notice(session: Session, engine: Engine, base: str, *, language: str = "nl") -> tuple[Notice, str]:
    """A breach notice delivered to one customer; returns it and the token its link carries."""
    name = "Brouwerij Voorbeeld BV" if language == "nl" else "Boulangerie Exemple SA"
    extra = {} if language == "nl" else {"language": "fr", "timezone": "Europe/Paris", "lead_authority": "FR-CNIL"}
    confirmed_incident(session, customers=[customer(name, contacts=["json://127.0.0.1:9/hook"], **extra)], now=T0)
    channel = RecordingChannel()
    clock = FixedClock(T0)
    sender = SENDER.model_copy(update={"public_url": base})  # the links point at the server under test
    deliver_batch(
        unit_of_work=partial(unit_of_work, engine),
        channel=channel,
        sender=sender,
        clock=clock,
        limit=10,
        links=ack.link_maker(base_url=base, secret=SECRET, clock=clock),
    )
    [(_, message)] = channel.sent
    token = message.text.split(f"{base}/ack/", 1)[1].split()[0]
    notice = session.exec(select(Notice).where(Notice.notice_key == message.notice_key)).one()
    return notice, token


def _state(engine: Engine) -> tuple[int, list[tuple[str, datetime | None, str | None]]]:
    """What an acknowledgement would change: the audit log's length and every notice's acknowledgement."""
    with Session(engine) as s:
        events = s.exec(select(func.count()).select_from(AuditEvent)).one()
        rows = [(n.notice_key, n.acknowledged_at, n.acknowledged_by) for n in s.exec(select(Notice)).all()]
    return events, sorted(rows)


def test_get_shows_the_summary_and_does_not_acknowledge(live: Live, session: Session, db: Engine) -> None:
    """Following the link (as a mail scanner does) shows the notice and a form, and records nothing."""
    _, token = _notice(session, db, live.base)
    before = _state(db)
    page = live.client.get(f"/ack/{token}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "BR-2026-0001" in page.text
    assert "Brouwerij Voorbeeld BV" in page.text
    assert "melding van een inbreuk in verband met persoonsgegevens" in page.text
    assert "27 maart 2026 om 10:00 CET (UTC+01:00)" in page.text  # delivered, on the customer's Brussels wall clock
    assert '<form method="post">' in page.text
    assert 'name="name"' in page.text
    assert live.client.head(f"/ack/{token}").status_code == 200
    assert _state(db) == before


def test_post_acknowledges_once_and_the_audit_event_names_the_person(live: Live, session: Session, db: Engine) -> None:
    """The form's POST records who and when, on the notice and its case; a second POST is refused with 409."""
    notice, token = _notice(session, db, live.base)
    done = live.client.post(f"/ack/{token}", data={"name": "Jan Peeters"})
    assert done.status_code == 200
    assert "Jan Peeters" in done.text
    with Session(db) as s:
        stored = s.get(Notice, notice.id)
        assert stored is not None
        assert (stored.acknowledged_at, stored.acknowledged_by) == (live.clock.now(), "Jan Peeters")
        case = s.get(ControllerCase, stored.case_id)
        assert case is not None
        assert case.acknowledged_by == "Jan Peeters"
        [event] = s.exec(select(AuditEvent).where(AuditEvent.event_type == "notice.acknowledged")).all()
        assert (event.actor, event.data["via"], event.subject_id) == ("Jan Peeters", "web", str(notice.id))
        assert audit.verify(session=s) is None
    before = _state(db)
    again = live.client.post(f"/ack/{token}", data={"name": "Someone Else"})
    assert again.status_code == 409
    assert "Jan Peeters" in again.text
    assert "Someone Else" not in again.text
    assert _state(db) == before
    # Looking at the link again is no conflict: it says the notice was acknowledged, by whom.
    look = live.client.get(f"/ack/{token}")
    assert look.status_code == 200
    assert "Jan Peeters" in look.text
    assert "<form" not in look.text


@pytest.mark.parametrize(
    ("tamper", "status"),
    [
        (lambda t: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"), 400),
        (lambda t: "not-a-token", 400),
        (lambda t: ack.sign("BR-2026-0999.initial.1.00", secret=SECRET, expires_at=T0 + timedelta(days=1)), 404),
        (lambda t: ack.sign("BR-2026-0001.x", secret="another-secret-0123456789-abcdefgh", expires_at=T0), 400),
    ],
    ids=["forged", "malformed", "unknown", "foreign"],
)
def test_a_bad_link_is_refused_and_changes_nothing(
    live: Live, session: Session, db: Engine, tamper: object, status: int
) -> None:
    """Forged and malformed links answer 400, a link to no notice 404; neither GET nor POST writes anything."""
    _, token = _notice(session, db, live.base)
    bad = tamper(token)  # type: ignore[operator]
    before = _state(db)
    assert live.client.get(f"/ack/{bad}").status_code == status
    refused = live.client.post(f"/ack/{bad}", data={"name": "Mallory"})
    assert refused.status_code == status
    assert "<form" not in refused.text
    assert _state(db) == before


def test_an_expired_link_is_refused_with_410(live: Live, session: Session, db: Engine) -> None:
    """Thirty days after the notice was rendered its link answers 410 Gone, and nothing is recorded."""
    _, token = _notice(session, db, live.base)
    live.clock.set(T0 + timedelta(days=30))
    before = _state(db)
    assert live.client.get(f"/ack/{token}").status_code == 410
    refused = live.client.post(f"/ack/{token}", data={"name": "Jan Peeters"})
    assert refused.status_code == 410
    assert "This link has expired" in refused.text  # the browser's language: the notice is not looked up
    assert _state(db) == before


def test_a_post_without_a_name_shows_the_form_again(live: Live, session: Session, db: Engine) -> None:
    """The name is required: the form comes back with the reason, in the notice's language, and nothing is written."""
    _, token = _notice(session, db, live.base)
    before = _state(db)
    for data in ({}, {"name": "   "}, {"name": "x" * 201}):
        again = live.client.post(f"/ack/{token}", data=data)
        assert again.status_code == 400
        assert "Vul uw naam in" in again.text
        assert '<form method="post">' in again.text
    assert _state(db) == before


def test_a_name_that_is_not_utf8_is_refused(live: Live, session: Session, db: Engine) -> None:
    """Bytes that are not UTF-8 in the name (a surrogate, encoded) are a 422, never stored as replacement text."""
    _, token = _notice(session, db, live.base)
    before = _state(db)
    answer = live.client.post(
        f"/ack/{token}",
        content=b"name=Jan%ED%A0%80",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 422
    assert _state(db) == before


def test_what_a_reader_types_is_shown_as_text(live: Live, session: Session, db: Engine) -> None:
    """Pages are autoescaped: a name with markup is recorded as typed and shown inert."""
    _, token = _notice(session, db, live.base)
    done = live.client.post(f"/ack/{token}", data={"name": "<script>alert(1)</script> Jan"})
    assert done.status_code == 200
    assert "<script>" not in done.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Jan" in done.text


def test_the_page_speaks_the_notices_language(live: Live, session: Session, db: Engine) -> None:
    """A French customer's link opens a French page, worded in French as written in France (its lead authority
    is the CNIL: the fr_FR variant, as its notices); a bad link follows the browser's language."""
    notice, token = _notice(session, db, live.base, language="fr")
    assert ack.summary(notice.notice_key, session=session).words == "fr_FR"
    page = live.client.get(f"/ack/{token}")
    assert 'lang="fr"' in page.text
    assert "Accuser réception de cette notification" in page.text
    forged = live.client.get("/ack/x.y", headers={"Accept-Language": "de-BE,de;q=0.9,en;q=0.5"})
    assert 'lang="de"' in forged.text
    assert "Dieser Link wurde nicht hier signiert" in forged.text


def test_a_link_signed_by_another_installation_says_so(live: Live, session: Session, db: Engine) -> None:
    """A demo's link opened under another secret names both causes a signature cannot tell apart: another
    installation (or a replaced secret) and an altered link; never "altered or incomplete" alone (issue 18)."""
    _notice(session, db, live.base)
    foreign = ack.sign("BR-2026-0001.initial.1.00", secret="another-secret-0123456789-abcdefgh", expires_at=T0)
    page = live.client.get(f"/ack/{foreign}", headers={"Accept-Language": "en"})
    assert page.status_code == 400
    assert "not signed by this installation" in page.text
    assert "another installation" in page.text
    assert "altered or incomplete" not in page.text


def test_a_cross_site_form_post_is_refused(live: Live, session: Session, db: Engine) -> None:
    """A form posted from another site (Sec-Fetch-Site or Origin) is refused with 403; our own is accepted."""
    _, token = _notice(session, db, live.base)
    before = _state(db)
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://attacker.example"}):
        refused = live.client.post(f"/ack/{token}", data={"name": "Jan Peeters"}, headers=headers)
        assert refused.status_code == 403
    assert _state(db) == before
    ours = live.client.post(
        f"/ack/{token}", data={"name": "Jan Peeters"}, headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    )
    assert ours.status_code == 200


def test_every_answer_carries_the_security_headers(live: Live, session: Session, db: Engine) -> None:
    """No caching, no referrer, no framing, no script: on pages, refusals and the health check alike."""
    _, token = _notice(session, db, live.base)
    for response in (
        live.client.get(f"/ack/{token}"),
        live.client.get("/ack/x.y"),
        live.client.get("/health"),
        live.client.get("/nothing-here"),
    ):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
        assert "server" not in response.headers
    assert live.client.get("/health").json() == {"status": "ok"}
    assert live.client.get("/docs").status_code == 404
    # The HTTP API's document is published (flows.web.api.routes); the ack pages are not in it.
    document = live.client.get("/openapi.json")
    assert document.status_code == 200
    assert not any(path.startswith("/ack") for path in document.json()["paths"])


def test_the_application_refuses_to_start_without_a_secret() -> None:
    """Without BREACH_ACK_SECRET no link could be checked: the factory says so, naming the setting."""
    with pytest.raises(ConfigurationError, match="BREACH_ACK_SECRET"):
        create_app(Settings(database_url="sqlite://", ack_secret=SecretStr("")))
