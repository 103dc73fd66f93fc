"""Our NIS2 record of an incident as one block: for ``breach show``, the API and the dashboard.

The block is JSON values plus, for each reason, its sentence in the reader's language
(``notifications.nis2.words``). ``decided`` is the decision that holds: a DPO's override, else the test's
last answer; an unmet clock a DPO's "not significant" waives carries that override (``waived``). The
dashboard's lines leave out the override's reason (free text: Prefect shows artifacts to anyone with the UI).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from breach.db.models.incidents import Incident
from breach.deadlines import store as tracking
from breach.deadlines.status import format_local
from breach.incidents.store.recorded import reports_of
from flows.settings import get_settings
from flows.usecases.nis2 import records
from flows.usecases.nis2.assess import EVENT
from flows.usecases.nis2.section import loss_total
from flows.usecases.nis2.waived import waived
from notifications.i18n.catalogues import message
from notifications.nis2 import words


def nis2_block(incident: Incident, *, session: Session, language: str) -> dict[str, Any] | None:
    """Facts, last answer, override, the event that started the clocks and the clocks; None: no NIS2 record."""
    section = records.stored_section(incident.id, session=session)
    assessed = records.latest_assessment(incident.id, session=session)
    override = records.latest_override(incident.id, session=session)
    started = next(
        (r for r in reports_of(session=session, incident_id=incident.id, case_id=None) if r.event == EVENT), None
    )
    if section is None and assessed is None and override is None and started is None:
        return None
    loss = loss_total(section) if section is not None else None
    clocks = [
        d
        for d in tracking.deadlines_of(session=session, incident_id=incident.id)
        if d.rule.startswith("nis2.") and d.case_id is None
    ]
    waivers = waived(clocks, session=session)
    block: dict[str, Any] = {
        "facts": section,
        "direct_financial_loss_eur": str(loss) if loss is not None else None,
        "assessment": None,
        "override": None,
        "decided": None,
        "significance_recorded": None,
        "clocks": [
            {
                "rule": d.rule,
                "start_at": d.start_at.isoformat(),
                "due_at": d.due_at.isoformat(),
                "met_at": d.met_at.isoformat() if d.met_at else None,
                "waived": w.values() if (w := waivers.get(d.id)) is not None else None,
            }
            for d in clocks
        ],
    }
    if assessed is not None:
        values, at, by = assessed
        reasons = [{**r, "text": words.stored_sentence(r, language)} for r in values["reasons"]]
        block["assessment"] = {
            **{k: values[k] for k in ("significant", "criteria", "unknown", "entity_type", "ruleset_version")},
            "answer": words.answer(values["significant"], language),
            "unknown_text": words.unknown_facts(values["unknown"], language),
            "reasons": reasons,
            "at": at.isoformat(),
            "by": by,
        }
        block["decided"] = values["significant"]
    if override is not None:
        values, at, by = override
        block["override"] = {
            "significant": values["significant"],
            "reason": values["reason"],
            "at": at.isoformat(),
            "by": by,
        }
        block["decided"] = values["significant"]
    if started is not None:
        block["significance_recorded"] = {"at": started.occurred_at.isoformat(), "by": started.recorded_by}
    return block


def nis2_markdown(block: dict[str, Any] | None, *, language: str) -> list[str]:
    """The block as Markdown lines for the incident's dashboard page, in ``language`` and our time zone;
    none without a NIS2 record."""
    if block is None:
        return []

    def w(key: str, **values: str) -> str:
        text = message(language, words.AREA, f"dash_{key}")
        return text % values if values else text

    def when(value: str) -> str:
        return format_local(datetime.fromisoformat(value), get_settings().dpo_timezone)

    lines = ["", f"## {w('heading')}", "", f"**{w('decision')}:** {words.answer(block['decided'], language)}  "]
    if (o := block["override"]) is not None:
        answer = words.answer(o["significant"], language)
        lines.append(w("override", answer=answer, who=o["by"], at=when(o["at"])) + "  ")
    if (s := block["significance_recorded"]) is not None:
        lines.append(f"**{w('aware')}:** {when(s['at'])} ({s['by']})  ")
    if (a := block["assessment"]) is not None:
        lines.append(f"**{w('test')}:** {a['answer']} ({a['entity_type']}, {a['ruleset_version']})  ")
        if a["unknown"]:
            lines.append(f"**{w('unknown')}:** {a['unknown_text']}")
        lines += ["", *(f"- {r['text']}" for r in a["reasons"] if r["outcome"] != "not_met")]
    return lines
