"""An instruction's states: a table and one pure function, like the incident's (``breach.incidents.states``).

DPA clause 9(1): an oral instruction is confirmed by the customer in writing. Clause 9(2): when we believe an
instruction infringes data-protection law, we tell the customer immediately, with our reasons, and may
suspend carrying it out until the customer confirms or changes it. Side effects (the notices, the audit
events) follow from the result in the use cases; nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Final

from breach.clock import to_utc
from breach.errors import IllegalTransition, InvalidInput
from breach.support.support_tasks import text


class InstructionState(StrEnum):
    RECEIVED = "received"
    SUSPENDED = "suspended"
    CONFIRMED = "confirmed"
    AMENDED = "amended"
    WITHDRAWN = "withdrawn"


class Form(StrEnum):
    """How the instruction reached us: an oral one waits for the customer's written confirmation (9(1))."""

    ORAL = "oral"
    WRITTEN = "written"


S = InstructionState

# Each line: from -> the states it may move to, with why the move exists.
TRANSITIONS: Final[Mapping[S, frozenset[S]]] = {
    # Received: carried out once documented. We may suspend it (9(2)); the customer confirms it in writing
    # (9(1); after our concern, 9(2)), changes it or takes it back.
    S.RECEIVED: frozenset({S.SUSPENDED, S.CONFIRMED, S.AMENDED, S.WITHDRAWN}),
    # Suspended (9(2)): we do not carry it out "until the customer confirms or changes it".
    S.SUSPENDED: frozenset({S.CONFIRMED, S.AMENDED, S.WITHDRAWN}),
    # Final: a later instruction is a new one; an amendment's text is kept on the row it changed.
    S.CONFIRMED: frozenset(),
    S.AMENDED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# The moves the customer makes (through the portal, the API, or in writing that we record); suspending is ours.
BY_CUSTOMER: Final = frozenset({S.CONFIRMED, S.AMENDED, S.WITHDRAWN})

MAX_SUMMARY: Final = 4000
MAX_REASONS: Final = 4000


def transition(current: S, target: S) -> S:
    """``target`` if the table allows moving there from ``current``; raise ``IllegalTransition``."""
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise IllegalTransition(current.value, target.value, tuple(sorted(s.value for s in allowed)))
    return target


def is_final(state: S) -> bool:
    return not TRANSITIONS[state]


def awaiting_customer(state: S, form: Form) -> bool:
    """The customer still owes us something: an oral instruction's confirmation, or its word on a suspension."""
    return state is S.SUSPENDED or (state is S.RECEIVED and form is Form.ORAL)


def state(value: str) -> S:
    try:
        return S(value.strip().lower())
    except ValueError:
        raise InvalidInput("state", value, f"expected one of {', '.join(s.value for s in S)}") from None


def customer_move(value: str) -> S:
    """A move the customer may make: confirmed, amended or withdrawn."""
    target = state(value)
    if target not in BY_CUSTOMER:
        raise InvalidInput("state", value, f"expected one of {', '.join(sorted(s.value for s in BY_CUSTOMER))}")
    return target


def form(value: str) -> Form:
    try:
        return Form(value.strip().lower())
    except ValueError:
        raise InvalidInput("form", value, f"expected one of {', '.join(f.value for f in Form)}") from None


def summary(value: str) -> str:
    """What the instruction asks, as we understood it (what the customer is asked to confirm)."""
    return text(value, "summary", required=True, limit=MAX_SUMMARY)


def reasons(value: str) -> str:
    """Why we believe the instruction infringes data-protection law (9(2)): the customer is told them."""
    return text(value, "reasons", required=True, limit=MAX_REASONS)


def amendment(value: str) -> str:
    return text(value, "amendment", required=True, limit=MAX_SUMMARY)


def received(value: datetime, now: datetime) -> datetime:
    at = to_utc(value, "received_at")
    if at > to_utc(now, "now"):
        raise InvalidInput("received_at", at.isoformat(), "is in the future")
    return at


def given_by(value: str) -> str:
    """Who at the customer gave it, as they introduced themselves (a business contact); may be empty."""
    return text(value, "given_by", required=False, limit=200)
