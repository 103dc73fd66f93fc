"""No real notice leaves without our DPO's name and direct contact (DPA clause 5(a); GDPR Art. 33(3)(b)).

The settings ship with placeholders so the demo and a first try run as they are. Every notice carries
the DPO's name, e-mail and phone, so a batch that would reach a real contact while any of them is still
a placeholder (or empty) is refused as a whole, inside the unit of work that claims it: the claim rolls
back, nothing is sent, rendered or recorded, and the notices wait until the settings are complete. Only
``spool://`` contacts (files on this machine, for the demo and the tests) are exempt. Checked on the
delivery path (``notifications.delivery.prepare``), so no command, flow or API call can go around it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from breach.errors import ConfigurationError
from notifications.context.models import PLACEHOLDER_DPO_NAME, Person

# The defaults of flows.settings (BREACH_DPO_NAME, BREACH_DPO_EMAIL, BREACH_DPO_PHONE): what "not set" means.
PLACEHOLDER_DPO: Final = Person(name=PLACEHOLDER_DPO_NAME, email="dpo@example.org", phone="")
SETTING_NAMES: Final = {"name": "BREACH_DPO_NAME", "email": "BREACH_DPO_EMAIL", "phone": "BREACH_DPO_PHONE"}
# Files on this machine: nobody outside reads them, so the placeholders may stand.
EXEMPT_SCHEMES: Final = frozenset({"spool"})


def unset_dpo_settings(dpo: Person) -> list[str]:
    """The settings of our DPO's contact still at their placeholder or empty, in a stable order."""
    return [
        setting
        for field, setting in SETTING_NAMES.items()
        if not getattr(dpo, field).strip() or getattr(dpo, field) == getattr(PLACEHOLDER_DPO, field)
    ]


def dpo_problem(dpo: Person) -> str | None:
    """The one line that says which settings are missing, or ``None`` when the DPO's contact is complete."""
    unset = unset_dpo_settings(dpo)
    if not unset:
        return None
    verb = "is" if len(unset) == 1 else "are"
    return (
        f"{', '.join(unset)} {verb} not set: every notice must carry our DPO's name and direct contact"
        " (DPA clause 5(a))"
    )


def is_real(url: str) -> bool:
    """Whether a contact reaches someone outside this machine (every scheme but ``spool://``)."""
    return url.split("://", 1)[0].strip().lower() not in EXEMPT_SCHEMES


def refuse_real_sends_without_dpo(contact_urls: Iterable[str], dpo: Person) -> None:
    """Raise ``ConfigurationError`` when a contact is real and our DPO's contact is incomplete."""
    problem = dpo_problem(dpo)
    if problem is not None and any(is_real(url) for url in contact_urls):
        raise ConfigurationError(problem)
