"""Dates, times and numbers as a reader in a locale expects them, from Babel's CLDR data.

A locale, not only a language: ``locale_for(language, country)`` picks the variant of the country the
customer answers to (nl_NL under the Dutch AP, nl_BE otherwise): notices and packs pass their lead
authority's country (the context's ``country``), as they do for the catalogues' locale variants
(``catalogues.words_for``); the portal and the acknowledgement pages still pass the language alone.
English is en_IE: Ireland is the EEA's English-speaking member state (its DPC is a lead authority in our
directory), and en_IE writes day-month-year and a 24-hour clock, where Babel's bare ``en`` is American
("March 17, 2025, 4:30 PM").

A time keeps what ``breach.deadlines.status.format_local`` decides (the instant on the customer's wall
clock, seconds only when not zero, the tz database abbreviation and the UTC offset, which tell the two
occurrences of an autumn DST hour apart) and words it for the reader: the date in the locale's long form,
the clock in its own, the abbreviation kept as the tz database writes it in every language (CLDR names
zones in some locales only, "MEZ" in German and none in Irish English, so the same instant would read
differently per notice). The word order and any glue ("om", "à") are the catalogue message
``formats.moment``, never Python. Contexts and the JSON attachment keep ``format_local``'s form, which
``local_text`` reads back, so a notice and its attachment cannot disagree on an instant.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Final

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal

from breach.deadlines.status import format_local
from breach.errors import BreachError
from notifications.i18n.catalogues import CatalogueError, message

# The locale of each language we write in when the country says nothing more (see the module's docstring).
LANGUAGE_LOCALES: Final[Mapping[str, str]] = {"nl": "nl_BE", "fr": "fr_BE", "de": "de_DE", "en": "en_IE"}
# The country variants a customer's lead authority can choose (ISO 3166 alpha-2, as in the directory).
COUNTRY_LOCALES: Final[Mapping[tuple[str, str], str]] = {
    ("nl", "NL"): "nl_NL",
    ("nl", "BE"): "nl_BE",
    ("fr", "FR"): "fr_FR",
    ("fr", "BE"): "fr_BE",
    ("fr", "LU"): "fr_LU",
    ("de", "DE"): "de_DE",
    ("de", "AT"): "de_AT",
    ("de", "BE"): "de_BE",
    ("de", "LU"): "de_LU",
    ("en", "IE"): "en_IE",
    ("en", "MT"): "en_MT",
}

# What format_local writes: "2025-03-17 16:30 CET (+01:00)", "2025-04-29 23:59:59 CEST (+02:00)",
# "2025-07-17 16:30 America/Sao_Paulo (-03:00)".
LOCAL_FORM: Final = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2}) (?P<clock>\d{2}:\d{2}(?::\d{2})?) (?P<zone>\S+) \((?P<offset>[+-]\d{2}:\d{2})\)"
)


class FormatError(BreachError):
    """A value cannot be shown to a reader: no locale for its language, or not the kind of value expected."""


def locale_for(language: object, country: str | None = None) -> Locale:
    """The locale a reader of ``language`` gets, in ``country`` when it has its own variant; ``language`` may
    name a catalogue's locale variant itself ("nl_NL", as the web pages carry it)."""
    lang = str(language)
    if "_" in lang and country is None:
        lang, country = lang.split("_", 1)
    if lang not in LANGUAGE_LOCALES:
        raise FormatError(f"locale: no locale for language {lang!r} (we write in {', '.join(LANGUAGE_LOCALES)})")
    chosen = COUNTRY_LOCALES.get((lang, country.upper()), LANGUAGE_LOCALES[lang]) if country else LANGUAGE_LOCALES[lang]
    return Locale.parse(chosen)


def number(value: object, locale: Locale) -> str:
    """A whole number grouped as the locale groups it: en 2,300; nl and de 2.300; fr 2 300 (narrow no-break space)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise FormatError(f"number: expected a whole number, got {value!r}")
    return format_decimal(value, format="#,##0", locale=locale)


def score(value: object, locale: Locale) -> str:
    """A score with at most two decimals, trailing zeros dropped (3.5, 2.25, 3), in the locale's marks."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise FormatError(f"decimal: expected a finite number, got {value!r}")
    # Rounded as Python rounds the float (as the engine always showed it), then only worded by Babel.
    rounded = Decimal(f"{value:.2f}") if isinstance(value, float) else Decimal(value)
    return format_decimal(rounded if rounded else Decimal(0), format="#,##0.##", locale=locale)


def local_text(text: object, locale: Locale) -> str:
    """A time in ``format_local``'s form ("2025-03-17 16:30 CET (+01:00)") worded for the locale's reader:
    nl "17 maart 2025 om 16:30 CET (UTC+01:00)", en "17 March 2025, 16:30 CET (UTC+01:00)"."""
    found = LOCAL_FORM.fullmatch(str(text))
    if found is None:
        raise FormatError(f"time: {text!r} is not a local time such as '2025-03-17 16:30 CET (+01:00)'")
    day = date.fromisoformat(found["date"])
    clock = time.fromisoformat(found["clock"])
    try:
        pattern = message(locale.language, "formats", "moment")
    except CatalogueError as exc:
        raise FormatError(f"time: {exc}") from None
    return pattern % {
        "date": format_date(day, "long", locale=locale),
        "time": format_time(clock, "medium" if clock.second else "short", locale=locale),
        "zone": found["zone"],
        "offset": found["offset"],
    }


def moment(at: datetime, tz: str, locale: Locale) -> str:
    """``at`` on the wall clock of ``tz`` (an IANA name), worded for the locale's reader (see ``local_text``)."""
    return local_text(format_local(at, tz), locale)


def day_month(day: date, locale: Locale) -> str:
    """A day of the month and its month, short, as the locale writes them (en_IE 17/3, nl 17-3, de 17.3.)."""
    return format_skeleton("dM", day, locale=locale)
