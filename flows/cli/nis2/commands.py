"""``breach nis2 assess`` and ``breach nis2 override``, and the NIS2 lines of ``breach show``.

Reasons print in our own language (``BREACH_DPO_LANGUAGE``) unless ``--language`` asks for another; times
in our time zone. Refusals are one line naming the field and the value (``flows.cli.common.handled``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

import typer
from sqlmodel import Session

from breach.db import repository
from breach.db.models.incidents import Incident
from breach.deadlines.status import format_local
from breach.vocabulary import Language
from flows import db
from flows.cli.common import clock, handled, out
from flows.settings import get_settings
from flows.usecases.nis2.assess import Nis2Decision, assess_incident, override_significance
from flows.usecases.nis2.view import nis2_block
from notifications.nis2 import words

EntityTypeOption = Annotated[
    Literal["cloud", "data_centre", "msp", "mssp"] | None,
    typer.Option(help="Our kind of entity for this test (default: BREACH_NIS2_ENTITY_TYPE)."),
]
LanguageOption = Annotated[Language | None, typer.Option(help="The reasons' language (default: BREACH_DPO_LANGUAGE).")]


def _language(given: Language | None) -> str:
    return given.value if given is not None else get_settings().dpo_language


def _when(value: str) -> str:
    return format_local(datetime.fromisoformat(value), get_settings().dpo_timezone)


def _print_decision(reference: str, decision: Nis2Decision, language: str) -> None:
    result = decision.result
    out.print(
        f"{reference}: NIS2 test ({result.entity_type}, rules {result.ruleset_version}): "
        f"{words.answer(result.significant, language)}",
        markup=False,
    )
    if decision.overridden:
        out.print(f"  decision (DPO override): {words.answer(decision.decided, language)}", markup=False)
    if result.unknown:
        out.print(f"  not yet known: {words.unknown_facts(result.unknown, language)}", markup=False)
    for reason in result.reasons:
        if reason.outcome != "not_met":
            out.print(f"  - {words.reason_sentence(reason, language)}", markup=False)
    for started in decision.clocks_started:
        out.print(
            f"  clock {started.rule} started: due {format_local(started.due_at, get_settings().dpo_timezone)}",
            markup=False,
        )
    if decision.alerts:
        out.print(f"  our DPO and security lead alerted ({decision.alerts} alert queued)", markup=False)


def assess(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    entity_type: EntityTypeOption = None,
    language: LanguageOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The NIS2 block as JSON, as the API answers it.")] = False,
) -> None:
    """Is our incident significant under NIS2? Tests the recorded nis2 facts; significant starts the clocks."""
    settings = get_settings()
    words_in = _language(language)
    with handled(), db.unit_of_work() as session:
        decision = assess_incident(
            reference, session=session, actor=settings.operator, now=clock.now(), entity_type=entity_type
        )
        block = _block(reference, session, words_in) if as_json else None
    if block is not None:
        out.file.write(json.dumps({"nis2": block}, indent=2, ensure_ascii=False) + "\n")
        return
    _print_decision(reference, decision, words_in)


def _block(reference: str, session: Session, language: str) -> dict[str, Any] | None:
    incident = repository.incident_by_reference(reference, session=session)
    return nis2_block(incident, session=session, language=language)


def override(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    significant: Annotated[Literal["yes", "no"], typer.Option(help="The DPO's decision: yes or no.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the audit log).")],
    entity_type: EntityTypeOption = None,
    language: LanguageOption = None,
) -> None:
    """A DPO decides whether our incident is significant, with a reason; 'yes' starts the clocks now."""
    settings = get_settings()
    with handled(), db.unit_of_work() as session:
        decision = override_significance(
            reference,
            significant == "yes",
            reason,
            session=session,
            actor=settings.operator,
            now=clock.now(),
            entity_type=entity_type,
        )
    _print_decision(reference, decision, _language(language))
    out.print("  the override is recorded in the audit log", markup=False)


def print_block(incident: Incident, session: Session) -> None:
    """The NIS2 lines of ``breach show``; nothing when the incident has no NIS2 record."""
    language = get_settings().dpo_language
    block = nis2_block(incident, session=session, language=language)
    if block is None:
        return
    out.print(f"NIS2        {words.answer(block['decided'], language)}", markup=False)
    if (o := block["override"]) is not None:
        out.print(f"  DPO override by {o['by']} at {_when(o['at'])}: {o['reason']}", markup=False)
    if (s := block["significance_recorded"]) is not None:
        out.print(f"  aware of significance {_when(s['at'])} ({s['by']})", markup=False)
    for c in block["clocks"]:
        state = f"met {_when(c['met_at'])}" if c["met_at"] else f"due {_when(c['due_at'])}"
        if (w := c["waived"]) is not None:
            state = f"waived by the DPO's override ({w['by']}, {_when(w['at'])}): {w['reason']}; was {state}"
        out.print(f"  {c['rule']}: {state}", markup=False)
    if (a := block["assessment"]) is not None:
        out.print(f"  test ({a['entity_type']}, {_when(a['at'])}): {a['answer']}", markup=False)
        if a["unknown"]:
            out.print(f"  not yet known: {a['unknown_text']}", markup=False)
        for r in a["reasons"]:
            if r["outcome"] != "not_met":
                out.print(f"  - {r['text']}", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(assess)
    app.command()(override)
