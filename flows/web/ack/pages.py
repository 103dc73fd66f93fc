"""The acknowledgement pages (``templates/_web``), in four languages with who we are in every footer, and
the HTTP status of each refusal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from flows.settings import Settings
from flows.web.pages import page_environment, page_values, page_words
from notifications import ack
from notifications.i18n import formats
from notifications.i18n.catalogues import label

# Each refusal's HTTP status; the page says the same in words.
STATUS: Final[dict[str, int]] = {
    "malformed": 400,
    "forged": 400,
    "not_acknowledgeable": 400,
    "cross_origin": 403,
    "unknown": 404,
    "reused": 409,
    "expired": 410,
}


# A link whose signature does not match cannot say why: altered on its way, or signed by another
# installation (a demo run under another secret, a secret since replaced). The page names both (issue 18).
_WORDS: Final[dict[str, str]] = {"forged": "unverified"}


@dataclass(frozen=True, slots=True)
class Answer:
    """A page and its status."""

    status: int
    html: str


class AckPages:
    """The pages, in four languages, with who we are in every footer."""

    def __init__(self, settings: Settings) -> None:
        self.env = page_environment("_web", "ack.html", "done.html", "refused.html")
        self.settings = settings
        self.strings = page_words("web")

    def render(self, page: str, language: str, status: int = 200, **values: Any) -> Answer:
        html = self.env.get_template(page).render(
            **page_values(language),
            t=self.strings[language],
            processor=self.settings.processor_name,
            dpo_name=self.settings.dpo_name,
            dpo_email=self.settings.dpo_email,
            **values,
        )
        return Answer(status, html)

    def word(self, language: str, name: str) -> str:
        return str(getattr(self.strings[language], name))

    def refused(self, reason: str, language: str, notice: dict[str, str] | None = None) -> Answer:
        words = _WORDS.get(reason, reason)
        return self.render("refused.html", language, STATUS[reason], reason=words, notice=notice)


def view(summary: ack.NoticeSummary) -> dict[str, str]:
    """The notice as its page shows it: times on the customer's wall clock in its reader's locale, the kind in
    its words."""
    locale = formats.locale_for(summary.language, summary.country)

    def local(value: datetime | None) -> str:
        return formats.moment(value, summary.timezone, locale) if value is not None else ""

    return {
        "reference": summary.reference,
        "kind_label": label(summary.words, "kind", summary.kind),
        "customer": summary.customer,
        "delivered": local(summary.delivered_at),
        "acknowledged": local(summary.acknowledged_at),
        "acknowledged_by": summary.acknowledged_by or "",
    }
