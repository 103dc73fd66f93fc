"""An internal alert addressed to one customer's account manager instead of our DPO channel.

The alert notice's details name the customer whose ``account_manager_contact`` it goes to, never the URL
itself: a URL may hold a secret, and details are shown in outbox listings and evidence; a manager whose
contact changes before the alert is sent gets it at the new address.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final
from uuid import UUID

ROUTE: Final = "route"
ACCOUNT_MANAGER: Final = "account_manager"
OF: Final = "account_manager_of"
DISPLAY: Final = "account manager"


def details(customer_id: UUID) -> dict[str, str]:
    """The details that send an alert to ``customer_id``'s account manager only."""
    return {ROUTE: ACCOUNT_MANAGER, OF: str(customer_id)}


def customer_of(details: Mapping[str, Any]) -> UUID | None:
    """The customer whose account manager an alert goes to; None for an alert to our DPO channel."""
    if details.get(ROUTE) != ACCOUNT_MANAGER:
        return None
    try:
        return UUID(str(details.get(OF)))
    except ValueError:
        # A route without a readable customer cannot fall back to another channel: its planning fails.
        return UUID(int=0)
