"""The reasons in words: every criterion, outcome and fact renders in nl, fr, de and en, citing its article."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import timedelta

import pytest

from breach.nis2 import CRITERIA, CRITERION_IDS, EarlierIncident, Nis2Facts, significance
from breach.nis2.criteria import PLANNED, PLANNED_ARTICLE
from notifications.i18n.catalogues import LANGUAGES, CatalogueError
from notifications.nis2 import words
from tests.unit.nis2.cases import WHEN, assess

ALL_CRITERIA = (*CRITERION_IDS, PLANNED)
ARTICLES = {**{c: row.article for c, row in CRITERIA.items()}, PLANNED: PLANNED_ARTICLE}
OUTCOMES = ("met", "not_met", "open")
FRAMES = {"en": "Met: ", "nl": "Vervuld: ", "fr": "Rempli : ", "de": "Erfüllt: "}


def _article_number(article: str) -> str:
    return re.search(r"Art\. (\d+)", article)[1]  # type: ignore[index]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("criterion", ALL_CRITERIA)
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_criterion_renders_in_every_language_with_its_article(
    criterion: str, outcome: str, language: str
) -> None:
    """Each reason code reads as a sentence citing the Regulation and its article, in each language."""
    text = words.sentence(criterion, outcome, {}, ("death",) if outcome == "open" else (), language)
    assert "2024/2690" in text
    assert re.search(rf"\b{_article_number(ARTICLES[criterion])}\b", text)
    assert "%(" not in text
    assert "%%" not in text
    if language == "en":
        assert ARTICLES[criterion] in text  # the core's citation, word for word


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_of_every_entity_type_renders(language: str) -> None:
    """Live results, with figures and unknown facts (an earlier incident's loss included), render whole."""
    earlier = EarlierIncident(occurred_at=WHEN - timedelta(days=30), root_cause="expired-certificate")
    for changes in ({}, {"direct_financial_loss_eur": 600_000}, {"earlier": (earlier,)}, {"planned": True}):
        for kind in ("cloud", "data_centre", "msp", "mssp"):
            result = assess(kind, **changes)
            texts = words.sentences(result, language)
            assert len(texts) == len(result.reasons)
            assert all("%(" not in text for text in texts)
    open_result = significance(Nis2Facts(earlier=(earlier,)), entity_type="cloud")
    assert open_result.significant is None
    assert "earlier[0].direct_financial_loss_eur" in open_result.unknown
    assert words.unknown_facts(open_result.unknown, language)


def test_figures_are_worded_in_the_readers_form() -> None:
    """The loss and its threshold read as each country writes numbers; a flag reads yes or no."""
    result = assess("cloud", direct_financial_loss_eur=600_000)
    loss = next(r for r in result.reasons if r.criterion == "cir.3.1.a")
    assert words.reason_sentence(loss, "en").startswith(FRAMES["en"])
    assert "600,000 (threshold: 500,000)" in words.reason_sentence(loss, "en")
    assert "600.000 (drempel: 500.000)" in words.reason_sentence(loss, "nl")
    assert "600\u202f000 (seuil : 500\u202f000)" in words.reason_sentence(loss, "fr")
    death = next(r for r in result.reasons if r.criterion == "cir.3.1.c")
    assert words.reason_sentence(death, "nl").endswith("overlijden van een persoon: nee.")
    assert words.reason_sentence(death, "fr").startswith("Exclu : ")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_fact_has_a_name(language: str) -> None:
    """Each fact the test reads (and each figure a reason gives) is named in each language."""
    names = [f.name for f in fields(Nis2Facts) if f.name != "earlier"]
    names += ["earlier_incidents", "window_months", "significant_on_its_own"]
    for name in names:
        assert words.fact_label(name, language)
    assert "2" in words.fact_label("earlier[1].direct_financial_loss_eur", language)


def test_a_stored_reason_renders_as_the_live_one() -> None:
    """The JSON kept in the audit log reads the same as the reason it came from."""
    for reason in assess("msp", users_limited=60_000, limited_availability_minutes=61).reasons:
        stored = words.reason_values(reason)
        assert words.stored_sentence(stored, "de") == words.reason_sentence(reason, "de")


def test_the_answer_in_words() -> None:
    """True, False and None each have their words."""
    said = [words.answer(v, "nl") for v in (True, False, None)]
    assert said == ["significant", "niet significant", "nog niet gekend"]


def test_no_fallback_for_an_unknown_code() -> None:
    """A code the catalogues do not know is an error, never English or the bare code."""
    with pytest.raises(CatalogueError):
        words.sentence("cir.99", "met", {}, (), "nl")
    with pytest.raises(CatalogueError):
        words.fact_label("no_such_fact", "fr")
