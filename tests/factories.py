"""Fictional directory data for tests (example.org / .test only), and us as the sender of the notices."""

from __future__ import annotations

from typing import Any

from notifications.context.build import Person, Sender

# The processor that notifies, its DPO and its security lead; links point at a loopback address.
SENDER = Sender(
    processor_name="Example Cloud Services BV",
    dpo=Person(name="Dana Example", email="dpo@cloud.example.org", phone="+32 2 000 00 00"),
    security_lead=Person(name="Sam Example", email="security@cloud.example.org"),
    public_url="http://127.0.0.1:8765",
)


def customer(name: str = "Brouwerij Voorbeeld BV", **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": name,
        "language": "nl",
        "timezone": "Europe/Brussels",
        "lead_authority": "BE-GBA",
        "contacts": ["mailto://notify:pw@mail.example.org?to=privacy@brouwerij.example.org"],
        "services": [{"code": "mail-hosting", "data_subjects": 1200}],
    }
    base.update(overrides)
    return base


SERVICE_NAMES: dict[str, dict[str, str]] = {
    "mail-hosting": {
        "en": "Hosted e-mail",
        "nl": "Gehoste e-mail",
        "fr": "Messagerie hébergée",
        "de": "Gehostete E-Mail",
    },
    "crm-cloud": {"en": "CRM cloud", "nl": "CRM in de cloud", "fr": "CRM dans le cloud", "de": "CRM in der Cloud"},
}


def directory(*customers: dict[str, Any], services: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "services": services
        if services is not None
        else [
            # Named in every language its customers read (issue 17): a Dutch notice names "Gehoste e-mail".
            {"code": "mail-hosting", "name": SERVICE_NAMES["mail-hosting"]},
            {"code": "crm-cloud", "name": SERVICE_NAMES["crm-cloud"]},
        ],
        "customers": list(customers),
    }


# A narrative that passes the completeness gate: written where known, the rest marked not yet known.
NARRATIVE: dict[str, Any] = {
    "nature": "Mailboxes on a shared cluster were read by an intruder.",
    "likely_consequences": "Targeted phishing using real correspondence.",
    "measures_taken": "The intruder's account was disabled and credentials rotated.",
    "not_yet_known": ["categories_and_numbers"],
}
