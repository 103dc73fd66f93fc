"""The reports we file ourselves with the CSIRT (in Belgium the CCB) as a NIS2 entity: drafts, never sent.

NIS2 Art. 23(4): the **early warning** (a) says whether the significant incident is suspected of being
caused by unlawful or malicious acts and whether it could have a cross-border impact; the **incident
notification** (b) updates it and gives an initial assessment: severity and impact, and indicators of
compromise where available; an **intermediate report** (c), on the CSIRT's request, gives the status as it
stands; the **final report** (d), one month after the notification, gives a detailed description with severity
and impact, the type of threat or root cause, the mitigation applied and ongoing, and any cross-border impact;
while the incident is still ongoing at that date, a **progress report** (e) says so with the same headings,
and the final report follows within one month of our handling it (a final draft of an ongoing incident says
that too). Each renders as Markdown, HTML and JSON through the notices' sandboxed,
strict environment (``notifications.render.rendering.render_templates``; the Markdown's strings made inert as
the packs' are), from ``templates/_nis2/report.{md,html}``, in any language of the catalogues (the CCB
takes en, nl and fr). A fact not known yet reads "not yet known", an indicator we cannot know here
"to be completed": a gap in a report to an authority is shown, never left blank.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict

from notifications.packs.case_packs import RenderedPack
from notifications.render.markdown import inert
from notifications.render.rendering import render_templates

Report = Literal["early_warning", "notification", "intermediate", "final", "progress"]
REPORTS: Final[tuple[Report, ...]] = ("early_warning", "notification", "intermediate", "final", "progress")
# The CLI's names for them, as the events that meet their clocks say them (nis2-early-warning-sent, ...).
REPORT_NAMES: Final[dict[str, Report]] = {
    "early-warning": "early_warning",
    "notification": "notification",
    "intermediate": "intermediate",
    "final": "final",
    "progress": "progress",
}
TEMPLATE: Final = "_nis2/report"


class DraftReason(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    criterion: str
    text: str


class Nis2Draft(BaseModel):
    """Everything a report says; times in ``format_local``'s form for the ``moment`` filter."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    report: Report
    language: Literal["nl", "fr", "de", "en"]
    reference: str
    title: str
    entity: str
    entity_type: str | None
    csirt: str
    generated_at: str
    occurred_at: str | None
    detected_at: str
    aware_of_significance_at: str | None
    decided_by: str | None
    early_warning_due: str | None
    notification_due: str | None
    services: tuple[str, ...]
    significant: bool | None
    criteria: tuple[DraftReason, ...]
    suspected_malicious: bool | None
    cross_border_possible: bool | None
    countries: tuple[str, ...]
    # The initial assessment (notification): severity and impact, as far as the facts go.
    complete_unavailability_minutes: float | None = None
    limited_availability_minutes: float | None = None
    users_limited: int | None = None
    users_data_compromised: int | None = None
    users_in_union: int | None = None
    data_compromised: bool | None = None
    direct_financial_loss_eur: float | None = None
    root_cause: str | None = None
    ongoing: bool | None = None
    # The intermediate, final and progress reports (Art. 23(4)(c)-(e)): our incident's own words, in the
    # report's language where the narrative has them, else in the language it was written in.
    description: str | None = None
    nature: str | None = None
    likely_consequences: str | None = None
    measures_taken: str | None = None
    measures_proposed: str | None = None
    contained_at: str | None = None
    final_report_due: str | None = None


def render_report(draft: Nis2Draft, *, directory: str | None = None) -> RenderedPack:
    """Markdown, HTML and JSON of one report; a missing word, template or field is a ``RenderError``."""
    values: dict[str, Any] = draft.model_dump()
    (markdown,) = render_templates([f"{TEMPLATE}.md"], inert(values), directory=directory)
    (html,) = render_templates([f"{TEMPLATE}.html"], values, directory=directory)
    return RenderedPack(markdown=markdown, html=html, json=draft.model_dump_json(indent=2) + "\n")
