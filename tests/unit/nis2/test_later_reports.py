"""The intermediate, final and progress reports to the CSIRT (NIS2 Art. 23(4)(c)-(e)) render in Markdown, HTML
and JSON, in en, nl and fr (the CCB's languages) and de, with the headings the article asks for and the
incident's own texts; a gap reads "not yet known", and an ongoing incident's final draft says what (e) asks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from notifications.nis2.drafts import REPORT_NAMES, REPORTS, DraftReason, Nis2Draft, render_report

BASE: dict[str, Any] = {
    "language": "en",
    "reference": "INC-2026-0042",
    "title": "Mailbox intrusion",
    "entity": "Example Hosting BV",
    "entity_type": "cloud",
    "csirt": "CCB",
    "generated_at": "2026-12-20 10:00 CET (+01:00)",
    "occurred_at": "2026-11-27 07:40 CET (+01:00)",
    "detected_at": "2026-11-27 08:50 CET (+01:00)",
    "aware_of_significance_at": "2026-11-27 10:00 CET (+01:00)",
    "decided_by": "alice@example.org",
    "early_warning_due": "2026-11-28 10:00 CET (+01:00)",
    "notification_due": "2026-11-30 10:00 CET (+01:00)",
    "services": ("mail-hosting",),
    "significant": True,
    "criteria": (DraftReason(criterion="cir.7.c", text="Art. 7(c) met."),),
    "suspected_malicious": True,
    "cross_border_possible": True,
    "countries": ("BE", "FR"),
    "root_cause": "stolen-credentials",
    "ongoing": False,
    "description": "EDR alert on the shared mail cluster.",
    "nature": "Mailboxes were read by an intruder.",
    "likely_consequences": None,
    "measures_taken": "Credentials rotated.",
    "measures_proposed": "Hardware keys for all administrators.",
    "contained_at": "2026-11-27 12:00 CET (+01:00)",
    "final_report_due": "2026-12-30 10:00 CET (+01:00)",
}
# The report's title, the headings Art. 23(4)(d) asks for, and "not yet known", per language.
WORDS = {
    "en": {
        "intermediate": "Intermediate report (NIS2 Art. 23(4)(c))",
        "final": "Final report (NIS2 Art. 23(4)(d))",
        "progress": "Progress report (NIS2 Art. 23(4)(e))",
        "description": "Detailed description of the incident",
        "cause": "Type of threat or root cause",
        "mitigation": "Mitigation measures applied and ongoing",
        "cross_border": "Cross-border impact",
        "nyk": "not yet known",
    },
    "nl": {
        "intermediate": "Tussentijds verslag (NIS2, art. 23, lid 4, c))",
        "final": "Eindverslag (NIS2, art. 23, lid 4, d))",
        "progress": "Voortgangsverslag (NIS2, art. 23, lid 4, e))",
        "description": "Gedetailleerde beschrijving van het incident",
        "cause": "Soort bedreiging of grondoorzaak",
        "mitigation": "Toegepaste en lopende risicobeperkende maatregelen",
        "cross_border": "Grensoverschrijdende gevolgen",
        "nyk": "nog niet gekend",
    },
    "fr": {
        "intermediate": "Rapport intermédiaire (NIS2, article 23, paragraphe 4, point c))",
        "final": "Rapport final (NIS2, article 23, paragraphe 4, point d))",
        "progress": "Rapport d'avancement (NIS2, article 23, paragraphe 4, point e))",
        "description": "Description détaillée de l'incident",
        "cause": "Type de menace ou cause profonde",
        "mitigation": "Mesures d'atténuation appliquées et en cours",
        "cross_border": "Impact transfrontière",
        "nyk": "pas encore connu",
    },
    "de": {
        "intermediate": "Zwischenbericht (Art. 23 Abs. 4 Buchst. c NIS2)",
        "final": "Abschlussbericht (Art. 23 Abs. 4 Buchst. d NIS2)",
        "progress": "Fortschrittsbericht (Art. 23 Abs. 4 Buchst. e NIS2)",
        "description": "Ausführliche Beschreibung des Sicherheitsvorfalls",
        "cause": "Art der Bedrohung oder zugrunde liegende Ursache",
        "mitigation": "Angewandte und laufende Abhilfemaßnahmen",
        "cross_border": "Grenzüberschreitende Auswirkungen",
        "nyk": "noch nicht bekannt",
    },
}


def _draft(report: str, language: str, **changes: Any) -> Nis2Draft:
    return Nis2Draft.model_validate({**BASE, "report": report, "language": language, **changes})


def test_every_report_has_a_cli_name() -> None:
    assert set(REPORT_NAMES.values()) == set(REPORTS)
    assert {"intermediate", "final", "progress"} <= set(REPORT_NAMES)


@pytest.mark.parametrize("language", list(WORDS))
@pytest.mark.parametrize("report", ["final", "progress"])
def test_final_and_progress_reports_carry_what_art_23_4_d_asks(report: str, language: str) -> None:
    """Title, detailed description, root cause, mitigation applied and ongoing, cross-border impact, in every
    format; the consequences not written yet read "not yet known"."""
    words = WORDS[language]
    rendered = render_report(_draft(report, language))
    for text in (rendered.markdown, rendered.html.replace("&#39;", "'")):
        assert words[report] in text
        for heading in ("description", "cause", "mitigation", "cross_border"):
            assert words[heading] in text, (heading, report, language)
        for value in ("EDR alert on the shared mail cluster.", "stolen-credentials", "Credentials rotated."):
            assert value in text
        assert "Hardware keys for all administrators." in text
        assert "BE, FR" in text
        assert words["nyk"] in text
    assert rendered.markdown.count("stolen-credentials") == 1  # the root cause once, under its own heading
    data = json.loads(rendered.json)
    assert (data["report"], data["measures_taken"], data["final_report_due"]) == (
        report,
        "Credentials rotated.",
        "2026-12-30 10:00 CET (+01:00)",
    )


@pytest.mark.parametrize("language", list(WORDS))
def test_the_intermediate_report_gives_status_and_mitigation_not_the_final_headings(language: str) -> None:
    words = WORDS[language]
    rendered = render_report(_draft("intermediate", language))
    assert words["intermediate"] in rendered.markdown
    assert words["mitigation"] in rendered.markdown
    assert words["description"] not in rendered.markdown
    assert "## " + words["cross_border"] + "\n" not in rendered.markdown
    assert words["intermediate"] in rendered.html.replace("&#39;", "'")


def test_the_earlier_reports_stay_as_they_were() -> None:
    """The early warning and notification carry none of the later headings."""
    for report in ("early_warning", "notification"):
        markdown = render_report(_draft(report, "en")).markdown
        assert WORDS["en"]["mitigation"] not in markdown
        assert WORDS["en"]["description"] not in markdown
        assert "## Early warning" in markdown


def test_an_ongoing_incident_s_final_draft_points_to_the_progress_report() -> None:
    """Art. 23(4)(e): still ongoing at the final report's due date means a progress report then."""
    ongoing = render_report(_draft("final", "en", ongoing=True)).markdown
    assert "file a progress report then" in ongoing
    assert "file a progress report then" not in render_report(_draft("final", "en")).markdown
    progress = render_report(_draft("progress", "nl", ongoing=True)).markdown
    assert "dit voortgangsverslag wordt nu ingediend" in progress
