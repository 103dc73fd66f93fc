"""A risk reason's source cited as the reader's country cites it (issue 17): one style per document."""

from __future__ import annotations

import pytest

from breach.risk.reasons import REASONS
from notifications.i18n.catalogues import LANGUAGES, variants
from notifications.i18n.citations import CitationError, cite

EXAMPLES = [
    ("GDPR Art. 33(1)", "en", "GDPR Art. 33(1)"),
    ("GDPR Art. 33(1)", "nl", "art. 33, lid 1, AVG"),
    ("GDPR Art. 33(1)", "nl_NL", "artikel 33, lid 1, AVG"),
    ("GDPR Art. 33(1)", "fr", "art. 33, §\u00a01er, RGPD"),
    ("GDPR Art. 33(1)", "fr_FR", "article 33, paragraphe 1, du RGPD"),
    ("GDPR Art. 33(1)", "de", "Art. 33 Abs. 1 DSGVO"),
    ("GDPR Art. 34(3)(a)", "nl_NL", "artikel 34, lid 3, onder a, AVG"),
    ("GDPR Art. 34(3)(a)", "fr_FR", "article 34, paragraphe 3, point a), du RGPD"),
    ("GDPR Art. 34(3)(a)", "de", "Art. 34 Abs. 3 lit. a DSGVO"),
    ("GDPR Art. 34(1) and 34(2)", "fr", "art. 34, §§\u00a01er et 2, RGPD"),
    ("GDPR Art. 9 and 10", "fr_FR", "articles 9 et 10 du RGPD"),
    ("EDPB Guidelines 01/2021, CASES No. 04, 07 and 18", "de", "EDSA-Leitlinien 01/2021, Fälle Nr. 04, 07 und 18"),
    ("EDPB Guidelines 9/2022, Annex B, example iv", "nl", "EDPB-richtsnoeren 9/2022, bijlage B, voorbeeld iv"),
    ("ENISA 2013 severity methodology, section 4", "en", "ENISA severity methodology (2013), section 4"),
]


@pytest.mark.parametrize(("source", "words", "expected"), EXAMPLES)
def test_a_source_is_cited_in_the_readers_style(source: str, words: str, expected: str) -> None:
    assert cite(source, words) == expected


@pytest.mark.parametrize("words", [*LANGUAGES, *variants()])
def test_every_reasons_source_can_be_cited(words: str) -> None:
    """Each source of breach.risk.reasons, in each language and variant: none is left in the core's English."""
    for spec in REASONS.values():
        cited = cite(spec.source, words)
        assert cited
        if words != "en":
            assert "GDPR" not in cited
            assert "Guidelines" not in cited


def test_a_source_in_an_unknown_form_is_refused() -> None:
    with pytest.raises(CitationError, match="cannot word"):
        cite("GDPR Recital 85", "nl")
