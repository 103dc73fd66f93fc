"""Support packs per case (DPA clause 8(1)(c)-(e)): drafts the controller adopts, never sends in our name.

- ``authority``: a notification draft per supervisory authority concerned (GDPR Art. 33(3)), laid out as
  that authority asks (``LAYOUTS``): the Belgian GBA / APD form's sections (filed in nl, fr or de), the
  Dutch AP's online-form sections with numbers as minimum and maximum, the canonical Art. 33(3) order for
  the others; with the controller's deadline and, when late, a reasons-for-delay field (Art. 33(1)).
- ``subjects``: a communication to the data subjects in plain language (Art. 34(2)) with concrete advice
  per data category, and the public-communication variant (Art. 34(3)(c)). It draws only on the text our
  security team wrote for the people affected (``Narrative.for_data_subjects``) and the advice per data
  category, never on the texts written for the controller; one letter per group of people affected
  (employees, customers ...: the customer's uses of the affected services), each addressed to them.
- ``dpia``: what we know as processor for the customer's data protection impact assessment (Art. 35(7);
  DPA clause 8(1)(d)): the processing on the affected services, the appendix's technical and organisational
  measures and which failed, the risks observed, the measures taken or proposed, and the sections only the
  controller can write, marked as its own (``notifications.packs.dpia``).

Pure: ``pack_context`` builds the typed context from loaded rows; ``render_pack`` renders it through the
notices' sandboxed, strict environment (``notifications.render.rendering.environment``) from
``templates/pack_<kind>/<language>.{md,html}`` and the shared wording ``templates/_packs/``; the JSON form
is the context itself (the canonical payload). The drafts are in the customer's language; an authority
that does not take that language is named with the languages it does take.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict

from breach.clock import to_utc
from breach.db.models.directory import Customer, CustomerService, Service
from breach.db.models.incidents import CaseReport, ControllerCase, Deadline, Incident
from breach.deadlines.status import format_local
from breach.directory.authorities import AUTHORITIES
from breach.directory.authorities.model import Filing, Layout
from breach.directory.authorities.naming import shown_name
from breach.incidents.languages import reading
from breach.incidents.narrative import Narrative
from breach.incidents.states import is_final
from breach.vocabulary import SUBJECT_KINDS
from notifications.context.build import (
    AssessmentView,
    FactsView,
    NarrativeView,
    Sender,
    assessment_view,
    facts_view,
    narrative_view,
)
from notifications.packs.directory_view import ServicesView, services_view
from notifications.packs.dpia import DpiaView, dpia_view
from notifications.render.markdown import inert
from notifications.render.rendering import render_templates

PackKind = Literal["authority", "subjects", "dpia"]
PACK_KINDS: Final[tuple[PackKind, ...]] = ("authority", "subjects", "dpia")
PackFormat = Literal["md", "html", "json"]
PACK_FORMATS: Final[tuple[PackFormat, ...]] = ("md", "html", "json")

# The sections of each authority's form, in its order (LAW.md section 3, "Authorities").
LAYOUTS: Final[Mapping[Layout, tuple[str, ...]]] = {
    # GBA / APD notification form (PDF through its portal): controller, the breach, times, data and people,
    # consequences, measures, communication to the data subjects, delay.
    "be_gba": (
        "controller",
        "phase",
        "timeline",
        "nature",
        "data",
        "people",
        "consequences",
        "measures",
        "subjects",
        "delay",
    ),
    # AP online form: about this notice, contacts, timeline, what happened, personal data (numbers as minimum
    # and maximum), the people affected, measures before the breach, consequences, follow-up.
    "nl_ap": (
        "phase",
        "controller",
        "timeline",
        "nature",
        "data",
        "people",
        "before",
        "consequences",
        "follow_up",
        "delay",
    ),
    # GDPR Art. 33(3)(a)-(d) in order, after the timeline the Art. 33(1) deadline runs on (CNIL, BfDI and DPC
    # forms ask the dates first), with the reasons for delay.
    "canonical": ("phase", "timeline", "nature", "data", "people", "controller", "consequences", "measures", "delay"),
}


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AuthorityDraft(_View):
    authority_id: str
    name: str
    country: str
    channel: str
    filing: Filing | None = None  # how to file at the channel (label group ``filing``)
    languages: tuple[str, ...]
    language_accepted: bool
    layout: Layout
    sections: tuple[str, ...]
    lead: bool
    # The authority's reference once the controller notified it: the draft is then a follow-up (Art. 33(4)).
    reference: str | None = None


class ClockView(_View):
    rule: str
    due: str  # in the customer's zone, with its offset
    due_utc: str
    met: str | None = None
    late: bool = False
    delay_reasons: str | None = None


class PackHeader(_View):
    """What every pack opens with: its kind (each pack narrows it), language, whose it is, from whom, when made."""

    kind: str
    language: Literal["nl", "fr", "de", "en"]
    # The lead authority's country: the catalogues' locale variant the draft is worded in (fr_FR under the CNIL).
    country: str | None = None
    reference: str
    title: str
    customer_name: str
    customer_timezone: str
    sender: Sender
    generated_at: str


class PackContext(PackHeader):
    kind: PackKind
    occurred_at: str | None
    detected_at: str
    aware_at: str | None  # ours
    customer_aware_at: str | None
    contained_at: str | None = None  # when we brought the breach under control (``breach contain --at``)
    narrative: NarrativeView
    not_yet_known: tuple[str, ...]
    facts: FactsView | None
    assessment: AssessmentView | None
    deadline: ClockView | None  # gdpr.33.1 (authority) or gdpr.34.1 (subjects) of this case
    authorities: tuple[AuthorityDraft, ...] = ()
    # The affected services as this customer uses them: categories and numbers of people (directory_view).
    services: ServicesView = ServicesView()
    # The narrative items shown in ``translation_from`` while their translation is owed (as in a notice).
    translation_follows: tuple[str, ...] = ()
    translation_from: Literal["nl", "fr", "de", "en"] | None = None
    # subjects: the data categories to give advice on, and the channel we recommend.
    advice: tuple[str, ...] = ()
    channel: Literal["individual", "public"] | None = None
    # subjects: the text written for the people affected (Art. 34(2)), and who they are (``SUBJECT_KINDS``
    # codes, one letter each; empty when the directory does not say).
    subjects_text: str | None = None
    subject_groups: tuple[str, ...] = ()
    # dpia: the processor's part of the customer's DPIA.
    dpia: DpiaView | None = None


def _clock(
    rule: str, deadlines: Sequence[Deadline], reports: Sequence[CaseReport], tz: str, now: datetime
) -> ClockView | None:
    row = next((d for d in deadlines if d.rule == rule), None)
    if row is None:
        return None
    due = to_utc(row.due_at, "due_at")
    met = to_utc(row.met_at, "met_at") if row.met_at is not None else None
    late = (met or to_utc(now, "now")) > due
    reasons = row.late_reasons or next(
        (str(r.details["delay_reasons"]) for r in reports if r.details.get("delay_reasons")), None
    )
    return ClockView(
        rule=rule,
        due=format_local(due, tz),
        due_utc=due.isoformat(),
        met=format_local(met, tz) if met is not None else None,
        late=late,
        delay_reasons=reasons if late else None,
    )


def _authorities(customer: Customer, language: str, reports: Sequence[CaseReport]) -> tuple[AuthorityDraft, ...]:
    notified = {
        str(r.details.get("authority") or customer.lead_authority): str(r.details.get("authority_reference"))
        for r in reports
        if r.event == "authority-notified"
    }
    drafts = []
    for index, authority_id in enumerate(dict.fromkeys([customer.lead_authority, *customer.other_authorities])):
        authority = AUTHORITIES[authority_id]
        layout = authority.layout
        drafts.append(
            AuthorityDraft(
                authority_id=authority_id,
                name=shown_name(authority, language, AUTHORITIES[customer.lead_authority].country),
                country=authority.country,
                channel=authority.channel,
                filing=authority.filing,
                languages=authority.languages,
                language_accepted=language in authority.languages,
                layout=layout,
                sections=LAYOUTS[layout],
                lead=index == 0,
                reference=notified.get(authority_id),
            )
        )
    return tuple(drafts)


def pack_context(
    kind: PackKind,
    *,
    incident: Incident,
    case: ControllerCase,
    customer: Customer,
    deadlines: Sequence[Deadline],
    reports: Sequence[CaseReport],
    sender: Sender,
    now: datetime,
    uses: Sequence[tuple[CustomerService, Service]] = (),
) -> PackContext:
    """The context of one pack of ``customer``'s case, as of ``now``; ``uses``: the customer's uses of the
    affected services (the DPIA pack's description of the processing)."""
    tz = customer.timezone
    language = customer.language.value
    narrative = Narrative.stored(incident.narrative)
    seen = reading(narrative, customer.language, title=incident.title)
    facts = facts_view(incident.facts, case.data_subjects, data_kinds=[k for use, _ in uses for k in use.data_kinds])
    assessment = assessment_view(case.assessment, case.override)
    # The clock each draft serves; a DPIA has none of its own (Art. 35 asks it before the processing).
    rule = {"authority": "gdpr.33.1", "subjects": "gdpr.34.1"}.get(kind)
    channel = None
    if kind == "subjects" and assessment is not None:
        proposed = assessment.data_subject_channel
        channel = "public" if proposed == "public" else "individual"
    return PackContext(
        kind=kind,
        language=language,
        country=AUTHORITIES[customer.lead_authority].country,
        reference=incident.reference,
        title=seen["title"] or incident.title,
        customer_name=customer.name,
        customer_timezone=tz,
        sender=sender,
        generated_at=format_local(now, tz),
        occurred_at=format_local(incident.occurred_at, tz) if incident.occurred_at else None,
        detected_at=format_local(incident.detected_at, tz),
        aware_at=format_local(incident.aware_at, tz) if incident.aware_at else None,
        customer_aware_at=format_local(case.aware_at, tz) if case.aware_at else None,
        contained_at=format_local(narrative.contained_at, tz) if narrative.contained_at else None,
        narrative=narrative_view(narrative, seen),
        translation_follows=seen.awaiting,
        translation_from=seen.fallback.value if seen.fallback is not None else None,
        not_yet_known=tuple(sorted(narrative.not_yet_known)),
        facts=facts,
        assessment=assessment,
        deadline=_clock(rule, deadlines, reports, tz, now) if rule is not None else None,
        authorities=_authorities(customer, language, reports) if kind == "authority" else (),
        services=services_view(uses, language=language),
        advice=facts.data_categories if kind == "subjects" and facts is not None else (),
        channel=channel,
        subjects_text=seen["for_data_subjects"] if kind == "subjects" else None,
        subject_groups=_groups(uses) if kind == "subjects" else (),
        dpia=dpia_view(uses, narrative.failed_measures, settled=is_final(incident.status), language=language)
        if kind == "dpia"
        else None,
    )


def _groups(uses: Sequence[tuple[CustomerService, Service]]) -> tuple[str, ...]:
    """The kinds of people affected across the customer's uses of the affected services, in vocabulary order."""
    named = {kind for use, _service in uses for kind in use.subject_kinds}
    return tuple(kind for kind in SUBJECT_KINDS if kind in named)


@dataclass(frozen=True, slots=True)
class RenderedPack:
    markdown: str
    html: str
    json: str

    def as_format(self, fmt: str) -> str:
        return {"md": self.markdown, "html": self.html, "json": self.json}[fmt]


def render_pack(context: PackContext, *, directory: str | None = None) -> RenderedPack:
    """Markdown, HTML and JSON of one pack; a missing template, label or field is a ``RenderError``."""
    return render_draft(f"pack_{context.kind}", context, directory=directory)


def render_draft(folder: str, context: BaseModel, *, directory: str | None = None) -> RenderedPack:
    """A draft from ``templates/<folder>/<language>.{md,html}``; its JSON form is the context itself.

    The HTML form is autoescaped; the Markdown form gets a context whose every string is made inert
    (``notifications.render.markdown``), since a narrative is user input and Markdown passes raw HTML through.
    """
    values: dict[str, Any] = context.model_dump()
    language = values["language"]
    (markdown,) = render_templates([f"{folder}/{language}.md"], inert(values), directory=directory)
    (html,) = render_templates([f"{folder}/{language}.html"], values, directory=directory)
    return RenderedPack(markdown=markdown, html=html, json=context.model_dump_json(indent=2) + "\n")
