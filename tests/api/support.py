"""What the API and portal tests share: an application on the test database, keys of every role, and cases."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Literal
from uuid import UUID

import httpx
import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, func, select

from breach.clock import FixedClock
from breach.db.models.audit import AuditHead
from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase
from breach.db.models.outbox import Notice
from flows.db import unit_of_work
from flows.settings import Settings
from flows.usecases.directory_import import import_directory
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
from flows.web import api_keys
from flows.web.api_keys import FailureLimiter
from flows.web.app import create_app, server_config
from tests.factories import NARRATIVE, customer, directory
from tests.servers import free_port

SECRET = "api-test-secret-0123456789-abcdefghijkl"
T0 = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
CUSTOMER_A = "Brouwerij Voorbeeld BV"
CUSTOMER_B = "Boulangerie Exemple SA"
DPO_PHONE = "+32 2 000 00 00"


@dataclass
class Recorder:
    """A deliverer that only records which incidents it was asked to deliver."""

    incidents: list[UUID | None] = field(default_factory=list)  # None: the communications' notices

    def __call__(self, incident_id: UUID | None) -> Literal["background", "prefect"]:
        self.incidents.append(incident_id)
        return "background"


@dataclass
class World:
    """Two customers with a case each in one confirmed incident, a reported incident, and keys of every role."""

    engine: Engine
    clock: FixedClock
    app: FastAPI
    client: httpx.Client
    base: str
    delivered: Recorder
    keys: dict[str, str]
    confirmed: str
    reported: str
    case_a: UUID
    case_b: UUID
    notice_a: UUID
    notice_b: UUID

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}


def make_app(
    engine: Engine,
    clock: FixedClock,
    delivered: Recorder,
    *,
    public_url: str,
    limiter: FailureLimiter | None = None,
    trusted_proxies: str = "",
    dpo_phone: str = DPO_PHONE,
) -> FastAPI:
    settings = Settings(
        database_url="sqlite://",
        trusted_proxies=trusted_proxies,
        ack_secret=SecretStr(SECRET),
        public_url=public_url,
        processor_name="Example Cloud Services BV",
        dpo_name="Dana Example",
        dpo_email="dpo@cloud.example.org",
        dpo_phone=dpo_phone,
    )
    return create_app(
        settings,
        unit_of_work=partial(unit_of_work, engine),
        clock=clock,
        deliver=delivered,
        limiter=limiter or FailureLimiter(limit=10, window=60),
    )


def populate(engine: Engine) -> tuple[dict[str, str], str, str]:
    """Directory, keys of every role, one confirmed incident (both customers) and one only reported."""
    with Session(engine, expire_on_commit=False) as session:
        import_directory(
            directory(
                customer(CUSTOMER_A, contacts=["json://127.0.0.1:9/a"]),
                customer(
                    CUSTOMER_B,
                    language="fr",
                    timezone="Europe/Paris",
                    lead_authority="FR-CNIL",
                    contacts=["json://127.0.0.1:9/b"],
                ),
            ),
            session=session,
            actor="setup",
            now=T0 - timedelta(days=1),
            source="test",
        )
        keys: dict[str, str] = {}
        for name, role, holder, owner in (
            ("security", "security", "SIEM connector", None),
            ("dpo", "dpo", "Dana Example (DPO)", None),
            ("customer_a", "customer", "Jan Peeters", CUSTOMER_A),
            ("customer_b", "customer", "Claire Martin", CUSTOMER_B),
            ("revoked", "dpo", "Former DPO", None),
        ):
            _row, keys[name] = api_keys.create_key(
                session=session, role=role, holder=holder, customer=owner, actor="setup", now=T0 - timedelta(days=1)
            )
        api_keys.revoke_key(keys["revoked"][4:12], session=session, actor="setup", now=T0 - timedelta(hours=1))
        confirmed = open_incident(
            IncidentDraft("Ransomware", "Mail storage encrypted.", ["mail-hosting"], T0 - timedelta(hours=2)),
            session=session,
            actor="sec",
            now=T0 - timedelta(hours=1),
        )
        confirmed.narrative = dict(NARRATIVE)
        session.add(confirmed)
        confirm_incident(confirmed.reference, session=session, actor="dpo", now=T0 - timedelta(minutes=30))
        reported = open_incident(
            IncidentDraft("Odd logins", "Logins from an unusual country.", ["mail-hosting"], T0 - timedelta(hours=1)),
            session=session,
            actor="sec",
            now=T0 - timedelta(minutes=20),
        )
        session.commit()
        return keys, confirmed.reference, reported.reference


def case_and_notice(engine: Engine, name: str) -> tuple[UUID, UUID]:
    with Session(engine) as session:
        customer_id = session.exec(select(Customer.id).where(Customer.name == name)).one()
        case_id = session.exec(select(ControllerCase.id).where(ControllerCase.customer_id == customer_id)).one()
        notice_id = session.exec(select(Notice.id).where(Notice.case_id == case_id)).first()
    assert notice_id is not None
    return case_id, notice_id


def serve(app: FastAPI, port: int) -> Iterator[str]:
    """``app`` served by uvicorn on a loopback port, in a thread, as ``breach serve`` runs it."""
    server = uvicorn.Server(server_config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="api-under-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def world_for(
    engine: Engine, *, limiter: FailureLimiter | None = None, trusted_proxies: str = "", dpo_phone: str = DPO_PHONE
) -> Iterator[World]:
    """The world on ``engine``; ``limiter`` replaces the usual 10 failures a minute (a fuzzer sends bad keys),
    ``trusted_proxies`` names proxies whose ``X-Forwarded-For`` is believed (none by default), ``dpo_phone``
    is our DPO's phone as the notices carry it (empty: not set)."""
    clock = FixedClock(T0)
    delivered = Recorder()
    keys, confirmed, reported = populate(engine)
    port = free_port()
    app = make_app(
        engine,
        clock,
        delivered,
        public_url=f"http://127.0.0.1:{port}",
        limiter=limiter,
        trusted_proxies=trusted_proxies,
        dpo_phone=dpo_phone,
    )
    case_a, notice_a = case_and_notice(engine, CUSTOMER_A)
    case_b, notice_b = case_and_notice(engine, CUSTOMER_B)
    for base in serve(app, port):
        with httpx.Client(base_url=base, timeout=10, follow_redirects=False) as client:
            yield World(
                engine,
                clock,
                app,
                client,
                base,
                delivered,
                keys,
                confirmed,
                reported,
                case_a,
                case_b,
                notice_a,
                notice_b,
            )


def form_token(client: httpx.Client, path: str = "/portal/cases") -> str:
    """The CSRF token in the forms of the portal page at ``path`` (the sign-in page sets its cookie)."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    return page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def sign_in(client: httpx.Client, key: str) -> httpx.Response:
    """Sign in to the portal through its form, as a browser does: the page first, then the form with its token."""
    return client.post("/portal/login", data={"key": key, "csrf": form_token(client, "/portal")})


def snapshot(engine: Engine) -> dict[str, object]:
    """Every table's row count and the audit chain's head: what any write would change."""
    with Session(engine) as session:
        counts: dict[str, object] = {
            table.name: session.exec(select(func.count()).select_from(table)).one()
            for table in SQLModel.metadata.sorted_tables
        }
        head = session.get(AuditHead, 1)
        counts["audit_head"] = head.last_hash if head else None
    return counts
