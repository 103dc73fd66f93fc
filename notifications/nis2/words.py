"""The reasons of ``breach.nis2.significance`` as sentences in nl, fr, de and en, each citing its article.

A reason is values only (criterion id, outcome, the figures compared, the facts still unknown); its words
are the catalogues': ``nis2_criterion`` states each criterion with its article as a lawyer of the reader's
country cites it, ``nis2_fact`` names each fact, and the area ``nis2`` frames the outcome. The thresholds
in a criterion's sentence come from ``breach.nis2.rules.T``, so a changed threshold changes the sentence.
A reason stored as JSON (``reason_values``) renders the same as the live one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from babel import Locale

from breach.errors import InvalidInput
from breach.nis2 import Reason, Significance
from breach.nis2.rules import T
from notifications.i18n import formats
from notifications.i18n.catalogues import message

CRITERION: Final = "nis2_criterion"
FACT: Final = "nis2_fact"
AREA: Final = "nis2"
# Figures not shown apart: the criterion's own sentence states the fixed figure and the share.
_STATED: Final = ("_fixed", "_share_percent", "_threshold")
_EARLIER: Final = re.compile(r"earlier\[(?P<index>\d+)\]\.direct_financial_loss_eur")
# Joins figures and facts in a list; punctuation, the same in our four languages.
SEPARATOR: Final = "; "


def _thresholds(locale: Locale) -> dict[str, str]:
    return {
        "loss_eur": formats.number(T.loss_eur, locale),
        "loss_share": formats.score(float(T.loss_turnover_share * 100), locale),
        "users": formats.number(T.users, locale),
        "users_share": formats.score(float(T.users_share * 100), locale),
        "minutes": formats.number(T.complete_unavailability_minutes, locale),
        "limited_minutes": formats.number(T.limited_availability_minutes, locale),
        "months": formats.number(T.recurrence_months, locale),
    }


def criterion_sentence(criterion: str, language: object) -> str:
    """The criterion's rule with its article, in ``language`` (no outcome)."""
    return message(language, CRITERION, criterion) % _thresholds(formats.locale_for(language))


def fact_label(name: str, language: object) -> str:
    """A fact's name in ``language``; ``earlier[i].direct_financial_loss_eur`` names the i+1-th earlier incident."""
    found = _EARLIER.fullmatch(name)
    if found is not None:
        number = formats.number(int(found["index"]) + 1, formats.locale_for(language))
        return message(language, AREA, "earlier_loss") % {"number": number}
    return message(language, FACT, name)


def _value(value: object, language: object, locale: Locale) -> str:
    if isinstance(value, bool):
        return message(language, "yesno", str(value).lower())
    if isinstance(value, int):
        return formats.number(value, locale)
    if isinstance(value, float):
        return formats.score(value, locale)
    return str(value)


def _figures(params: Mapping[str, object], language: object, locale: Locale) -> list[str]:
    shown: list[str] = []
    for name, value in params.items():
        if name.endswith(_STATED):
            continue
        values = {"fact": fact_label(name, language), "value": _value(value, language, locale)}
        threshold = params.get(f"{name}_threshold")
        if threshold is not None:
            values["threshold"] = _value(threshold, language, locale)
            shown.append(message(language, AREA, "figure_against") % values)
        else:
            shown.append(message(language, AREA, "figure") % values)
    return shown


def sentence(
    criterion: str,
    outcome: str,
    params: Mapping[str, object],
    unknown: Sequence[str],
    language: object,
) -> str:
    """One reason as a sentence: the outcome, the criterion with its article, the figures or the unknown facts."""
    if outcome not in ("met", "not_met", "open"):
        raise InvalidInput("outcome", outcome, "expected met, not_met or open")
    locale = formats.locale_for(language)
    values = {"criterion": criterion_sentence(criterion, language)}
    if outcome == "open":
        values["unknown"] = SEPARATOR.join(fact_label(name, language) for name in unknown)
    text = message(language, AREA, f"reason_{outcome}") % values
    figures = _figures(params, language, locale)
    if figures:
        text += " " + message(language, AREA, "figures") % {"figures": SEPARATOR.join(figures)}
    return text


def reason_sentence(reason: Reason, language: object) -> str:
    """``reason`` of ``breach.nis2.significance`` in ``language``."""
    return sentence(reason.criterion, reason.outcome, reason.params, reason.unknown, language)


def reason_values(reason: Reason) -> dict[str, Any]:
    """``reason`` as JSON values (stored in the audit event of an assessment, answered by the API)."""
    return {
        "criterion": reason.criterion,
        "article": reason.article,
        "outcome": reason.outcome,
        "params": dict(reason.params),
        "unknown": list(reason.unknown),
    }


def stored_sentence(values: Mapping[str, Any], language: object) -> str:
    """A reason stored by ``reason_values`` in ``language``."""
    return sentence(values["criterion"], values["outcome"], values["params"], values["unknown"], language)


def answer(significant: bool | None, language: object) -> str:
    """The answer in one word or two: significant, not significant, not yet known."""
    key = {True: "answer_true", False: "answer_false", None: "answer_none"}[significant]
    return message(language, AREA, key)


def unknown_facts(names: Sequence[str], language: object) -> str:
    """The facts that still decide the answer, named in ``language``."""
    return SEPARATOR.join(fact_label(name, language) for name in names)


def sentences(result: Significance, language: object) -> list[str]:
    """Every reason of ``result`` in ``language``, in the table's order."""
    return [reason_sentence(reason, language) for reason in result.reasons]
