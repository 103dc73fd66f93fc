"""Drafts complete (issue 17): the canonical authority draft's timeline, deadline and delay, people and data
from the directory, and DPIA measures "not yet assessed" while nobody has named what failed.

``pack_context`` is pure, so the rows are built in memory: the Mutuelle of the demo, a French controller
under the CNIL (canonical layout) keeping bank account details on the breached mail service.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from breach.db.models.directory import Customer, CustomerService, Service
from breach.db.models.incidents import ControllerCase, Deadline, Incident
from breach.risk.data_kinds import CATEGORIES_OF_KIND, categories_of
from breach.vocabulary import DATA_KINDS, CustomerRole, IncidentStatus, Language
from notifications.context.build import facts_view
from notifications.delivery.dpo_contact import PLACEHOLDER_DPO
from notifications.packs.case_packs import LAYOUTS, PackContext, PackKind, pack_context, render_pack
from tests.notice_kind_contexts import support_pack_context

NOW = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
AWARE = NOW - timedelta(hours=10)
FACTS: dict[str, Any] = {
    "breach_types": ["confidentiality", "availability"],
    "data_categories": ["identity", "contact", "communications"],
    "data_subjects": 20_000,
    "malicious": True,
    "exfiltration": "cannot_rule_out",
    "recipients": "unknown",
    "availability": "temporary",
}
NARRATIVE: dict[str, Any] = {
    "nature": "Ransomware encrypted the mail storage.",
    "likely_consequences": "Targeted phishing.",
    "measures_taken": "The account was disabled.",
    "ongoing": False,
}


def _pack(
    kind: PackKind,
    *,
    language: Language = Language.EN,
    status: IncidentStatus = IncidentStatus.NOTIFIED,
    narrative: dict[str, Any] | None = None,
    deadline: Deadline | None = None,
    kinds: tuple[str, ...] = ("name", "address", "bank_account"),
) -> PackContext:
    incident = Incident(
        reference="BR-2026-0007",
        title="Ransomware on hosted mail cluster BE-1",
        description="Mail storage encrypted.",
        status=status,
        reported_by="soc@cloud.example.org",
        detected_at=AWARE - timedelta(hours=2),
        aware_at=AWARE,
        reported_at=AWARE,
        updated_at=NOW,
        facts=FACTS,
        narrative=NARRATIVE if narrative is None else narrative,
    )
    customer = Customer(
        name="Mutuelle Exemplaire de Lyon",
        role=CustomerRole.CONTROLLER,
        language=language,
        timezone="Europe/Paris",
        lead_authority="FR-CNIL",
        other_authorities=[],
    )
    case = ControllerCase(
        incident_id=incident.id, customer_id=customer.id, data_subjects=12_000, created_at=NOW, aware_at=AWARE
    )
    mail = Service(code="cloud-mail", name="Hosted e-mail", description="Mailboxes.")
    backup = Service(code="backup-vault", name="Off-site backup", description="Backups.")
    uses = [
        (
            CustomerService(
                customer_id=customer.id,
                service_id=mail.id,
                data_subjects=12_000,
                data_kinds=list(kinds),
                subject_kinds=["customers", "employees"],
            ),
            mail,
        ),
        (CustomerService(customer_id=customer.id, service_id=backup.id, data_subjects=900), backup),
    ]
    return pack_context(
        kind,
        incident=incident,
        case=case,
        customer=customer,
        deadlines=() if deadline is None else (deadline,),
        reports=(),
        sender=support_pack_context().sender,
        now=NOW,
        uses=uses,
    )


def _clock(due: datetime) -> Deadline:
    return Deadline(key="k", rule="gdpr.33.1", start_at=AWARE, due_at=due, created_at=AWARE)


def _section(markdown: str, title: str) -> str:
    """The text of the Markdown section whose heading contains ``title``, up to the next heading."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("### ") and title in line)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    return "\n".join(lines[start:end])


def test_the_canonical_layout_has_the_timeline_the_deadline_runs_on() -> None:
    """CNIL, BfDI and DPC drafts give the dates and the deadline, before what happened."""
    sections = LAYOUTS["canonical"]
    assert sections.index("timeline") < sections.index("nature")
    markdown = render_pack(_pack("authority", deadline=_clock(AWARE + timedelta(hours=72)))).markdown
    timeline = _section(markdown, "Timeline")
    for label in ("Your processor became aware", "You became aware", "Breach contained", "Your deadline"):
        assert label in timeline, label
    assert "15 March 2026" in timeline
    assert "[to complete]" not in timeline


def test_before_the_deadline_the_delay_section_shows_it_and_when_reasons_are_needed() -> None:
    """No "deadline above" without one: the section names the deadline and says reasons follow only after it."""
    markdown = render_pack(_pack("authority", deadline=_clock(AWARE + timedelta(hours=72)))).markdown
    delay = _section(markdown, "Reasons for the delay")
    assert "Your deadline" in delay
    assert "15 March 2026" in delay
    assert "only if you file after this deadline" in delay
    assert "deadline above" not in markdown


def test_without_a_clock_the_draft_says_when_the_deadline_starts() -> None:
    """Before the controller is aware, the timeline and the delay section say how the 72 hours run."""
    markdown = render_pack(_pack("authority")).markdown
    assert "not started yet" in _section(markdown, "Timeline")
    delay = _section(markdown, "Reasons for the delay")
    assert "more than 72 hours after you became aware" in delay
    assert "deadline above" not in markdown


def test_a_late_draft_asks_for_reasons_and_names_the_missed_deadline() -> None:
    """Past the deadline: reasons are needed, the deadline is shown beside the field for them."""
    markdown = render_pack(_pack("authority", deadline=_clock(NOW - timedelta(hours=1)))).markdown
    delay = _section(markdown, "Reasons for the delay")
    assert "must state the reasons" in delay
    assert "Your deadline" in delay
    assert "[to complete]" in delay


def test_people_and_numbers_come_from_the_directory() -> None:
    """Categories of data subjects and approximate numbers per service, not "[to complete]"."""
    context = _pack("authority")
    assert context.services.subject_kinds == ("employees", "customers")
    people = _section(render_pack(context).markdown, "Data subjects concerned")
    assert "Categories of data subjects**: employees; customers" in people
    assert "Hosted e-mail: about 12,000 people (employees; customers)" in people
    assert "Off-site backup: about 900 people" in people
    assert "[to complete]" not in people


def test_a_customer_without_recorded_kinds_is_asked_to_complete_them() -> None:
    """Where the directory says nothing, the draft says so rather than inventing."""
    context = _pack("authority", kinds=())
    assert context.services.subject_kinds == ("employees", "customers")
    bare = context.model_copy(update={"services": context.services.model_copy(update={"subject_kinds": ()})})
    assert "Categories of data subjects**: [to complete]" in render_pack(bare).markdown


@pytest.mark.parametrize("kind", ["authority", "subjects", "dpia"])
def test_the_categories_include_what_the_service_records_list(kind: PackKind) -> None:
    """The Mutuelle keeps bank account details on the mail service: financial data are named in every draft."""
    context = _pack(kind)
    assert context.facts is not None
    assert "financial" in context.facts.data_categories
    assert {"identity", "contact", "communications"} <= set(context.facts.data_categories)
    assert "financial" not in _pack(kind, kinds=("name",)).facts.data_categories  # type: ignore[union-attr]


def test_the_dpia_pack_says_not_yet_assessed_while_the_incident_is_open() -> None:
    """No measure reads "not reported as failed" before anyone has said which failed."""
    context = _pack("dpia")
    assert context.dpia is not None
    assert not context.dpia.assessed
    markdown = render_pack(context).markdown
    assert "not reported as failed" not in markdown
    assert markdown.count("not yet assessed") >= 13
    assert "the investigation of the cause is under way" in markdown


def test_once_named_the_failed_measures_are_marked_and_the_others_not_reported() -> None:
    """With failed measures named, they are marked and the rest are "not reported as failed"."""
    context = _pack("dpia", narrative={**NARRATIVE, "failed_measures": ["electronic_access"]})
    assert context.dpia is not None
    assert context.dpia.assessed
    markdown = render_pack(context).markdown
    assert "not yet assessed" not in markdown
    assert "Electronic access control" in markdown or "electronic access" in markdown.lower()
    assert markdown.count("not reported as failed") == 12


def test_a_closed_incident_without_named_measures_reports_none_as_failed() -> None:
    """After closing, nothing named means nothing reported as failed."""
    context = _pack("dpia", status=IncidentStatus.CLOSED)
    assert context.dpia is not None
    assert context.dpia.assessed
    assert "not yet assessed" not in render_pack(context).markdown


@pytest.mark.parametrize("language", [Language.NL, Language.FR, Language.DE, Language.EN])
@pytest.mark.parametrize("kind", ["authority", "dpia"])
def test_the_new_parts_render_in_every_language(kind: PackKind, language: Language) -> None:
    """Every new word exists in each language: Markdown and HTML render without a gap."""
    for deadline in (None, _clock(AWARE + timedelta(hours=72)), _clock(NOW - timedelta(hours=1))):
        rendered = render_pack(_pack(kind, language=language, deadline=deadline))
        assert rendered.markdown.strip()
        assert "<html" in rendered.html


def test_a_notice_names_the_categories_its_service_records_list() -> None:
    """The notice's facts, like the drafts', add the categories of the data kinds the customer keeps on the
    affected services (breach.risk.data_kinds); an unknown kind is refused, naming the known ones."""
    view = facts_view(FACTS, 12_000, data_kinds=["name", "bank_account", "system_configuration"])
    assert view is not None
    assert view.data_categories == ("communications", "contact", "financial", "identity")
    assert facts_view(FACTS, 12_000) == facts_view(FACTS, 12_000, data_kinds=["name", "address"])
    assert categories_of(["public_information"]) == frozenset()
    with pytest.raises(ValueError, match="unknown data kind 'dna'"):
        categories_of(["dna"])


def test_every_data_kind_of_the_directory_has_its_categories() -> None:
    """The directory's vocabulary and the table agree, so no kind a customer records is left out."""
    assert set(CATEGORIES_OF_KIND) == set(DATA_KINDS)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (Language.EN, "https://notifications.cnil.fr (via the online form)"),
        (Language.FR, "https://notifications.cnil.fr (par le formulaire en ligne)"),
        (Language.NL, "https://notifications.cnil.fr (via het onlineformulier)"),
        (Language.DE, "https://notifications.cnil.fr (über das Onlineformular)"),
    ],
)
def test_the_draft_says_how_to_file_in_its_language(language: Language, words: str) -> None:
    """The authority table's ``filing`` (the CNIL's online form) is worded in the draft's language."""
    context = _pack("authority", language=language)
    assert context.authorities[0].filing == "online_form"
    rendered = render_pack(context)
    assert f"{words}\n" in rendered.markdown  # the next item stays on its own line
    assert words in rendered.html


def test_a_draft_names_our_dpo_by_title_while_the_name_is_a_placeholder() -> None:
    """The processor's contact line never reads "Data Protection Officer" inside a French draft."""
    context = _pack("authority", language=Language.FR)
    unnamed = context.model_copy(update={"sender": context.sender.model_copy(update={"dpo": PLACEHOLDER_DPO})})
    for markdown in (render_pack(unnamed).markdown, render_pack(unnamed).html):
        assert "Data Protection Officer" not in markdown
        assert "Délégué à la protection des données (dpo@example.org)" in markdown
    assert f"{context.sender.dpo.name} ({context.sender.dpo.email})" in render_pack(context).markdown
