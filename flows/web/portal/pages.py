"""The portal's pages (``templates/_portal``): rendered in the customer's language as written in the country of
its lead authority (``language`` is a catalogue's name: "nl", or the variant "nl_NL"), with who we are in every
footer, and a message page for every refusal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi.responses import HTMLResponse

from flows.settings import Settings
from flows.web.pages import page_environment, page_values, page_words
from notifications.i18n import formats


class PortalPages:
    """The five pages and their words in every language."""

    def __init__(self, settings: Settings) -> None:
        self.env = page_environment("_portal", "login.html", "cases.html", "case.html", "notice.html", "message.html")
        self.settings = settings
        self.strings = page_words("portal")

    def render(self, page: str, language: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = self.env.get_template(page).render(
            **page_values(language),
            t=self.strings[language],
            processor=self.settings.processor_name,
            dpo_name=self.settings.dpo_name,
            dpo_email=self.settings.dpo_email,
            **values,
        )
        return HTMLResponse(html, status_code=status)

    def message(self, language: str, status: int, reason: str) -> HTMLResponse:
        return self.render("message.html", language, status, reason=reason)


def local_time(at: datetime | None, tz: str, language: str) -> str:
    """A time on the customer's wall clock, worded for a reader of ``language`` (a locale variant such as
    "nl_NL" included), or a dash for none."""
    return formats.moment(at, tz, formats.locale_for(language)) if at is not None else "—"
