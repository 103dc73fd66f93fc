"""The closed vocabularies of the engine: each a ``StrEnum`` stored by value.

Kept apart from the models so the pure modules (planning, resolution, risk) can use them without
importing SQLModel.
"""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """The languages notices are written in (Belgium's three official languages and English)."""

    NL = "nl"
    FR = "fr"
    DE = "de"
    EN = "en"


class CustomerRole(StrEnum):
    """What the customer is for the data we process (LAW.md section 1, "Roles").

    A ``processor`` customer (a reseller) has no 72-hour clock of its own; it passes our notice on to
    its controllers without undue delay (GDPR Art. 33(2)).
    """

    CONTROLLER = "controller"
    PROCESSOR = "processor"


class DetailLevel(StrEnum):
    """How much of a notice a contact receives: chat channels are not confidential (LAW.md section 3)."""

    FULL = "full"
    MINIMAL = "minimal"


class IncidentStatus(StrEnum):
    REPORTED = "reported"
    INVESTIGATING = "investigating"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    NOTIFYING = "notifying"
    NOTIFIED = "notified"
    CONTAINED = "contained"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class NoticeKind(StrEnum):
    """Every message kind the engine sends (LAW.md section 3; DPA clauses 4(1), 5(a), 5(e), 8, 9(2), 10(2))."""

    EARLY_WARNING = "early_warning"
    INITIAL = "initial"
    PASS_ON = "pass_on"  # noqa: S105  (a notice kind, not a password)
    UPDATE = "update"
    RISK_RECOMMENDATION = "risk_recommendation"
    ALL_CLEAR = "all_clear"
    CLOSING = "closing"
    SECURITY_INCIDENT = "security_incident"
    INTERNAL_ALERT = "internal_alert"
    CONTACT_CHECK = "contact_check"
    # The support packs of one case, attached (DPA clause 8(1)(c)-(e)): full-detail contacts only.
    SUPPORT_PACK = "support_pack"
    # The record of destruction after the retention period (DPA clause 10(2)).
    DESTRUCTION = "destruction"
    # Communications: what the DPA asks us to tell a customer immediately besides a breach (breach.communications).
    # A data subject's request that reached us, forwarded (DPA clause 4(1)).
    SUBJECT_REQUEST = "subject_request"
    # Our DPO changed (DPA clause 5(a)).
    DPO_CHANGE = "dpo_change"
    # An inspection, measure or investigation by an authority concerning the customer's processing (5(e)).
    AUTHORITY_INSPECTION = "authority_inspection"
    # A change of our sub-processors the customer may object to (GDPR Art. 28(2); DPA clause 6).
    SUBPROCESSOR_CHANGE = "subprocessor_change"
    # An oral instruction of the customer's, to be confirmed in writing (DPA clause 9(1)).
    INSTRUCTION_CONFIRMATION = "instruction_confirmation"
    # An instruction we believe infringes data-protection law: our reasons, and whether we suspend it (9(2)).
    INSTRUCTION_CONCERN = "instruction_concern"


class NoticeStatus(StrEnum):
    """The outbox life of a notice. ``sending`` is written before the channel is called, so a notice
    found ``sending`` after a crash was in flight: it is sent again, marked a possible duplicate."""

    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"
    # The notice could not be delivered, and a person of ours reached the customer another way (by
    # telephone) and recorded it: never shown as delivered (DPA 8(1)(b); ``breach record ... reached-by-phone``).
    REACHED_OTHERWISE = "reached_otherwise"


class AttemptOutcome(StrEnum):
    """Apprise's statuses, one-to-one (DESIGN.md section 4), plus ``error`` for our own refusals."""

    SUCCESS = "success"
    FAILURE = "failure"
    PARTIAL = "partial"
    NOMATCH = "nomatch"
    TIMEOUT = "timeout"
    ERROR = "error"


# The DPA's own words for what it processes (clause 2(1)), used in the controller directory.
DATA_KINDS: tuple[str, ...] = (
    "name",
    "address",
    "contact_details",
    "bank_account",
    "master_data",
    "contract_data",
    "customer_history",
    "billing_payment",
    "public_information",
    "system_configuration",
)

# Whose data they are (clause 2(1), "Gegevens onderwerp"; clause 2(3) lists the same categories). Patients,
# pupils and students are not among them: the agreement does not cover processing their data as such, so the
# directory refuses them (each kind here has its salutation in the data-subject letter, in every language).
SUBJECT_KINDS: tuple[str, ...] = (
    "employees",
    "business_partners",
    "customers",
    "prospects",
    "subscribers",
    "suppliers",
    "contact_persons",
)


class SupportTaskKind(StrEnum):
    """What a support task helps a customer with (DPA clause 8(1)(c)-(e)); also the words of a customer's
    service description (``Customer.included_support``), so the billable rule can compare them."""

    AUTHORITY_NOTIFICATION = "authority_notification"  # GDPR Art. 33
    DATA_SUBJECT_COMMUNICATION = "data_subject_communication"  # GDPR Art. 34
    DPIA = "dpia"  # GDPR Art. 35
    PRIOR_CONSULTATION = "prior_consultation"  # GDPR Art. 36
    EVIDENCE = "evidence"  # GDPR Art. 5(2), 28(3)(h)
    OTHER = "other"


class TaskStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class BillableDecision(StrEnum):
    """The DPO's decision on a task's billable proposal (DPA clause 8(2)): billable, or not."""

    CONFIRMED = "confirmed"
    CLEARED = "cleared"


class ConsultationStatus(StrEnum):
    """Where a prior consultation (GDPR Art. 36) stands, from the events recorded for it."""

    PREPARING = "preparing"  # opened with us; the authority has not received it yet
    RECEIVED = "received"  # the authority's 8 (or 14) weeks run
    SUSPENDED = "suspended"  # the authority waits for information it asked for
    ADVISED = "advised"  # the written advice came: the clocks stopped
