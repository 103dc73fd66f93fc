"""What the rendering tests of the further notice kinds share: the kinds, languages, details and roles they run
over, the phrases a reader relies on per language (LAW.md sections 1, 3, 4; DESIGN.md habit 11), and the forms a
reader sees numbers, times and reasons in."""

from __future__ import annotations

import re

from notifications.context.build import (
    ReasonView,
)
from notifications.i18n import formats
from notifications.i18n.catalogues import label_groups
from notifications.i18n.reason_params import REASON_PARAM_GROUPS
from notifications.render.rendering import Rendered
from tests.rendered_text import flattened, visible_text

KINDS = (
    "early_warning",
    "update",
    "risk_recommendation",
    "all_clear",
    "closing",
    "security_incident",
    "contact_check",
    "support_pack",
    "destruction",
)

LANGUAGES = ("nl", "fr", "de", "en")
# Every label group in every language, as the catalogues hold them.
LABELS = {language: label_groups(language) for language in LANGUAGES}
DETAILS = ("full", "minimal")
ROLES = ("controller", "processor")

NARROW_SPACE = "\u202f"

# The suffix of a subject that may repeat an earlier message.
REPEAT = {
    "nl": "(mogelijke herhaling)",
    "fr": "(répétition possible)",
    "de": "(mögliche Wiederholung)",
    "en": "(possible repeat)",
}

# An early warning is not yet a breach, and no 72-hour clock starts with it.
NOT_CONFIRMED = {
    "nl": "nog geen bevestigde inbreuk in verband met persoonsgegevens, en met dit bericht begint geen termijn van "
    "72 uur",
    "fr": "pas encore d'une violation de données à caractère personnel confirmée, et aucun délai de 72 heures",
    "de": "noch nicht um eine bestätigte verletzung des schutzes personenbezogener daten, und mit dieser nachricht "
    "beginnt keine 72-stunden-frist",
    "en": "not yet a confirmed personal data breach, and no 72-hour deadline starts with this message",
}

# An all-clear lets the customer close its case and withdraw its own notification; no deadline applies.
CLOSE_CASE = {
    "nl": "u mag uw eigen dossier over dit incident afsluiten",
    "fr": "vous pouvez clôturer votre propre dossier relatif à cet incident",
    "de": "sie können ihren eigenen vorgang zu diesem vorfall abschließen",
    "en": "you may close your own case about this incident",
}
WITHDRAW = {
    "nl": "kunt u die melding intrekken of met deze informatie aanvullen",
    "fr": "vous pouvez retirer cette notification ou la compléter",
    "de": "können sie diese meldung zurückziehen oder mit diesen informationen ergänzen",
    "en": "you may withdraw that notification or supplement it",
}
NO_DEADLINE = {
    "nl": "er geldt geen termijn",
    "fr": "aucun délai ne s'applique",
    "de": "es gilt keine frist",
    "en": "no deadline applies",
}

# A recommendation leaves the decision, and its record, to the controller (GDPR Art. 33(5)).
CONTROLLER_DECIDES = {
    "nl": "dit is onze aanbeveling, geen beslissing. als verwerkingsverantwoordelijke beslist u",
    "fr": "il s'agit de notre recommandation, non d'une décision. en tant que responsable du traitement, c'est vous "
    "qui décidez",
    "de": "dies ist unsere empfehlung, keine entscheidung. als verantwortlicher entscheiden sie",
    "en": "this is our recommendation, not a decision. as controller, you decide",
}

# A security incident is said not to be a personal data breach.
NOT_A_BREACH = {
    "nl": "is het geen inbreuk in verband met persoonsgegevens",
    "fr": "il ne s'agit pas d'une violation de données à caractère personnel",
    "de": "handelt es sich nicht um eine verletzung des schutzes personenbezogener daten",
    "en": "it is not a personal data breach",
}

# The decimal mark of each language, for scores such as ENISA's, and what groups thousands (CLDR).
DECIMAL_MARK = {"nl": ",", "fr": ",", "de": ",", "en": "."}
THOUSANDS = {"nl": ".", "fr": NARROW_SPACE, "de": ".", "en": ","}

# A value for every param a reason sentence may use (breach.risk.rules.params).
SAMPLE_PARAMS: dict[str, str | int | float] = {
    "data_subjects": 12345,
    "recipients": "known",
    "recipient_count": 2500,
    "dpc": 3.0,
    "ease_of_identification": 0.75,
    "circumstances": 1.25,
    "data_severity": 2.25,
    "severity_score": 3.5,
    "severity": "high",
    "many_subjects": 100,
    "mass_subjects": 10000,
    "risk": "high",
}

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# A time in the contexts' form, for a report line a test makes up.
LOCAL_TIME = "2025-03-16 11:20 CET (+01:00)"
# That form left in a reader's text: a template that shows a time without the ``moment`` filter.
UNWORDED_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def flat_text_and_html(rendered: Rendered) -> tuple[str, str]:
    """The plain text and the visible HTML, each flattened."""
    return flattened(rendered.text), flattened(visible_text(rendered.html))


def grouped_number(value: int, language: str) -> str:
    return f"{value:,}".replace(",", THOUSANDS[language])


def worded_time(local: str, language: str) -> str:
    """A context's local time as a reader of ``language`` sees it.

    The exact forms are tested in tests/unit/notifications/test_formats.py.
    """
    return formats.local_text(local, formats.locale_for(language))


def reason_sentence(language: str, reason: ReasonView) -> str:
    """A reason's sentence as the notice must show it: codes labelled, numbers in the language's form."""
    values: dict[str, str] = {}
    for name, value in reason.params.items():
        if name in REASON_PARAM_GROUPS:
            values[name] = LABELS[language][REASON_PARAM_GROUPS[name]][str(value)]
        elif isinstance(value, int):
            values[name] = grouped_number(value, language)
        else:
            values[name] = f"{value:g}".replace(".", DECIMAL_MARK[language])
    return LABELS[language]["reason"][reason.code] % values
