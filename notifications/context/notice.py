"""The base of every customer notice's context: what each notice to a customer says, whatever its kind.

Each kind's own model (``notifications.context.kinds``) extends ``NoticeContext`` with only that kind's
fields and fills them from the details stored with the notice (``from_details``, pure). Times are
pre-formatted in the customer's time zone with the offset, so a template cannot show an instant in the
wrong zone (``format_local``'s form, as the JSON attachment shows it; templates word it with ``moment``);
no data subject's personal data is ever in a notice context.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from breach.deadlines.status import format_local
from breach.vocabulary import NoticeKind
from notifications.context.models import (
    AssessmentView,
    AuditStamp,
    DeadlineLine,
    FactsView,
    NarrativeView,
    Sender,
    ServiceLine,
    View,
)


class DoraFactView(View):
    """One fact for a financial entity's own DORA classification (``breach.dora``); None: not known yet."""

    key: str
    kind: str
    value: bool | int | float | str | tuple[str, ...] | None = None
    # A moment's instant in ISO 8601 on UTC, beside its display ``value`` (the JSON attachment's, from 1.4).
    value_utc: str | None = None


class DoraLine(View):
    """One criterion of Delegated Regulation (EU) 2024/1772 with what we know for it."""

    criterion: str
    article: str
    dora: str
    facts: tuple[DoraFactView, ...]


class NoticeContext(View):
    """What every notice to a customer has; a kind's model adds its own fields and names its ``kind``."""

    kind: NoticeKind
    language: Literal["nl", "fr", "de", "en"]
    # The lead authority's country: picks the catalogues' locale variant (nl_NL under the AP, fr_FR under
    # the CNIL) and the CLDR locale, so citations and turns of phrase are that country's.
    country: str | None = None
    notice_key: str
    phase: int
    detail: Literal["full", "minimal"]
    possible_duplicate: bool
    sender: Sender
    customer_name: str
    customer_role: Literal["controller", "processor"]
    customer_timezone: str
    lead_authority: str  # the authority's name as the reader reads it (breach.directory.authorities.naming)
    # The same inside a sentence's parentheses ("..., GBA" rather than "(GBA)"); empty: ``lead_authority``.
    lead_authority_inline: str = ""
    lead_authority_id: str  # its id in breach.directory.authorities, for machines
    other_authorities: tuple[str, ...]
    other_authority_ids: tuple[str, ...]  # in the order of ``other_authorities``
    financial_entity: bool
    telecom_provider: bool
    reference: str
    title: str
    occurred_at: str | None
    detected_at: str
    aware_at: str | None  # our (the processor's) awareness
    sent_at: str
    # The same four instants in ISO 8601 UTC, for the JSON attachment: a machine never parses a display string.
    occurred_at_utc: str | None
    detected_at_utc: str
    aware_at_utc: str | None
    sent_at_utc: str
    services: tuple[ServiceLine, ...]
    narrative: NarrativeView
    # The narrative items shown in ``translation_from`` while their translation into ``language`` is owed
    # (the operator confirmed with a fallback language): the notice says so in its own language.
    translation_follows: tuple[str, ...] = ()
    translation_from: Literal["nl", "fr", "de", "en"] | None = None
    not_yet_known: tuple[str, ...]
    facts: FactsView | None
    assessment: AssessmentView | None
    # gdpr.33.1 counted from this notice's delivery: only for customers that are controllers.
    controller_deadline: DeadlineLine | None
    # Our own contractual clock (dpa.8.1b), shown so the customer sees whether we kept it.
    sla_deadline: DeadlineLine | None
    ack_url: str | None
    portal_url: str | None
    # Only for a financial-entity customer (issue 20): our information for its own classification.
    dora: tuple[DoraLine, ...] = ()
    audit_head: AuditStamp | None = None  # set when the sender plans the batch (notifications.delivery.prepare)

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        """This kind's own fields from the JSON stored with its notice (shown in ``tz``); none by default.

        Each kind takes what is there and leaves the rest empty; its template refuses to render without
        what it needs (``RenderError``), so a gap fails one notice visibly instead of a whole batch.
        """
        return {}


def utc_iso(value: datetime) -> str:
    """An instant in ISO 8601 on UTC, the form of ``DeadlineLine.due_utc``."""
    return value.astimezone(UTC).isoformat()


def stored_instant(value: object, tz: str) -> str:
    """A stored ISO 8601 instant, shown in ``tz``."""
    return format_local(datetime.fromisoformat(str(value)), tz)


def stored_deadline(raw: Mapping[str, Any], tz: str) -> DeadlineLine:
    """A deadline as stored with a notice: ``due_utc`` is the instant; ``due`` is shown again in this
    customer's zone, whatever zone it was written in when the notice was queued."""
    instant = datetime.fromisoformat(str(raw["due_utc"]))
    hours = raw.get("hours")
    return DeadlineLine(rule=str(raw["rule"]), due=format_local(instant, tz), due_utc=str(raw["due_utc"]), hours=hours)
