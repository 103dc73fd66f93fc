"""The demo's own notices, packs and portal pages read in each customer's language alone (issue 17).

The demo's directory, sub-processors and incident (flows/demo/) are imported, its incident confirmed, and
every notice rendered as the outbox sends it (with its JSON), every support pack of every case drafted, and
every portal page a customer sees fetched from the served application. Outside what a person wrote (the
narrative, names, addresses, references), no common English word may be left in a Dutch, French or German
text; our directory's own words (service names and descriptions, authorities) count as ours, not as quoted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase
from breach.db.models.outbox import Notice, SentMessage
from breach.errors import DirectoryFileError
from flows import directory_files
from flows.input_files import parse, read_text
from flows.usecases.chain.directory import import_subprocessors
from flows.usecases.directory_import import import_directory
from flows.usecases.facts import read_facts_file, record_facts
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
from flows.usecases.support_packs import load_pack
from flows.web import api_keys
from notifications.channels.channel import Attachment, OutgoingMessage
from notifications.context.build import NoticeContext
from notifications.delivery import archive
from notifications.delivery.prepare import plan
from notifications.packs.case_packs import render_pack
from notifications.render.rendering import render_notice
from tests.api.support import Recorder, make_app, serve, sign_in
from tests.english_words import english_outside
from tests.factories import SENDER
from tests.rendered_text import flattened, visible_text
from tests.servers import free_port

DEMO = Path(__file__).resolve().parents[2] / "flows" / "demo"
NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
TITLE = "Ransomware on hosted mail cluster BE-1"  # the demo's own (flows/demo/__main__.py)
DESCRIPTION = "Mail storage encrypted; administrator account compromised."
# English words of our directory's texts (the demo's service names and descriptions): ours to translate.
DIRECTORY_WORDS = frozenset(
    {"hosted", "nightly", "calendars", "encrypted", "tenant", "relationship", "mailboxes", "backup", "backups"}
)
NATIVE = {"de": frozenset({"backup", "backups"})}  # German writes "Backup" too
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "notifications/schemas/breach-notice-1.4.json").read_text())
HOLDER = "Jo Example"  # who holds each customer's portal key


@dataclass(frozen=True, slots=True)
class Read:
    """One text a customer reads: what it is, in which language, and its words."""

    customer: str
    what: str
    language: str
    text: str


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _typed() -> set[str]:
    """What a person wrote in the demo's files: the narrative in every language, names and labels, addresses,
    sub-processors and their references."""
    incident = read_facts_file(DEMO / "incident.yaml")
    directory = parse(read_text(DEMO / "customers.yaml", DirectoryFileError), "YAML", DEMO / "customers.yaml")
    subprocessors = parse(
        read_text(DEMO / "subprocessors.yaml", DirectoryFileError), "YAML", DEMO / "subprocessors.yaml"
    )
    # The incident's own title and description are our working texts, not the customer's: never typed here.
    typed = set(_strings(incident["narrative"])) | {HOLDER}
    for entry in directory["customers"]:
        typed |= {entry["name"], entry.get("account_manager", "")}
        typed |= {c.get("label", "") for c in entry["contacts"]}
    for sub in subprocessors["subprocessors"]:
        typed |= {sub["name"], sub.get("transfer_reference", "")}
    sender = SENDER.model_dump()
    typed |= {str(v) for v in _strings(sender)}
    return {t for t in typed if t}


def _demo(engine: Engine) -> str:
    """The demo's directory and incident, confirmed: every affected customer's notice queued."""
    with Session(engine, expire_on_commit=False) as session:
        data, locate = directory_files.read(DEMO / "customers.yaml")
        import_directory(
            data, session=session, actor="demo", now=NOW - timedelta(days=1), source="customers.yaml", locate=locate
        )
        subs = parse(read_text(DEMO / "subprocessors.yaml", DirectoryFileError), "YAML", DEMO / "subprocessors.yaml")
        import_subprocessors(
            subs, session=session, actor="demo", now=NOW - timedelta(days=1), source="subprocessors.yaml"
        )
        incident = open_incident(
            IncidentDraft(TITLE, DESCRIPTION, ["cloud-mail"], NOW - timedelta(hours=3)),
            session=session,
            actor="demo",
            now=NOW - timedelta(hours=3),
        )
        facts = read_facts_file(DEMO / "incident.yaml")
        record_facts(incident.reference, facts, session=session, actor="demo", now=NOW - timedelta(hours=2))
        confirm_incident(incident.reference, session=session, actor="demo", now=NOW - timedelta(hours=1))
        session.commit()
        return incident.reference


def _notices(engine: Engine) -> list[Read]:
    """Every queued notice as the outbox renders it, its JSON's words for people included; each is then
    stored as sent, so the portal shows it."""
    reads: list[Read] = []
    with Session(engine, expire_on_commit=False) as session:
        notices = list(session.exec(select(Notice).where(Notice.customer_id.is_not(None))).all())  # type: ignore[union-attr]
        customers = {c.id: c for c in session.exec(select(Customer)).all()}
        for draft in plan(
            notices, session=session, sender=SENDER, now=NOW, links=lambda _n: "http://127.0.0.1:8765/ack/x"
        ):
            context = draft.context
            assert isinstance(context, NoticeContext), draft.job
            rendition = render_notice(context.kind, context.language, context, with_payload=True)
            assert rendition.rendered is not None, rendition.problem
            shown = rendition.rendered
            name = customers[draft.notice.customer_id].name  # type: ignore[index]
            text = " ".join((shown.subject, shown.text, visible_text(shown.html)))
            reads.append(Read(name, f"notice {context.kind} {context.detail}", context.language, text))
            if rendition.document is not None:
                document = json.loads(rendition.document)
                jsonschema.validate(document, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
                assert (document["dora"] is not None) is customers[draft.notice.customer_id].financial_entity  # type: ignore[index]
                people = [s["name"] for s in document["services"]]
                people += [document["customer"]["lead_authority"]["name"]]
                people += [a["name"] for a in document["customer"]["other_authorities"]]
                reads.append(Read(name, "notice JSON", context.language, " ; ".join(people)))
            message = OutgoingMessage(
                notice_key=draft.notice.notice_key,
                subject=shown.subject,
                text=shown.text,
                html=shown.html,
                attachments=(Attachment("breach-notice.json", rendition.document or b"{}", "application/json"),),
            )
            sha256, content = archive.pack(message)
            draft.notice.delivered_at = NOW - timedelta(minutes=30)
            session.add(draft.notice)
            session.add(
                SentMessage(notice_id=draft.notice.id, sent_at=NOW, contact="spool://…", sha256=sha256, content=content)
            )
        session.commit()
    return reads


def _packs(engine: Engine, reference: str) -> list[Read]:
    """Every support pack of every case (authority drafts, data-subject letters, DPIA support)."""
    reads: list[Read] = []
    with Session(engine, expire_on_commit=False) as session:
        cases = session.exec(select(ControllerCase, Customer).join(Customer)).all()
        for _case, customer in cases:
            for kind in ("authority", "subjects", "dpia"):
                context = load_pack(reference, customer.name, kind, session=session, sender=SENDER, now=NOW)
                pack = render_pack(context)
                text = " ".join((pack.markdown, visible_text(pack.html)))
                reads.append(Read(customer.name, f"pack {kind}", customer.language.value, text))
    return reads


def _portal(engine: Engine) -> list[Read]:
    """Each customer's portal pages: its cases, its case with the notice it got, that notice, our sub-processors."""
    reads: list[Read] = []
    with Session(engine, expire_on_commit=False) as session:
        keys = {}
        for customer in session.exec(select(Customer)).all():
            _row, keys[customer.name] = api_keys.create_key(
                session=session,
                role="customer",
                holder=HOLDER,
                customer=customer.name,
                actor="demo",
                now=NOW,
            )
        # Every customer its cases and our sub-processors; those the incident affects their case and notices.
        pages = {name: ["/portal/cases", "/portal/subprocessors"] for name in keys}
        for case, customer in session.exec(select(ControllerCase, Customer).join(Customer)).all():
            notice_ids = session.exec(select(Notice.id).where(Notice.case_id == case.id)).all()
            pages[customer.name] += [
                f"/portal/cases/{case.id}",
                *(f"/portal/cases/{case.id}/notices/{n}" for n in notice_ids),
            ]
        languages = {c.name: c.language.value for c in session.exec(select(Customer)).all()}
        session.commit()
    port = free_port()
    app = make_app(engine, FixedClock(NOW), Recorder(), public_url=f"http://127.0.0.1:{port}")
    for base in serve(app, port):
        for name, paths in pages.items():
            with httpx.Client(base_url=base, timeout=10, follow_redirects=False) as client:
                assert sign_in(client, keys[name]).status_code == 303
                for path in paths:
                    page = client.get(path)
                    assert page.status_code == 200, (name, path, page.text[:300])
                    shown = visible_text(re.sub(r"<style>.*?</style>", " ", page.text, flags=re.DOTALL))
                    reads.append(Read(name, "portal " + re.sub(r"[0-9a-f-]{36}", "…", path), languages[name], shown))
    return reads


@pytest.fixture
def demo_reads(db: Engine) -> list[Read]:
    reference = _demo(db)
    return _notices(db) + _packs(db, reference) + _portal(db)


def test_the_demo_reads_in_each_customers_language(demo_reads: list[Read]) -> None:
    """Every notice, JSON, pack and portal page of the demo in nl, fr and de: no English outside what was typed."""
    typed = _typed()
    assert {r.language for r in demo_reads} == {"nl", "fr", "de", "en"}
    kinds = {r.what.split()[0] for r in demo_reads}
    assert kinds == {"notice", "pack", "portal"}
    found: dict[str, set[str]] = {}
    for read in demo_reads:
        if read.language == "en":
            continue
        words = english_outside(
            flattened(read.text), read.language, typed, DIRECTORY_WORDS - NATIVE.get(read.language, frozenset())
        )
        if words:
            found[f"{read.customer}: {read.what} ({read.language})"] = words
    assert found == {}


def test_the_demo_names_its_services_and_authorities_in_the_readers_language(demo_reads: list[Read]) -> None:
    """The names a customer reads of our service and its authority, in its language and saying whose it is."""
    shown = {(r.customer, r.what): r.text for r in demo_reads}
    expect = {
        "Brouwerij De Voorbeeldige BV": ("Gehoste e-mail (Exchange-cluster BE-1)", "Gegevensbeschermingsautoriteit"),
        "Boulangerie Exemple SA": (
            "Messagerie hébergée (cluster Exchange BE-1)",
            "Autorité de protection des données (APD)",
        ),
        "Autohaus Beispiel GmbH": ("Gehostete E-Mail (Exchange-Cluster BE-1)", "Nordrhein-Westfalen (LDI NRW)"),
        "Mutuelle Exemplaire de Lyon": ("Messagerie hébergée", "Autorité de protection des données (APD, Belgique)"),
        "Example Analytics Ltd": ("Hosted e-mail (Exchange cluster BE-1)", "Data Protection Commission (DPC)"),
    }
    for customer, (service, authority) in expect.items():
        texts = " ".join(flattened(t) for (c, _w), t in shown.items() if c == customer)
        assert service in texts, customer
        assert authority in texts, customer
    english = " ".join(r.text for r in demo_reads if r.language != "en")
    assert "Hosted e-mail" not in english
