"""A narrative per language: how it is written, what each reader is shown, what is still owed (issue 17)."""

from __future__ import annotations

import pytest

from breach.errors import InvalidInput
from breach.incidents.diffing import changes
from breach.incidents.languages import narrative_from_input, reading, untranslated
from breach.incidents.narrative import Narrative
from breach.vocabulary import Language

NL, FR, DE, EN = Language.NL, Language.FR, Language.DE, Language.EN


def test_a_single_string_is_in_the_declared_language() -> None:
    """One string per item is the operator's language, or the section's written_in."""
    assert narrative_from_input({"nature": "Ingebroken."}, declared=NL).in_language("nature", NL) == "Ingebroken."
    declared = narrative_from_input({"written_in": "fr", "nature": "Intrusion."}, declared=NL)
    assert (declared.written_in, declared.in_language("nature", FR), declared.in_language("nature", NL)) == (
        FR,
        "Intrusion.",
        None,
    )


def test_a_mapping_holds_one_text_per_language() -> None:
    """{"nl": ..., "fr": ...}: the declared language's text is the narrative's own, the others translations."""
    n = narrative_from_input({"nature": {"nl": "Ingebroken.", "fr": "Intrusion."}}, declared=NL)
    assert n.nature == "Ingebroken."
    assert n.translations[FR].nature == "Intrusion."
    assert n.in_language("nature", DE) is None


def test_a_stored_narrative_from_before_languages_is_english() -> None:
    """Old rows: plain strings, no written_in; they read as English text."""
    n = Narrative.stored({"nature": "Read by an intruder.", "not_yet_known": ["measures"]})
    assert (n.written_in, n.in_language("nature", EN)) == (EN, "Read by an intruder.")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"nature": {"xx": "?"}}, "narrative.nature.xx"),
        ({"nature": {"fr": 3}}, "narrative.nature.fr"),
        ({"nature": {"fr": "a\x00b"}}, "narrative.nature.fr"),
        ({"nature": {"nl": "a\x00b"}}, "narrative.nature.nl"),
        ({"written_in": "es", "nature": "x"}, "narrative.written_in"),
        ({"title": {"de": "Zwei\nZeilen"}}, "narrative.title.de"),
        ({"fallback_language": "en"}, "narrative.fallback_language"),
        ({"nature": {"fr": "a"}, "translations": {"fr": {"nature": "b"}}}, "narrative.nature.fr"),
        ({"what_happened": "x"}, "narrative.what_happened"),
    ],
)
def test_bad_input_names_the_field_and_the_language(data: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as info:
        narrative_from_input(data, declared=NL)
    assert info.value.field == field


def test_untranslated_names_each_item_and_language_of_the_readers() -> None:
    """What is written in one language is owed in each reader's; the title always is (the incident has one)."""
    n = narrative_from_input(
        {"nature": {"en": "Intrusion.", "nl": "Inbraak."}, "for_data_subjects": "Your e-mail was read."},
        declared=EN,
    )
    assert untranslated(n, {NL, FR, EN}) == [
        ("title", NL),
        ("title", FR),
        ("nature", FR),
        ("for_data_subjects", NL),
        ("for_data_subjects", FR),
    ]
    assert untranslated(n, {EN}) == []


def test_a_reader_gets_its_language_then_the_fallback_with_a_translation_promised() -> None:
    n = narrative_from_input(
        {"nature": {"en": "Intrusion.", "nl": "Inbraak."}, "measures_taken": "Reset."}, declared=EN
    )
    dutch = reading(n, NL, title="Mail intrusion")
    assert (dutch["nature"], dutch["measures_taken"], dutch["title"]) == ("Inbraak.", "Reset.", "Mail intrusion")
    assert dutch.awaiting == ()  # no fallback chosen: shown as written, nothing promised
    promised = reading(n.model_copy(update={"fallback_language": EN}), NL, title="Mail intrusion")
    assert (promised.awaiting, promised.fallback) == (("title", "measures_taken"), EN)
    assert promised.shown_in["nature"] == "nl"


def test_a_translation_added_later_is_an_update_in_its_language_only() -> None:
    before = narrative_from_input({"nature": "Intrusion."}, declared=EN).model_dump(mode="json")
    after = narrative_from_input({"nature": {"en": "Intrusion.", "fr": "Intrusion réseau."}}, declared=EN)
    found = changes(None, None, before, after.model_dump(mode="json"))
    assert found == [
        {
            "path": "narrative.nature",
            "group": None,
            "kind": "text",
            "before": None,
            "after": "Intrusion réseau.",
            "language": "fr",
        }
    ]
