"""What a change of our DPO (DPA clause 5(a)) and an authority's inspection or measure (clause 5(e)) tell each
customer: checked values, stored as a communication's facts and rendered from them.

Nothing here is a data subject's personal data; the DPO's business contact is what clause 5(a) asks us to give.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, Final

from breach.directory.authorities import authority
from breach.errors import InvalidInput
from breach.support.support_tasks import text

_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE: Final = re.compile(r"^\+?[0-9 ()./-]{6,32}$")
MAX_NOTE: Final = 2000


@dataclass(frozen=True, slots=True)
class DpoContact:
    """Our DPO's direct contact (DPA clause 5(a); GDPR Art. 37(7)): name, e-mail, telephone."""

    name: str
    email: str
    phone: str

    def as_facts(self) -> dict[str, str]:
        return asdict(self)


def dpo_contact(name: str, email: str, phone: str) -> DpoContact:
    clean_name = text(name, "name", required=True, limit=200)
    clean_email = email.strip()
    if not _EMAIL.match(clean_email):
        raise InvalidInput("email", email, "must be an e-mail address")
    clean_phone = phone.strip()
    if clean_phone and not _PHONE.match(clean_phone):
        raise InvalidInput("phone", phone, "must be a telephone number (digits, spaces, + ( ) . / -)")
    return DpoContact(clean_name, clean_email, clean_phone)


def stored_contact(facts: Mapping[str, Any] | None) -> DpoContact | None:
    if not facts:
        return None
    return DpoContact(str(facts.get("name", "")), str(facts.get("email", "")), str(facts.get("phone", "")))


class Action(StrEnum):
    """What the authority does (DPA clause 5(e)): an inspection, a measure (an order, a ban, a fine), or an
    investigation by a competent authority for an infringement of data-protection law."""

    INSPECTION = "inspection"
    MEASURE = "measure"
    INVESTIGATION = "investigation"


class Disclosure(StrEnum):
    """How much we may tell: an authority or a court may keep an investigation confidential, so the customer
    learns what we are allowed to say and no more (DPA clause 5(e))."""

    # Only that an action concerns the processing for the customer.
    FACT_ONLY = "fact_only"
    # Also its subject and the processing it looks at, as written in ``note``.
    SCOPE = "scope"
    # Also the authority's findings or the measure's terms, as written in ``note``.
    FINDINGS = "findings"


def action(value: str) -> Action:
    try:
        return Action(value.strip().lower())
    except ValueError:
        raise InvalidInput("action", value, f"expected one of {', '.join(a.value for a in Action)}") from None


def disclosure(value: str) -> Disclosure:
    try:
        return Disclosure(value.strip().lower())
    except ValueError:
        raise InvalidInput("disclose", value, f"expected one of {', '.join(d.value for d in Disclosure)}") from None


def inspection_facts(authority_id: str, act: Action, disclose: Disclosure, note: str) -> dict[str, Any]:
    """The facts every customer concerned is told; a note only where the disclosure allows one."""
    found = authority(authority_id)
    clean = text(note, "note", required=False, limit=MAX_NOTE)
    if disclose is Disclosure.FACT_ONLY and clean:
        raise InvalidInput("note", clean, "may not be told when only the fact may be disclosed (--disclose fact_only)")
    if disclose is not Disclosure.FACT_ONLY and not clean:
        raise InvalidInput("note", "", f"say what may be disclosed (--disclose {disclose.value})")
    return {"authority": found.id, "action": act.value, "disclose": disclose.value, "note": clean}
