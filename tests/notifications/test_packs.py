"""Support packs: every pack renders in every language, laid out per authority, with concrete advice, and the
DPIA support pack leaves the controller's own sections to it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.db import repository
from breach.db.models.directory import CustomerService
from breach.vocabulary import Language
from flows.usecases.support_packs import load_pack
from notifications.i18n.catalogues import label_groups
from notifications.packs.case_packs import PACK_KINDS, PackKind, render_pack
from notifications.packs.dpia import CONTROLLER_SECTIONS
from notifications.render.rendering import RenderError
from tests.factories import SENDER
from tests.record_world import BAKERY, BREWERY, DUTCH, GERMAN, NOW, SUBJECTS_TEXT, World, build, everywhere

LANGUAGES = [lang.value for lang in Language]
# Every label group in every language, as the catalogues hold them.
LABELS = {language: label_groups(language) for language in LANGUAGES}


@pytest.fixture
def world(session: Session, db: Engine) -> World:
    return build(session, db)


def _pack(world: World, customer: str, kind: PackKind, language: str | None = None) -> tuple[str, str, str]:
    context = load_pack(world.incident.reference, customer, kind, session=world.session, sender=SENDER, now=NOW)
    if language is not None:
        context = context.model_copy(update={"language": language})
    rendered = render_pack(context)
    return rendered.markdown, rendered.html, rendered.json


@pytest.mark.parametrize("kind", PACK_KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pack_renders_in_every_language(world: World, kind: PackKind, language: str) -> None:
    """Markdown and HTML render without a gap and JSON is the canonical payload, in each language."""
    markdown, html, payload = _pack(world, BREWERY, kind, language)
    assert "BR-2026-0001" in markdown
    assert f'<html lang="{language}">' in html
    # The letter to the people affected draws only on the text written for them; the drafts for the controller
    # on the controller's narrative.
    assert (SUBJECTS_TEXT if kind == "subjects" else "Mailboxes on a shared cluster") in markdown
    if kind == "subjects":
        assert "Mailboxes on a shared cluster" not in markdown
    assert json.loads(payload)["kind"] == kind
    assert "[to complete]" not in markdown or language == "en"


def test_the_brewery_gets_a_gba_and_an_ap_draft_with_its_late_reasons(world: World) -> None:
    """A Belgian controller with the AP concerned: two drafts, the GBA's first; late, with its reasons."""
    markdown, _, payload = _pack(world, BREWERY, "authority")
    drafts = json.loads(payload)["authorities"]
    assert [(d["authority_id"], d["layout"], d["lead"]) for d in drafts] == [
        ("BE-GBA", "be_gba", True),
        ("NL-AP", "nl_ap", False),
    ]
    assert markdown.index("Gegevensbeschermingsautoriteit") < markdown.index("Autoriteit Persoonsgegevens")
    assert "Waited for the forensic report." in markdown
    assert "GBA-2026-0042" in markdown  # the GBA draft is now a follow-up to that notification
    assert "Aantal registers, maximum" in markdown  # the AP asks numbers as minimum and maximum


def test_an_english_draft_for_the_gba_says_which_languages_it_takes(world: World) -> None:
    """The GBA takes nl, fr or de: a draft in English says so."""
    _case, brewery = world.cases[BREWERY]
    brewery.language = Language.EN
    world.session.add(brewery)
    world.session.flush()
    markdown, _, _ = _pack(world, BREWERY, "authority")
    assert "This authority does not accept this language: file in Dutch, French or German." in markdown


def test_other_authorities_get_the_canonical_layout(world: World) -> None:
    """The CNIL and the Berlin authority's drafts follow Art. 33(3) in order, in French and German."""
    french, _, payload = _pack(world, BAKERY, "authority")
    assert json.loads(payload)["authorities"][0]["layout"] == "canonical"
    assert "Projet de notification à l'autorité de contrôle\u00a0: Commission nationale" in french
    german, _, _ = _pack(world, GERMAN, "authority")
    assert "Entwurf der Meldung an die Aufsichtsbehörde: Berliner Beauftragte für Datenschutz und" in german


def test_the_subjects_pack_gives_advice_per_data_category(world: World) -> None:
    """Credentials, contact and financial data each bring their own concrete advice, in Dutch."""
    markdown, html, _ = _pack(world, DUTCH, "subjects")
    assert "Wijzig nu uw wachtwoord" in markdown
    assert "Let op phishing" in markdown
    assert "laat zo nodig uw kaart blokkeren" in markdown
    assert "Openbare mededeling" in markdown
    assert "Wijzig nu uw wachtwoord" in html


def test_the_bakery_override_recommends_a_communication(world: World) -> None:
    """The DPO's override to high risk shows in the pack; the recommended variant is marked."""
    _, _, payload = _pack(world, BAKERY, "subjects")
    data = json.loads(payload)
    assert data["assessment"]["overridden"] is True


def test_html_escapes_incident_text(world: World) -> None:
    """Incident text is user input: it is escaped in HTML."""
    world.incident.narrative = everywhere(world.incident.narrative, for_data_subjects="<script>x</script>")
    world.session.add(world.incident)
    world.session.flush()
    _, html, _ = _pack(world, BREWERY, "subjects")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_missing_template_is_a_render_error(world: World) -> None:
    """A pack rendered from a folder without its template fails visibly."""
    context = load_pack(world.incident.reference, BREWERY, "authority", session=world.session, sender=SENDER, now=NOW)
    with pytest.raises(RenderError):
        render_pack(context, directory="/nonexistent-templates")


def test_before_the_deadline_no_delay_reasons_are_asked(world: World) -> None:
    """The Dutch customer decided within 72 hours: its draft asks no reasons for delay."""
    context = load_pack(
        world.incident.reference, DUTCH, "authority", session=world.session, sender=SENDER, now=NOW - timedelta(days=9)
    )
    assert context.deadline is not None
    assert context.deadline.late is False
    # The AP draft shows the deadline in its delay section and says reasons follow only after it (issue 17).
    markdown = render_pack(context).markdown
    delay = markdown[markdown.rindex("Redenen voor de vertraging (") :]
    assert "Redenen voor de vertraging zijn alleen nodig als u na deze termijn meldt." in delay
    assert "bovenstaande termijn" not in delay


# The mark of a section only the controller can write, per language (GDPR Art. 35(7)).
YOURS = {
    "nl": "[in te vullen door u, als verwerkingsverantwoordelijke]",
    "fr": "[à compléter par vous, en tant que responsable du traitement]",
    "de": "[von Ihnen als Verantwortlichem zu ergänzen]",
    "en": "[to complete by you, as controller]",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dpia_pack_leaves_the_controllers_sections_to_it(world: World, language: str) -> None:
    """Purposes, necessity and proportionality, its own risks and measures, DPO advice and views: marked its own."""
    markdown, html, payload = _pack(world, BREWERY, "dpia", language)
    assert markdown.count(YOURS[language]) == len(CONTROLLER_SECTIONS)
    assert html.count(YOURS[language]) == len(CONTROLLER_SECTIONS)
    data = json.loads(payload)["dpia"]
    assert data["controller_sections"] == list(CONTROLLER_SECTIONS)
    assert data["processing"][0]["name"] == "Gehoste e-mail"  # the customer reads Dutch (issue 17)
    assert LABELS[language]["measure"]["electronic_access"][1:] in markdown
    assert LABELS[language]["measure_group"]["resilience"][1:] in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dpia_pack_renders_before_facts_and_services_are_known(world: World, language: str) -> None:
    """Without facts, assessment or a recorded use of the services, every gap is said, not left blank."""
    context = load_pack(world.incident.reference, BREWERY, "dpia", session=world.session, sender=SENDER, now=NOW)
    assert context.dpia is not None
    bare = context.model_copy(
        update={
            "language": language,
            "facts": None,
            "assessment": None,
            "dpia": context.dpia.model_copy(update={"processing": ()}),
        }
    )
    rendered = render_pack(bare)
    for shown in (rendered.markdown, rendered.html):
        assert shown.count(YOURS[language]) == len(CONTROLLER_SECTIONS)
    assert "Hosted e-mail" not in rendered.markdown


def test_the_dpia_pack_shows_what_the_customer_keeps_on_each_service(world: World) -> None:
    """The customer's data kinds and subject kinds on the affected service, in its language, escaped in HTML."""
    _case, customer = world.cases[BREWERY]
    ((use, service),) = repository.services_of(customer.id, session=world.session)
    use.data_kinds = ["name", "contact_details"]
    use.subject_kinds = ["customers"]
    service.descriptions = {"nl": "Mailboxen <b>gehost</b> voor klanten."}
    world.session.add_all([use, service])
    world.session.flush()
    markdown, html, _ = _pack(world, BREWERY, "dpia")
    assert LABELS["nl"]["data_kind"]["contact_details"] in markdown
    assert LABELS["nl"]["subject_kind"]["customers"] in markdown
    assert "&lt;b&gt;gehost&lt;/b&gt;" in html


def test_each_group_of_people_affected_gets_its_own_letter_and_salutation(world: World) -> None:
    """Employees and customers affected: a letter each, "Beste medewerker" and "Beste klant"; never the
    controller's texts (its measures proposed tell it to warn its staff, which is no advice to the people)."""
    _case, brewery = world.cases[BREWERY]
    for use in world.session.exec(select(CustomerService).where(CustomerService.customer_id == brewery.id)).all():
        use.subject_kinds = ["customers", "employees"]
        world.session.add(use)
    world.session.flush()
    markdown, html, payload = _pack(world, BREWERY, "subjects")
    assert json.loads(payload)["subject_groups"] == ["employees", "customers"]
    assert markdown.index("Beste medewerker,") < markdown.index("Beste klant,")
    assert "— werknemers" in markdown
    assert "Beste medewerker," in html
    assert "Enforce two-factor authentication." not in markdown  # the controller's measures proposed
    assert markdown.count(SUBJECTS_TEXT) == 3  # two letters and the public communication
