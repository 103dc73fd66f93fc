"""The DPA appendix's measures as a table (GDPR Art. 32(1)), the failed measures an incident records, and the
vocabularies the new notices print: each code has words in every language."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from pydantic import ValidationError

from breach.incidents.diffing import changes
from breach.incidents.narrative import Narrative
from breach.records.retention import NARRATIVE_TEXT, NOTICE_TEXT, REMOVED_ITEMS, REPORT_TEXT, Removal
from breach.risk.measures import BY_ID, GROUPS, MEASURES, in_catalogue_order, known_measure
from notifications.i18n.catalogues import label_groups
from notifications.packs.case_packs import PACK_KINDS
from notifications.packs.dpia import CONTROLLER_SECTIONS, dpia_view

LANGUAGES = ("nl", "fr", "de", "en")
# Every label group in every language, as the catalogues hold them.
LABELS = {language: label_groups(language) for language in LANGUAGES}


def test_every_heading_of_the_appendix_has_its_measures_and_article() -> None:
    """Ids are unique; each of the five headings has measures; each measure cites the GDPR."""
    assert len(BY_ID) == len(MEASURES)
    assert {m.group for m in MEASURES} == set(GROUPS)
    assert all(m.citation.startswith("GDPR Art. ") for m in MEASURES)
    assert BY_ID["rapid_recovery"].citation == "GDPR Art. 32(1)(c)"
    assert {m.group for m in MEASURES if "32(1)(d)" in m.citation} == {"testing"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_new_vocabularies_have_words_in_every_language(language: str) -> None:
    """Measures, their headings, the packs and the items a retention run removes are all labelled."""
    labels = LABELS[language]
    assert set(labels["measure"]) == set(BY_ID)
    assert set(labels["measure_group"]) == set(GROUPS)
    assert set(labels["pack"]) == set(PACK_KINDS)
    assert set(labels["removed_item"]) == set(REMOVED_ITEMS)


def test_the_notice_schema_lists_the_catalogue() -> None:
    """The attachment's schema offers failed measures as an optional list of the catalogue's ids."""
    schema = json.loads(
        resources.files("notifications").joinpath("schemas/breach-notice-1.1.json").read_text(encoding="utf-8")
    )
    narrative = schema["properties"]["narrative"]
    assert narrative["properties"]["failed_measures"]["items"]["enum"] == [m.id for m in MEASURES]
    assert "failed_measures" not in narrative.get("required", [])


def test_an_unknown_measure_is_refused_with_the_ones_there_are() -> None:
    """The catalogue is closed: a typo names itself and the valid ids."""
    assert known_measure("isolation") == "isolation"
    with pytest.raises(ValueError, match="unknown measure 'firewall': expected one of physical_access"):
        known_measure("firewall")


@pytest.mark.parametrize(
    ("measures", "problem"),
    [(["firewall"], "unknown measure"), (["isolation", "isolation"], "isolation is named twice")],
)
def test_the_narrative_checks_its_failed_measures(measures: list[str], problem: str) -> None:
    """An unknown or repeated measure makes the narrative invalid, at the failed_measures field."""
    with pytest.raises(ValidationError, match=problem) as caught:
        Narrative.model_validate({"failed_measures": measures})
    assert caught.value.errors()[0]["loc"][0] == "failed_measures"


def test_failed_measures_are_optional_and_stored_as_a_list() -> None:
    """A narrative without them is as before; with them, JSON holds the ids in the order written."""
    assert Narrative().failed_measures == ()
    stored = Narrative(failed_measures=("incident_response", "electronic_access")).model_dump(mode="json")
    assert stored["failed_measures"] == ["incident_response", "electronic_access"]
    assert in_catalogue_order(stored["failed_measures"]) == ("electronic_access", "incident_response")
    assert in_catalogue_order(None) == ()


def test_a_change_of_failed_measures_is_an_update() -> None:
    """Customers already told learn of a newly found root cause (GDPR Art. 33(4))."""
    (change,) = changes(None, None, {"failed_measures": []}, {"failed_measures": ["electronic_access"]})
    assert change == {
        "path": "narrative.failed_measures",
        "group": "measure",
        "kind": "codes",
        "before": [],
        "after": ["electronic_access"],
    }


def test_the_dpia_view_marks_the_failed_measures_under_their_heading() -> None:
    """Every measure is listed under its heading; the failed ones are marked and listed in catalogue order."""
    view = dpia_view([], ["order_control", "electronic_access"], settled=False, language="en")
    assert view.assessed
    assert [g.group for g in view.groups] == list(GROUPS)
    assert view.failed == ("electronic_access", "order_control")
    marked = {m.id for g in view.groups for m in g.measures if m.failed}
    assert marked == {"electronic_access", "order_control"}
    assert sum(len(g.measures) for g in view.groups) == len(MEASURES)
    assert view.controller_sections == CONTROLLER_SECTIONS
    assert view.processing == ()


def test_every_name_a_removal_counts_is_a_removed_item() -> None:
    """Whatever a retention run removes is counted under a name the record of destruction can word."""
    removal = Removal("[removed]")
    removal.text("incident.description", "x")
    removal.text("incident.dismissal_reason", "x")
    removal.mapping("narrative", dict.fromkeys(NARRATIVE_TEXT, "x"), NARRATIVE_TEXT)
    removal.mapping("override", {"reason": "x", "risk": "high"}, ("reason",))
    removal.text("case.acknowledged_by", "x")
    removal.mapping("report", dict.fromkeys(REPORT_TEXT, "x"), REPORT_TEXT)
    removal.text("deadline.late_reasons", "x")
    text_change = {"path": "narrative.nature", "kind": "text", "before": "a", "after": "b"}
    details = {**dict.fromkeys(NOTICE_TEXT, "x"), "changes": [text_change]}
    removal.mapping("notice", details, NOTICE_TEXT)
    for name in ("notice.last_error", "notice.acknowledged_by", "attempt.reason"):
        removal.text(name, "x")
    for name in ("task.title", "task.decision_reason", "task_time.who", "task_time.note"):
        removal.text(name, "x")
    removal.hash_of("sent_message.content", "0" * 64)
    assert set(removal.counts) == set(REMOVED_ITEMS)
