"""The benchmarks' world: a processor with N customers on one shared platform, and a breach on it.

Customers are fictional (``.example.org`` / ``.test``), spread over four languages and a dozen time
zones, some of them resellers (processors themselves, who get a pass-on notice), every one using the
affected service with its own number of people and kinds of data, and every one with one full-detail
contact (a JSON webhook, or an e-mail address for the SMTP variant). The incident has a complete
narrative and structured facts, so it passes the completeness gate and every notice carries the full
text, the customer's own risk assessment and the JSON attachment.

The same rows serve the engine (inserted in bulk into its database before the clock starts) and the
baseline (kept in memory: no database).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import insert as sql_insert
from sqlmodel import Session

from breach.db.models.directory import Contact, Customer, CustomerService, Service
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.directory.authorities import Body
from breach.incidents.narrative import Narrative
from breach.risk.assessment import BreachFacts
from breach.vocabulary import CustomerRole, DetailLevel, IncidentStatus, Language, NoticeStatus

SERVICE_CODE: Final = "shared-platform"
OTHER_SERVICE_CODE: Final = "backup-vault"

# (language, time zone, lead authority, kind of body): where the fictional customers sit. Companies answer to
# their own authority: a German one to its Land's (BDSG § 40), an Austrian one to the DSB; a Flemish public
# body to the VTC.
PLACES: Final[tuple[tuple[str, str, str, Body], ...]] = (
    ("nl", "Europe/Brussels", "BE-GBA", Body.PRIVATE),
    ("fr", "Europe/Paris", "FR-CNIL", Body.PRIVATE),
    ("de", "Europe/Berlin", "DE-BE", Body.PRIVATE),
    ("en", "Europe/Dublin", "IE-DPC", Body.PRIVATE),
    ("nl", "Europe/Amsterdam", "NL-AP", Body.PRIVATE),
    ("fr", "Europe/Luxembourg", "LU-CNPD", Body.PRIVATE),
    ("de", "Europe/Vienna", "AT-DSB", Body.PRIVATE),
    ("en", "Europe/London", "IE-DPC", Body.PRIVATE),
    ("fr", "Europe/Brussels", "BE-GBA", Body.PRIVATE),
    ("en", "America/New_York", "IE-DPC", Body.PRIVATE),
    # A Swiss group whose main establishment in the EU is across the border (GDPR Art. 56(1)).
    ("de", "Europe/Zurich", "DE-BW", Body.PRIVATE),
    ("en", "Asia/Singapore", "IE-DPC", Body.PRIVATE),
    ("nl", "Europe/Brussels", "BE-VTC", Body.PUBLIC),
    ("en", "Australia/Sydney", "IE-DPC", Body.PRIVATE),
)
DATA_KINDS: Final = ("name", "address", "contact_details", "customer_history", "billing_payment", "contract_data")
SUBJECT_KINDS: Final = ("customers", "employees", "subscribers", "prospects", "contact_persons")
SECTORS: Final = ("Brouwerij", "Boulangerie", "Maschinenbau", "Dental Care", "Zorggroep", "Assurances", "Logistik")

# What the security team knows when it confirms: every mandatory item written (the completeness gate).
FACTS_DOCUMENT: Final[dict[str, Any]] = {
    "narrative": {
        "nature": (
            "Ransomware encrypted the storage of the shared hosting platform PLAT-1 during the night. The"
            " attackers entered through a compromised administrator account. Forensic analysis shows outbound"
            " traffic from the storage nodes before the encryption started, so we cannot rule out that"
            " mailbox content, customer records and address books were copied."
        ),
        "likely_consequences": (
            "Phishing aimed at your contacts using real names and correspondence; disclosure of customer"
            " records and business correspondence; the platform is unavailable until it is restored from backup."
        ),
        "measures_taken": (
            "The account was disabled and all administrator credentials rotated; the platform was isolated;"
            " the restore from the encrypted off-site backup of 02:00 started; the police were informed."
        ),
        "measures_proposed": (
            "Warn your staff and customers about targeted phishing; we will report the forensic findings on"
            " exfiltration within 48 hours."
        ),
        "contact_point": "Incident desk, +32 2 000 00 00 (day and night), incident@cloud.example.org",
        "ongoing": False,
    },
    "facts": {
        "breach_types": ["confidentiality", "availability"],
        "data_categories": ["identity", "contact", "communications"],
        "data_subjects": 20000,
        "identifiability": "maximum",
        "malicious": True,
        "exfiltration": "cannot_rule_out",
        "recipients": "unknown",
        "availability": "temporary",
    },
}
TITLE: Final = "Ransomware on the shared hosting platform PLAT-1"
# Every affected customer's language holds every text, or the confirmation is refused (issue 17). The
# benchmark measures the engine, not translators: the same English words stand in for each language.
_TEXTS: Final = {k: v for k, v in FACTS_DOCUMENT["narrative"].items() if isinstance(v, str)}
FACTS_DOCUMENT["narrative"]["translations"] = {lang: {"title": TITLE, **_TEXTS} for lang in ("nl", "fr", "de")}
DESCRIPTION: Final = "Storage encrypted; administrator account compromised; exfiltration not ruled out."

UrlFor = Callable[[int], str]


def webhook_url(port: int) -> UrlFor:
    return lambda i: f"json://127.0.0.1:{port}/customers/c{i:05d}"


def email_url(port: int) -> UrlFor:
    return lambda i: f"mailto://127.0.0.1:{port}?to=privacy@c{i:05d}.example.org&from=breach@cloud.example.org"


@dataclass(frozen=True, slots=True)
class Directory:
    services: tuple[Service, ...]
    customers: tuple[Customer, ...]
    contacts: tuple[Contact, ...]
    uses: tuple[CustomerService, ...]


def directory(n: int, url_for: UrlFor, *, now: datetime, display: Callable[[str], str]) -> Directory:
    """N fictional customers, all on the affected service, one full-detail contact each."""
    shared = Service(code=SERVICE_CODE, name="Shared hosting platform PLAT-1", description="Multi-tenant hosting.")
    backup = Service(code=OTHER_SERVICE_CODE, name="Off-site backup", description="Encrypted nightly backups.")
    customers: list[Customer] = []
    contacts: list[Contact] = []
    uses: list[CustomerService] = []
    for i in range(n):
        language, timezone, authority, body = PLACES[i % len(PLACES)]
        # One in twenty is a reseller: a processor itself, which passes our notice on (Art. 33(2)).
        role = CustomerRole.PROCESSOR if i % 20 == 7 else CustomerRole.CONTROLLER
        customer = Customer(
            name=f"{SECTORS[i % len(SECTORS)]} Voorbeeld {i:05d}",
            role=role,
            language=Language(language),
            timezone=timezone,
            lead_authority=authority,
            body=body,
            other_authorities=["LU-CNPD"] if i % 9 == 0 and authority != "LU-CNPD" else [],
            financial_entity=i % 13 == 0,
            telecom_provider=i % 17 == 0,
            sla_hours=(24, 12, 48)[i % 3],
            account_manager=f"am{i % 7}@cloud.example.org",
            created_at=now,
        )
        url = url_for(i)
        customers.append(customer)
        contacts.append(
            Contact(
                customer_id=customer.id,
                position=1,
                url=url,
                display=display(url),
                detail=DetailLevel.FULL,
                label="Privacy officer",
            )
        )
        subjects = 50 + (i * 7919) % 40_000
        kinds = [DATA_KINDS[(i + k) % len(DATA_KINDS)] for k in range(1 + i % 3)]
        uses.append(
            CustomerService(
                customer_id=customer.id,
                service_id=shared.id,
                data_subjects=subjects,
                data_kinds=sorted(set(kinds)),
                subject_kinds=[SUBJECT_KINDS[i % len(SUBJECT_KINDS)]],
            )
        )
        if i % 4 == 0:
            uses.append(CustomerService(customer_id=customer.id, service_id=backup.id, data_subjects=subjects))
    return Directory((shared, backup), tuple(customers), tuple(contacts), tuple(uses))


def insert(directory: Directory, *, session: Session) -> None:
    """The directory in bulk (the benchmark's set-up, not what it measures). Flushes, never commits.

    One insert statement per table, not the session's unit of work: 100 000 customers are some 325 000
    rows, which the ORM's flush takes minutes over (``fanout.py --confirm-only``)."""
    tables: tuple[tuple[Any, Sequence[Any]], ...] = (
        (Service, directory.services),
        (Customer, directory.customers),
        (Contact, directory.contacts),
        (CustomerService, directory.uses),
    )
    for model, rows in tables:
        if rows:
            session.execute(sql_insert(model), [row.model_dump() for row in rows])
    session.flush()


def stored_facts() -> tuple[dict[str, Any], dict[str, Any]]:
    """The facts and narrative as ``flows.usecases.facts.record_facts`` stores them."""
    facts = BreachFacts.model_validate(FACTS_DOCUMENT["facts"]).model_dump(mode="json")
    narrative = Narrative.model_validate(FACTS_DOCUMENT["narrative"]).model_dump(mode="json")
    return facts, narrative


@dataclass(frozen=True, slots=True)
class Owed:
    """One notice the baseline sends, with what its context needs: the engine's rows, in memory."""

    notice: Notice
    customer: Customer
    case: ControllerCase
    contact: Contact
    uses: tuple[CustomerService, ...]


def in_memory(
    directory: Directory,
    *,
    reference: str,
    now: datetime,
    assess: Callable[[dict[str, Any], int], dict[str, Any]],
) -> tuple[Incident, list[Owed]]:
    """The confirmed incident and every notice owed, as the engine's fan-out would store them."""
    from breach.incidents.fanout import first_notice_kind  # noqa: PLC0415
    from breach.notices.store.outbox import notice_key  # noqa: PLC0415

    facts, narrative = stored_facts()
    incident = Incident(
        reference=reference,
        title=TITLE,
        description=DESCRIPTION,
        status=IncidentStatus.NOTIFYING,
        detected_at=now - timedelta(hours=3),
        aware_at=now,
        reported_at=now - timedelta(hours=2),
        reported_by="bench-security",
        facts=facts,
        narrative=narrative,
        updated_at=now,
    )
    shared = next(s for s in directory.services if s.code == SERVICE_CODE)
    uses_by_customer: dict[Any, list[CustomerService]] = {}
    for use in directory.uses:
        if use.service_id == shared.id:
            uses_by_customer.setdefault(use.customer_id, []).append(use)
    owed: list[Owed] = []
    assessments: dict[int, dict[str, Any]] = {}
    for customer, contact in zip(directory.customers, directory.contacts, strict=True):
        uses = uses_by_customer[customer.id]
        subjects = sum(u.data_subjects for u in uses)
        if subjects not in assessments:
            assessments[subjects] = assess(facts, subjects)
        case = ControllerCase(
            incident_id=incident.id,
            customer_id=customer.id,
            data_subjects=subjects,
            assessment=assessments[subjects],
            created_at=now,
        )
        kind = first_notice_kind(customer.role)
        notice = Notice(
            notice_key=notice_key(reference, kind, 1, customer.id),
            incident_id=incident.id,
            case_id=case.id,
            customer_id=customer.id,
            kind=kind,
            phase=1,
            language=customer.language,
            status=NoticeStatus.SENDING,
            contact_id=contact.id,
            created_at=now,
        )
        owed.append(Owed(notice, customer, case, contact, tuple(uses)))
    return incident, owed


def service_names(directory: Directory) -> dict[Any, str]:
    return {s.id: s.name for s in directory.services}


def total(owed: Sequence[Owed]) -> int:
    return len(owed)
