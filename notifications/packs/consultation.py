"""The prior-consultation pack (DPA clause 8(1)(e)): a draft of what GDPR Art. 36(3) asks the controller to
give its supervisory authority, prepared by us as processor, never filed in the controller's name.

Art. 36(3) in order: (a) the responsibilities of the controller, joint controllers and processors — here
what we as processor do for this processing (the customer's services with us, their data and data
subjects); (b) the purposes and means; (c) the measures and safeguards; (d) the DPO's contact details; (e)
the DPIA; (f) anything else the authority asks for (the reasons it gave for suspending its period). Then
the authority's own deadlines (Art. 36(2)): 8 weeks from receipt, 14 if extended within a month, plus the
days suspended. A text the customer has not given yet shows as "to complete".

Pure: ``consultation_context`` builds the typed context from loaded rows; ``render_consultation_pack``
renders ``templates/pack_consultation/<language>.{md,html}`` through the notices' sandboxed, strict
environment (``notifications.render.rendering.environment``) with the shared pack wording ``templates/_packs``;
the JSON form is the context itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from breach.clock import to_utc
from breach.db.models.directory import Customer, CustomerService, Service
from breach.db.models.incidents import Deadline, Incident
from breach.db.models.support import ConsultationEvent, ConsultationRequest
from breach.deadlines.status import format_local, status
from breach.directory.authorities import AUTHORITIES
from breach.directory.authorities.naming import shown_name
from breach.directory.names import name_in
from breach.support.consultations import status_as_of
from notifications.context.build import Sender
from notifications.packs.case_packs import PACK_FORMATS, PackHeader, RenderedPack, render_draft

CONSULTATION_FORMATS: Final = PACK_FORMATS
# The authority's clocks in the order the pack shows them: the period itself, then the extension window.
_CLOCK_ORDER: Final = ("gdpr.36.2", "gdpr.36.2.extension")


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ServiceView(_View):
    """One of our services the planned processing uses, as the directory records the customer's use."""

    code: str
    name: str
    data_kinds: tuple[str, ...]
    subject_kinds: tuple[str, ...]
    data_subjects: int


class AuthorityView(_View):
    authority_id: str
    name: str
    country: str
    channel: str
    languages: tuple[str, ...]
    language_accepted: bool


class ConsultationClock(_View):
    rule: str
    due: str  # in the customer's zone, with its offset
    due_utc: str
    status: str  # breach.deadlines.status.DeadlineStatus value
    met: str | None = None


class Suspension(_View):
    start: str
    end: str | None  # None: still suspended
    days: int | None = None  # stated by the authority
    reason: str | None = None  # what the authority asked for (Art. 36(3)(f))


class ConsultationPackContext(PackHeader):
    kind: Literal["consultation"] = "consultation"
    incident_reference: str | None
    status: str  # breach.vocabulary.ConsultationStatus value
    # The customer's texts; None: not given yet (the pack says "to complete").
    description: str | None
    purposes: str | None
    means: str | None
    safeguards: str | None
    joint_controllers: str | None
    dpia_reference: str | None
    services: tuple[ServiceView, ...]
    authority: AuthorityView
    received_at: str | None
    advised_at: str | None
    extended: bool
    suspensions: tuple[Suspension, ...]
    clocks: tuple[ConsultationClock, ...]


def _given(value: str) -> str | None:
    return value.strip() or None


def _clocks(deadlines: Sequence[Deadline], tz: str, now: datetime) -> tuple[ConsultationClock, ...]:
    rows = sorted(
        (d for d in deadlines if d.rule in _CLOCK_ORDER),
        key=lambda d: (_CLOCK_ORDER.index(d.rule), d.key),
    )
    return tuple(
        ConsultationClock(
            rule=d.rule,
            due=format_local(d.due_at, tz),
            due_utc=to_utc(d.due_at, "due_at").isoformat(),
            status=status(d, now).value,
            met=format_local(d.met_at, tz) if d.met_at is not None else None,
        )
        for d in rows
    )


def _suspensions(events: Sequence[ConsultationEvent], tz: str) -> tuple[Suspension, ...]:
    """The suspensions from the record in time order: stated ones closed at once, the others by a resume."""
    out: list[Suspension] = []
    for event in sorted(events, key=lambda e: to_utc(e.occurred_at, "occurred_at")):
        reason = event.details.get("reason")
        if event.event == "suspension-started":
            days = event.details.get("days")
            out.append(
                Suspension(
                    start=format_local(event.occurred_at, tz),
                    end=None,
                    days=days if isinstance(days, int) else None,
                    reason=str(reason) if reason else None,
                )
            )
        elif event.event == "suspension-ended" and out and out[-1].end is None and out[-1].days is None:
            out[-1] = out[-1].model_copy(update={"end": format_local(event.occurred_at, tz)})
    return tuple(out)


def consultation_context(
    *,
    consultation: ConsultationRequest,
    customer: Customer,
    incident: Incident | None,
    services: Sequence[tuple[CustomerService, Service]],
    deadlines: Sequence[Deadline],
    events: Sequence[ConsultationEvent],
    sender: Sender,
    now: datetime,
) -> ConsultationPackContext:
    """The pack of ``consultation`` as of ``now``, in its customer's language and time zone.

    ``services`` are the customer's uses of our services; the consultation's own list (if any) picks
    from them.
    """
    tz = customer.timezone
    language = customer.language.value
    chosen = set(consultation.services)
    uses = [(use, service) for use, service in services if not chosen or service.code in chosen]
    authority = AUTHORITIES[consultation.authority]
    return ConsultationPackContext(
        language=language,
        country=AUTHORITIES[customer.lead_authority].country,
        reference=consultation.reference,
        title=consultation.title,
        customer_name=customer.name,
        customer_timezone=tz,
        sender=sender,
        generated_at=format_local(now, tz),
        incident_reference=incident.reference if incident is not None else None,
        status=status_as_of(consultation, events, tz, now).value,
        description=_given(consultation.description),
        purposes=_given(consultation.purposes),
        means=_given(consultation.means),
        safeguards=_given(consultation.safeguards),
        joint_controllers=_given(consultation.joint_controllers),
        dpia_reference=_given(consultation.dpia_reference),
        services=tuple(
            ServiceView(
                code=service.code,
                name=name_in(service, language),
                data_kinds=tuple(use.data_kinds),
                subject_kinds=tuple(use.subject_kinds),
                data_subjects=use.data_subjects,
            )
            for use, service in sorted(uses, key=lambda pair: pair[1].code)
        ),
        authority=AuthorityView(
            authority_id=authority.id,
            name=shown_name(authority, language, AUTHORITIES[customer.lead_authority].country),
            country=authority.country,
            channel=authority.channel,
            languages=authority.languages,
            language_accepted=language in authority.languages,
        ),
        received_at=format_local(consultation.received_at, tz) if consultation.received_at else None,
        advised_at=format_local(consultation.advised_at, tz) if consultation.advised_at else None,
        extended=any(e.event == "extension-announced" for e in events),
        suspensions=_suspensions(events, tz),
        clocks=_clocks(deadlines, tz, now),
    )


def render_consultation_pack(context: ConsultationPackContext, *, directory: str | None = None) -> RenderedPack:
    """Markdown, HTML and JSON of the pack; a missing template, label or field is a ``RenderError``."""
    return render_draft("pack_consultation", context, directory=directory)
