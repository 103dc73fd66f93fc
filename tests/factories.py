"""Fictional directory data for tests (example.org / .test only)."""

from __future__ import annotations

from typing import Any


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


def directory(*customers: dict[str, Any], services: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "services": services
        if services is not None
        else [
            {"code": "mail-hosting", "name": "Hosted e-mail"},
            {"code": "crm-cloud", "name": "CRM cloud"},
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
