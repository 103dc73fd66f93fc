"""Dates, times and numbers per locale (notifications.i18n.formats): the exact strings a reader gets."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from breach.deadlines.status import format_local
from notifications.i18n import formats
from notifications.render.rendering import RenderError, environment

NNBSP = "\u202f"  # CLDR's group separator in French: a narrow no-break space
BRUSSELS = "Europe/Brussels"

# 2025-10-26: clocks go back at 03:00 CEST, so 02:30 happens twice in Brussels, an hour apart.
FIRST_0230 = datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
SECOND_0230 = datetime(2025, 10, 26, 1, 30, tzinfo=UTC)
END_OF_DAY = datetime(2025, 4, 29, 21, 59, 59, tzinfo=UTC)
SAO_PAULO = datetime(2025, 7, 17, 19, 30, tzinfo=UTC)  # a zone the tz database writes as "-03", not in letters

MOMENTS = {
    "nl": (
        "26 oktober 2025 om 02:30 CEST (UTC+02:00)",
        "26 oktober 2025 om 02:30 CET (UTC+01:00)",
        "29 april 2025 om 23:59:59 CEST (UTC+02:00)",
        "17 juli 2025 om 16:30 America/Sao_Paulo (UTC-03:00)",
    ),
    "fr": (
        "26 octobre 2025 à 02:30 CEST (UTC+02:00)",
        "26 octobre 2025 à 02:30 CET (UTC+01:00)",
        "29 avril 2025 à 23:59:59 CEST (UTC+02:00)",
        "17 juillet 2025 à 16:30 America/Sao_Paulo (UTC-03:00)",
    ),
    "de": (
        "26. Oktober 2025, 02:30 CEST (UTC+02:00)",
        "26. Oktober 2025, 02:30 CET (UTC+01:00)",
        "29. April 2025, 23:59:59 CEST (UTC+02:00)",
        "17. Juli 2025, 16:30 America/Sao_Paulo (UTC-03:00)",
    ),
    "en": (
        "26 October 2025, 02:30 CEST (UTC+02:00)",
        "26 October 2025, 02:30 CET (UTC+01:00)",
        "29 April 2025, 23:59:59 CEST (UTC+02:00)",
        "17 July 2025, 16:30 America/Sao_Paulo (UTC-03:00)",
    ),
}

NUMBERS = {  # 2300, 1234567
    "nl": ("2.300", "1.234.567"),
    "fr": (f"2{NNBSP}300", f"1{NNBSP}234{NNBSP}567"),
    "de": ("2.300", "1.234.567"),
    "en": ("2,300", "1,234,567"),
}

SCORES = {  # 3.5, 2.25, 3.0, 1234.5, 2.675 (a float just under 2.675, so 2.67), -0.001
    "nl": ("3,5", "2,25", "3", "1.234,5", "2,67", "0"),
    "fr": ("3,5", "2,25", "3", f"1{NNBSP}234,5", "2,67", "0"),
    "de": ("3,5", "2,25", "3", "1.234,5", "2,67", "0"),
    "en": ("3.5", "2.25", "3", "1,234.5", "2.67", "0"),
}


@pytest.mark.parametrize("language", MOMENTS)
def test_a_time_reads_in_the_readers_words(language: str) -> None:
    """Both 02:30s of the autumn change stay apart by zone and offset; seconds show only when there are some."""
    locale = formats.locale_for(language)
    shown = tuple(
        formats.moment(at, tz, locale)
        for at, tz in (
            (FIRST_0230, BRUSSELS),
            (SECOND_0230, BRUSSELS),
            (END_OF_DAY, BRUSSELS),
            (SAO_PAULO, "America/Sao_Paulo"),
        )
    )
    assert shown == MOMENTS[language]


@pytest.mark.parametrize("language", MOMENTS)
def test_a_contexts_local_time_reads_as_the_instant_it_names(language: str) -> None:
    """What a template shows is format_local's instant (the JSON attachment's), only worded for the reader."""
    locale = formats.locale_for(language)
    assert formats.local_text(format_local(SECOND_0230, BRUSSELS), locale) == MOMENTS[language][1]


@pytest.mark.parametrize("language", NUMBERS)
def test_whole_numbers_are_grouped_as_the_locale_groups_them(language: str) -> None:
    locale = formats.locale_for(language)
    assert (formats.number(2300, locale), formats.number(1234567, locale)) == NUMBERS[language]
    assert formats.number(999, locale) == "999"


@pytest.mark.parametrize("language", SCORES)
def test_scores_keep_at_most_two_decimals_in_the_locales_marks(language: str) -> None:
    locale = formats.locale_for(language)
    shown = tuple(formats.score(value, locale) for value in (3.5, 2.25, 3.0, 1234.5, 2.675, -0.001))
    assert shown == SCORES[language]


def test_a_country_picks_its_variant() -> None:
    """Issue 17's variants: an Austrian reader gets "Jänner"; an unlisted country keeps the language's default."""
    assert str(formats.locale_for("nl", "NL")) == "nl_NL"
    assert str(formats.locale_for("fr", "fr")) == "fr_FR"
    assert str(formats.locale_for("nl", "DE")) == "nl_BE"
    assert str(formats.locale_for("en")) == "en_IE"
    january = datetime(2025, 1, 17, 15, 30, tzinfo=UTC)
    assert (
        formats.moment(january, "Europe/Vienna", formats.locale_for("de", "AT"))
        == "17. Jänner 2025, 16:30 CET (UTC+01:00)"
    )
    assert (
        formats.moment(january, "Europe/Berlin", formats.locale_for("de")) == "17. Januar 2025, 16:30 CET (UTC+01:00)"
    )


@pytest.mark.parametrize(("language", "expected"), [("nl", "7/3"), ("fr", "07/03"), ("de", "7.3."), ("en", "7/3")])
def test_a_day_and_month_for_the_timeline(language: str, expected: str) -> None:
    assert formats.day_month(date(2025, 3, 7), formats.locale_for(language)) == expected


def test_refusals_name_the_value() -> None:
    locale = formats.locale_for("en")
    with pytest.raises(formats.FormatError, match="no locale for language 'es'"):
        formats.locale_for("es")
    with pytest.raises(formats.FormatError, match=r"whole number, got True"):
        formats.number(True, locale)
    with pytest.raises(formats.FormatError, match=r"whole number, got 2\.5"):
        formats.number(2.5, locale)
    with pytest.raises(formats.FormatError, match="finite number, got nan"):
        formats.score(float("nan"), locale)
    with pytest.raises(formats.FormatError, match="'2025-03-17T16:30' is not a local time"):
        formats.local_text("2025-03-17T16:30", locale)


@pytest.mark.parametrize("template", ["{{ 2300 | number }}", "{{ 3.5 | decimal }}", "{{ when | moment }}"])
def test_rendering_in_a_language_without_a_locale_fails_loudly(template: str) -> None:
    """No silent fallback to English forms: a notice in a language we have no locale for is a RenderError."""
    page = environment(None).from_string(template)
    assert page.render(language="en", when="2025-03-17 16:30 CET (+01:00)")
    with pytest.raises(RenderError, match="no locale for language 'es'"):
        page.render(language="es", when="2025-03-17 16:30 CET (+01:00)")
