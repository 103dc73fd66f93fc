"""A customer's objection to a change of our sub-processors (GDPR Art. 28(2)): checked before it is recorded.

An objection is the customer's, given once per change through the portal, the API or our staff (a letter
typed in), with its reasons; it is accepted only from a customer the change concerns and only until the end
of its objection period (rule ``gdpr.28.2``, counted on our calendar: the processor's, in Belgium). What we do
about it (keep the old sub-processor for it, or the customer ends the service) is a person's decision: the
engine records the objection, alerts our DPO and shows it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Final

from breach.clock import to_utc
from breach.errors import Contradiction, InvalidInput, NotFound

MAX_REASONS: Final = 4000


class Channel(StrEnum):
    PORTAL = "portal"
    API = "api"
    # Our staff, typing in an objection that came by letter or e-mail.
    STAFF = "staff"


class PeriodOver(Contradiction):
    """The objection period of the change has ended: too late to object through the engine (API: 409)."""


class AlreadyObjected(Contradiction):
    """The customer objected to this change already: one objection per change and customer (API: 409)."""


class NotConcerned(NotFound):
    """The change does not concern this customer's services: it was not told and may not object to it (API:
    404, as for another customer's case)."""

    def __init__(self, reference: str, customer: str) -> None:
        super().__init__("subprocessor change", reference)
        self.args = (
            f"subprocessor change: {reference} does not concern {customer}: it changes no sub-processor behind "
            "the services it uses, so it was not told of it and may not object",
        )


def reasons(value: str) -> str:
    """The customer's reasons: required (an objection must be "reasoned" to be weighed), one text of at most
    ``MAX_REASONS`` characters, printable."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise InvalidInput("reasons", value, "say why the change is objected to")
    if len(text) > MAX_REASONS:
        raise InvalidInput("reasons", f"{len(text)} characters", f"at most {MAX_REASONS} characters")
    if any(not (ch.isprintable() or ch in "\n\t") for ch in text):
        raise InvalidInput("reasons", "(control characters)", "only printable text, new lines and tabs")
    return text


def channel(value: str) -> Channel:
    try:
        return Channel(value.strip().lower())
    except ValueError:
        raise InvalidInput("channel", value, f"expected one of {', '.join(c.value for c in Channel)}") from None


def check_open(reference: str, until: datetime, now: datetime) -> None:
    """Refuse an objection once the period of ``reference`` has ended (``until`` is its last instant)."""
    if to_utc(now, "now") > to_utc(until, "objection_until"):
        raise PeriodOver(
            "reference", reference, f"its objection period ended at {to_utc(until, 'objection_until').isoformat()}"
        )
