"""Their updates and their all-clear coming in, and a person making them our facts (issue 21; GDPR Art. 33(4)).

A sender's later notice about the same incident (our breach-notice 1.x with the same ``reference``: an update,
the next phase, a recommendation, a closing notice or an all-clear) opens nothing: it is kept beside the first
one, linked to our incident, and waits for review. What it would change against our facts and narrative is
shown (``breach intake pending REF``, ``breach show``, ``GET /incidents/{ref}``); one decision accepts it
(``breach intake accept REF``, ``POST /incidents/{ref}/intake/accept``): the latest notice's facts and narrative
are recorded as ours, which re-assesses every case and, once our customers were told, sends them our Art. 33(4)
update as any recorded facts do; an all-clear withdraws a told incident, or dismisses one still under
investigation, and our customers get our all-clear. Facts are ours only after a person accepted them: the
decision is ours (DESIGN.md habit 10). Each acceptance is an audit event whose subject is the notice.

A later notice naming services of theirs the incident does not yet cover adds our services behind them (mapped
at receipt, checked again at acceptance); once confirmed, the customers they newly concern get their case and
first notice, as confirming again gives a customer added since (``fan_out``).

The first notice's own facts (which opened the incident) wait for review the same way, so a person may take
them as ours before confirming.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from sqlmodel import Session

from breach.chain.intake import NOTICE_FORM, IncomingNotice, UnmappedServices, map_services
from breach.chain.store import notices, subprocessors
from breach.db import repository
from breach.db.models.chain import Subprocessor, SubprocessorNotice
from breach.db.models.incidents import Incident, IncidentService
from breach.errors import InvalidInput
from breach.incidents.diffing import changes
from breach.incidents.languages import narrative_from_input
from breach.incidents.narrative import Narrative
from breach.incidents.states import is_final
from breach.incidents.store.recorded import fan_out
from breach.notices.store import queue
from breach.records.store import audit
from breach.risk.facts import BreachFacts
from breach.vocabulary import IncidentStatus, Language, NoticeKind
from flows.risk_wiring import assessor
from flows.usecases import lifecycle
from flows.usecases.facts import record_facts
from flows.usecases.intake import check_languages, dismiss_incident

ALERT_RECEIVED: Final = "subprocessor_breach"
UPDATE_EVENT: Final = "incident.subprocessor_update"
SERVICES_EVENT: Final = "incident.services_added"
TEXT_ITEMS: Final = ("nature", "likely_consequences", "measures_taken", "measures_proposed")
NOT_YET_KNOWN: Final = frozenset({"nature", "likely_consequences", "measures", "categories_and_numbers"})
# Before confirming, an all-clear dismisses; once customers may have been told, it withdraws.
UNTOLD: Final = (IncidentStatus.REPORTED, IncidentStatus.INVESTIGATING)
Outcome = Literal["facts", "unchanged", "withdrawn", "dismissed"]


@dataclass(frozen=True, slots=True)
class Pending:
    """A sub-processor's notice waiting for review, with what it would change against our facts."""

    notice_id: str
    subprocessor: str
    notice_key: str
    kind: str
    phase: int | None
    received_at: datetime
    all_clear: bool
    changes: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Accepted:
    reference: str
    # The notices accepted (the latest one's facts stand for all of them: each is a whole snapshot).
    notices: tuple[str, ...]
    outcome: Outcome
    changes: int
    queued: int
    incident_id: Any
    # Our services their notices named that the incident lacked, now added; and, once customers were told, the
    # cases opened (with their first notice) for the customers those services newly concern.
    services_added: tuple[str, ...] = ()
    cases_created: int = 0


def follows(subprocessor_id: Any, notice: IncomingNotice, *, session: Session) -> SubprocessorNotice | None:
    """The first notice of the sender's same incident when ``notice`` is a later one about it (same
    ``reference``, our schema); ``None`` when it opens an incident of its own."""
    if notice.form != NOTICE_FORM or not notice.reference:
        return None
    for row in notices.of_subprocessor(subprocessor_id, session=session):
        if row.form == NOTICE_FORM and row.body.get("reference") == notice.reference:
            return row
    return None


def keep_update(
    data: Mapping[str, Any],
    notice: IncomingNotice,
    first: SubprocessorNotice,
    sub: Subprocessor,
    *,
    session: Session,
    actor: str,
    now: datetime,
    language: Language,
) -> tuple[SubprocessorNotice, Incident]:
    """Keep a later notice beside the first, pending review; our DPO and security lead are alerted."""
    incident = session.get(Incident, first.incident_id)
    if incident is None:  # pragma: no cover - a foreign key holds it
        raise InvalidInput("reference", notice.reference, "its incident is gone")
    row = notices.received(
        notice, data, subprocessor_id=sub.id, incident_id=incident.id, received_by=actor, now=now, session=session
    )
    audit.append(
        session=session,
        event_type=UPDATE_EVENT,
        actor=actor,
        at=now,
        incident_id=incident.id,
        subject_id=row.id,
        data={
            "reference": incident.reference,
            "subprocessor": sub.name,
            "notice_key": notice.notice_key,
            "their_reference": notice.reference,
            "kind": notice.kind,
            "phase": notice.phase,
        },
    )
    queue.queue_internal(
        session=session,
        now=now,
        alert=ALERT_RECEIVED,
        cause=row.id.hex,
        language=language,
        incident=incident,
        details={
            "notice_key": notice.notice_key,
            "reason": f"{sub.name}: {notice.kind} {notice.phase or ''} for {incident.reference}, to review"
            f" (breach intake pending {incident.reference})",
            "count": len(repository.affected_by(incident.id, session=session)),
        },
    )
    return row, incident


def _facts(body: Mapping[str, Any]) -> dict[str, Any] | None:
    theirs = body.get("facts")
    if not isinstance(theirs, Mapping):
        return None
    return {k: v for k, v in theirs.items() if k in BreachFacts.model_fields and v is not None}


def _no_nulls(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _narrative(ours: Mapping[str, Any] | None, body: Mapping[str, Any]) -> dict[str, Any] | None:
    """Our narrative with their texts in the language they wrote to us; the input ``record_facts`` reads."""
    theirs = body.get("narrative")
    if not isinstance(theirs, Mapping):
        return None
    try:
        their_language = Language(str(body.get("language")))
    except ValueError:
        raise InvalidInput("language", body.get("language"), "not a language this engine writes") from None
    texts = {k: theirs[k] for k in TEXT_ITEMS if isinstance(theirs.get(k), str) and theirs[k].strip()}
    current = Narrative.stored(ours) if ours else None
    base: dict[str, Any] = _no_nulls(current.model_dump(mode="json")) if current is not None else {}
    base.pop("fallback_language", None)
    base["translations"] = {
        lang: _no_nulls(items) for lang, items in (base.get("translations") or {}).items() if _no_nulls(items)
    }
    has_own = current is not None and any(current.get(k) for k in TEXT_ITEMS)
    written_in = current.written_in if current is not None and has_own else their_language
    base["written_in"] = written_in.value
    if written_in is their_language:
        base.update(texts)
    else:
        base["translations"][their_language.value] = {**base["translations"].get(their_language.value, {}), **texts}
    if isinstance(theirs.get("ongoing"), bool):
        base["ongoing"] = theirs["ongoing"]
    if isinstance(theirs.get("failed_measures"), list):
        base["failed_measures"] = list(theirs["failed_measures"])
    named = body.get("not_yet_known")
    base["not_yet_known"] = sorted(x for x in (named if isinstance(named, list) else []) if x in NOT_YET_KNOWN)
    return base


def _proposed(incident: Incident, row: SubprocessorNotice) -> dict[str, Any]:
    """The facts document accepting ``row`` would record (sections ``facts`` and ``narrative``)."""
    proposed: dict[str, Any] = {}
    facts = _facts(row.body)
    if facts:
        proposed["facts"] = facts
    narrative = _narrative(incident.narrative, row.body)
    if narrative is not None:
        proposed["narrative"] = narrative
    return proposed


def _changes(incident: Incident, proposed: Mapping[str, Any]) -> tuple[dict[str, Any], ...]:
    after_narrative = proposed.get("narrative")
    if after_narrative is not None:
        after_narrative = narrative_from_input(after_narrative, declared=Language.EN).model_dump(mode="json")
    return tuple(
        changes(
            incident.facts,
            proposed.get("facts", incident.facts),
            incident.narrative,
            after_narrative if after_narrative is not None else incident.narrative,
        )
    )


def _waiting(incident: Incident, *, session: Session) -> list[SubprocessorNotice]:
    accepted = notices.accepted_ids(incident.id, session=session)
    return [
        row
        for row in notices.of_incident(incident.id, session=session)
        if row.form == NOTICE_FORM and str(row.id) not in accepted
    ]


def _is_all_clear(row: SubprocessorNotice) -> bool:
    return row.body.get("kind") == NoticeKind.ALL_CLEAR.value


def pending(incident: Incident, *, session: Session) -> list[Pending]:
    """The incident's notices from sub-processors still waiting for review, first received first."""
    shown = []
    for row in _waiting(incident, session=session):
        sub = session.get(Subprocessor, row.subprocessor_id)
        phase = row.body.get("phase")
        try:
            found = () if _is_all_clear(row) else _changes(incident, _proposed(incident, row))
            added = () if _is_all_clear(row) else _new_services(incident, [row], session=session)
            if added:  # accepting it adds these services of ours, and tells the customers they newly concern
                found += ({"path": "services", "group": "services", "kind": "added", "before": None,
                           "after": list(added)},)  # fmt: skip
        except InvalidInput as refused:
            found = ({"path": refused.field, "group": "refused", "kind": "error", "before": None,
                      "after": refused.problem},)  # fmt: skip
        shown.append(
            Pending(
                notice_id=str(row.id),
                subprocessor=sub.name if sub is not None else "?",
                notice_key=row.notice_key,
                kind=str(row.body.get("kind") or ""),
                phase=phase if isinstance(phase, int) else None,
                received_at=row.received_at,
                all_clear=_is_all_clear(row),
                changes=found,
            )
        )
    return shown


def accept(reference: str, *, session: Session, actor: str, now: datetime, language: Language) -> Accepted:
    """Accept every notice waiting on the incident ``reference``: the latest one's facts become ours (an
    all-clear among them withdraws or dismisses). Never commits; ``InvalidInput`` when nothing waits."""
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    waiting = _waiting(incident, session=session)
    if not waiting:
        raise InvalidInput("reference", reference, "no notice from a sub-processor waits for review on it")
    if is_final(incident.status):
        raise InvalidInput("reference", reference, f"the incident is {incident.status.value}; nothing to accept")
    clearing = next((row for row in reversed(waiting) if _is_all_clear(row)), None)
    latest = clearing or max(waiting, key=lambda row: (_phase(row), row.received_at))
    sub = session.get(Subprocessor, latest.subprocessor_id)
    name = sub.name if sub is not None else "our sub-processor"
    queued, found, cases = 0, 0, 0
    added: tuple[str, ...] = ()
    outcome: Outcome
    if clearing is not None:
        reason = f"{name} withdrew its breach notice ({clearing.notice_key}): not a personal data breach after all."
        if incident.status in UNTOLD:
            dismiss_incident(reference, reason, session=session, actor=actor, now=now)
            outcome = "dismissed"
        else:
            queued = lifecycle.withdraw(reference, reason, session=session, actor=actor, now=now)
            outcome = "withdrawn"
    else:
        proposed = _proposed(incident, latest)
        found = len(_changes(incident, proposed))
        outcome = "unchanged"
        if proposed and found:
            update = record_facts(
                reference, proposed, session=session, actor=actor, now=now, internal_language=language
            )
            queued, outcome = update.queued, "facts"
        added, cases, first_notices = _add_services(incident, waiting, session=session, actor=actor, now=now)
        queued += first_notices
    for row in waiting:
        audit.append(
            session=session,
            event_type=notices.ACCEPTED_EVENT,
            actor=actor,
            at=now,
            incident_id=incident.id,
            subject_id=row.id,
            data={
                "reference": reference,
                "notice_key": row.notice_key,
                "kind": row.body.get("kind"),
                "phase": row.body.get("phase"),
                "applied": row.id == latest.id,
                "outcome": outcome,
            },
        )
    return Accepted(reference, tuple(r.notice_key for r in waiting), outcome, found, queued, incident.id, added, cases)


def _new_services(incident: Incident, rows: Sequence[SubprocessorNotice], *, session: Session) -> tuple[str, ...]:
    """Our services behind the ones ``rows`` name that the incident lacks; ``InvalidInput`` when one is unmapped."""
    mapped: dict[str, None] = {}
    for row in rows:
        try:
            mapping = subprocessors.their_map(row.subprocessor_id, session=session)
            mapped.update(dict.fromkeys(map_services(row.their_services, mapping)))
        except UnmappedServices as refused:
            raise InvalidInput(
                "services",
                list(refused.names),
                f"named by {row.notice_key} but no longer mapped to a service of ours in the sub-processor"
                " directory: map them (breach subprocessors import), then accept again",
            ) from None
    current = {service.code for service in repository.incident_services(incident.id, session=session)}
    return tuple(code for code in mapped if code not in current)


def _add_services(
    incident: Incident, waiting: Sequence[SubprocessorNotice], *, session: Session, actor: str, now: datetime
) -> tuple[tuple[str, ...], int, int]:
    """Add the services ``_new_services`` finds; once confirmed, fan out as confirming again does: each customer
    newly concerned gets its case, clock (from our recorded awareness) and first notice. Refused when its
    language lacks the texts. Returns the services added, the cases opened and the notices queued."""
    added = _new_services(incident, waiting, session=session)
    if not added:
        return (), 0, 0
    known = repository.services_by_code(session=session)
    session.add_all(IncidentService(incident_id=incident.id, service_id=known[code].id) for code in added)
    session.flush()
    if incident.aware_at is None:  # not confirmed yet: the confirmation fans out to every affected customer
        fanout_cases = fanout_notices = 0
    else:
        fallback = (incident.narrative or {}).get("fallback_language")
        check_languages(incident, Language(fallback) if fallback else None, session=session)
        fanout = fan_out(incident, session=session, now=now, assessor=assessor())
        fanout_cases, fanout_notices = fanout.cases_created, fanout.notices_created
    audit.append(
        session=session,
        event_type=SERVICES_EVENT,
        actor=actor,
        at=now,
        incident_id=incident.id,
        data={
            "reference": incident.reference,
            "services": list(added),
            "notices": [row.notice_key for row in waiting],
            "cases": fanout_cases,
            "first_notices": fanout_notices,
        },
    )
    return added, fanout_cases, fanout_notices


def _phase(row: SubprocessorNotice) -> int:
    phase = row.body.get("phase")
    return phase if isinstance(phase, int) else 0


def describe(change: Mapping[str, Any]) -> str:
    """One change as a line: ``facts.data_subjects: 120 → 340``."""
    return f"{change['path']}: {_short(change.get('before'))} → {_short(change.get('after'))}"


def _short(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(str(v) for v in value) or "—"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "…"
