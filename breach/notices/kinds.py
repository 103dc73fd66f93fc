"""The table of notice kinds: one row per ``NoticeKind``, everything the engine decides by a notice's kind.

Code asks a kind's row (``KINDS[kind].phased``), never ``if kind is X``: a new kind is one new row here
(with its legal ground beside it), one context model, one template folder and its catalogue messages.
``kinds_where`` gives the kinds a trait selects, for the SQL that filters notices by kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from breach.vocabulary import CustomerRole, DetailLevel, NoticeKind


class Audience(StrEnum):
    """Whom a kind is written for: a customer (its contacts) or our own DPO and security lead."""

    CUSTOMER = "customer"
    INTERNAL = "internal"


class FailureAlert(StrEnum):
    """The internal alert (``notifications.context.models.ALERTS``) raised when a notice of a kind can never
    be delivered."""

    DELIVERY_FAILED = "delivery_failed"
    # A dead contact, not a customer we could not reach at all.
    CONTACT_CHECK_FAILED = "contact_check_failed"


BOTH_DETAILS: Final = (DetailLevel.FULL, DetailLevel.MINIMAL)


@dataclass(frozen=True, slots=True, kw_only=True)
class KindSpec:
    """What one notice kind is, legally and for delivery."""

    audience: Audience = Audience.CUSTOMER
    # Its delivery makes the customer aware (LAW.md "Awareness"): a controller's 72 hours (gdpr.33.1)
    # start and our own duty to tell it (dpa.8.1b) is met.
    starts_clock: bool = False
    # Numbered in the one Art. 33(4) series of a case: the first notice is phase 1, each update the next.
    phased: bool = False
    # The machine-readable JSON document travels with a full notice (notifications.render.payload).
    carries_payload: bool = True
    # The detail levels of the contacts it may go to; a chat channel (minimal) is not confidential.
    detail_levels: tuple[DetailLevel, ...] = BOTH_DETAILS
    # Sent with a link the customer acknowledges receipt through.
    asks_acknowledgement: bool = True
    # Left unacknowledged, it climbs the customer's escalation chain (DPA clause 8(1)(b)).
    escalates: bool = False
    # About an incident; a notice about none (a contact check) is named by its own id.
    about_incident: bool = True
    # A failed try moves on to the customer's next contact; otherwise it is retried to its own contact only.
    tries_other_contacts: bool = True
    failure_alert: FailureAlert = FailureAlert.DELIVERY_FAILED
    # The support packs of the case are attached (to full-detail contacts).
    attaches_packs: bool = False
    # Whom the notice addresses, whatever the customer's own role; None: the customer's role.
    addresses: CustomerRole | None = None
    # Names our security lead beside our DPO: the kinds about a security incident still being handled.
    names_security_lead: bool = False
    # Owed because the incident ended (closed, withdrawn, past retention): its end does not end their duty
    # to be delivered (breach.incidents.duty), where it ends every other kind's.
    owed_after_end: bool = False


_KINDS: dict[NoticeKind, KindSpec] = {
    # GDPR Art. 33(2): the processor notifies the controller without undue delay; the controller's 72
    # hours (Art. 33(1)) run from its awareness, i.e. this notice's delivery (LAW.md "Awareness").
    NoticeKind.INITIAL: KindSpec(starts_clock=True, phased=True, escalates=True, addresses=CustomerRole.CONTROLLER),
    # GDPR Art. 33(2) and 28(4): to a customer that is itself a processor, to pass on to its controllers.
    NoticeKind.PASS_ON: KindSpec(starts_clock=True, phased=True, escalates=True, addresses=CustomerRole.PROCESSOR),
    # GDPR Art. 33(4): information provided in phases, each update continuing the first notice's series.
    NoticeKind.UPDATE: KindSpec(phased=True),
    # Good practice (LAW.md section 3): tell early, then confirm; no clock starts with a suspicion.
    NoticeKind.EARLY_WARNING: KindSpec(names_security_lead=True),
    # GDPR Art. 33(1), 34(1) and 28(3)(f); DPA clause 8(1)(c): our recommendation, the controller decides.
    NoticeKind.RISK_RECOMMENDATION: KindSpec(),
    # No personal data breach after all, or an earlier notice retracted (GDPR Art. 33(4), 5(1)(d)).
    NoticeKind.ALL_CLEAR: KindSpec(owed_after_end=True),
    # The final notice: final facts for the controller's register (GDPR Art. 33(5)).
    NoticeKind.CLOSING: KindSpec(owed_after_end=True),
    # NIS2 Art. 23(1); DORA Art. 30(2)(f): a security incident without personal data.
    NoticeKind.SECURITY_INCIDENT: KindSpec(names_security_lead=True),
    # To our own DPO and security lead (GDPR Art. 38(1), 39(1)(b)), never to a customer.
    NoticeKind.INTERNAL_ALERT: KindSpec(
        audience=Audience.INTERNAL,
        asks_acknowledgement=False,
        carries_payload=False,
        detail_levels=(DetailLevel.FULL,),
    ),
    # DPA clause 8: the channel of one contact tested before it is needed; a failure is that contact's.
    NoticeKind.CONTACT_CHECK: KindSpec(
        about_incident=False,
        carries_payload=False,
        tries_other_contacts=False,
        failure_alert=FailureAlert.CONTACT_CHECK_FAILED,
    ),
    # DPA clause 8(1)(c)-(e): the support packs, attached; they hold the facts, so full-detail contacts only.
    NoticeKind.SUPPORT_PACK: KindSpec(carries_payload=False, attaches_packs=True, detail_levels=(DetailLevel.FULL,)),
    # DPA clause 10(2): the record of destruction after the retention period; counts, not facts.
    NoticeKind.DESTRUCTION: KindSpec(carries_payload=False, owed_after_end=True),
    # Communications (breach.communications): about no incident, known by their COM- reference, acknowledged
    # by link; a reminder and then our DPO follow when nobody does (flows.usecases.communications.reminders).
    # DPA clause 4(1): a data subject's request holds the person's data, so full-detail contacts only.
    NoticeKind.SUBJECT_REQUEST: KindSpec(
        about_incident=False, carries_payload=False, detail_levels=(DetailLevel.FULL,)
    ),
    # DPA clause 5(a); GDPR Art. 37(7): our DPO's new contact; a chat channel gets it too (no personal data
    # of data subjects, and the contact is what the clause says must be easy to reach).
    NoticeKind.DPO_CHANGE: KindSpec(about_incident=False, carries_payload=False),
    # DPA clause 5(e): an authority's inspection or measure; a chat channel is told only that one concerns the
    # processing, the full notice what we may disclose.
    NoticeKind.AUTHORITY_INSPECTION: KindSpec(about_incident=False, carries_payload=False),
    # GDPR Art. 28(2); DPA clause 6: an intended change of our sub-processors (added, replaced, moved, a new
    # transfer ground) and until when the customer may object (rule gdpr.28.2); no personal data, so a chat
    # channel gets it too.
    NoticeKind.SUBPROCESSOR_CHANGE: KindSpec(about_incident=False, carries_payload=False),
    # DPA clause 9(1): an oral instruction, as we understood it, for the customer to confirm in writing; what
    # the customer instructs about its processing goes to full-detail contacts only.
    NoticeKind.INSTRUCTION_CONFIRMATION: KindSpec(
        about_incident=False, carries_payload=False, detail_levels=(DetailLevel.FULL,)
    ),
    # DPA clause 9(2): an instruction we believe infringes data-protection law, our reasons, and whether we
    # suspend it until the customer confirms or changes it; full-detail contacts only.
    NoticeKind.INSTRUCTION_CONCERN: KindSpec(
        about_incident=False, carries_payload=False, detail_levels=(DetailLevel.FULL,)
    ),
}

KINDS: Final[Mapping[NoticeKind, KindSpec]] = MappingProxyType(_KINDS)


def kinds_where(trait: Callable[[KindSpec], bool]) -> tuple[NoticeKind, ...]:
    """The kinds whose row has ``trait``, in ``NoticeKind``'s order (for SQL: ``col(Notice.kind).in_(...)``)."""
    return tuple(kind for kind in NoticeKind if trait(KINDS[kind]))


# The first notice of a case: its delivery makes the customer aware and starts its clocks.
FIRST_NOTICES: Final = kinds_where(lambda spec: spec.starts_clock)
