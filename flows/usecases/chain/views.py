"""What a customer is shown of our sub-processors (DPA clause 6(2): named to the customer on request): those
behind the services it uses, the country and transfer ground in its language. Shared by ``GET
/me/subprocessors`` and the portal page, so both say the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from babel import Locale
from sqlmodel import Session

from breach.chain.store import subprocessors
from notifications.i18n.catalogues import message


@dataclass(frozen=True, slots=True)
class SubprocessorView:
    name: str
    country: str
    country_name: str
    agreement_date: date
    services: tuple[str, ...]
    transfer_mechanism: str | None
    # The ground in the customer's language (GDPR Chapter V), or None within the EU/EEA.
    transfer: str | None
    transfer_reference: str


def for_customer(customer_id: UUID, language: str, *, session: Session) -> list[SubprocessorView]:
    """The sub-processors behind the customer's services, by name; their contacts are ours, never shown."""
    territories = Locale.parse(language).territories
    views = []
    for sub, services in subprocessors.behind_customer(customer_id, session=session):
        mechanism = sub.transfer_mechanism.value if sub.transfer_mechanism else None
        views.append(
            SubprocessorView(
                name=sub.name,
                country=sub.country,
                country_name=territories.get(sub.country, sub.country),
                agreement_date=sub.agreement_date,
                services=tuple(s.code for s in services),
                transfer_mechanism=mechanism,
                transfer=message(language, "portal", f"transfer_{mechanism}") if mechanism else None,
                transfer_reference=sub.transfer_reference,
            )
        )
    return views
