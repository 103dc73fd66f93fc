"""Intake: open an incident, dismiss it, or confirm it as a personal data breach (the CLI's and the API's).

Each takes a session and the actor, validates everything before writing, and leaves the commit to the
caller's unit of work, so a refusal leaves nothing half-written. Every decision is an audit event
naming who made it (DESIGN.md habit 10).

Texts in the readers' languages (issue 17): a controller must be able to forward its notice as it is, so
every text written about a breach is owed in the language of each affected customer (its directory entry
names it). Confirming refuses while one is missing, naming each item and language, unless the operator
explicitly chooses a fallback language: the notices then carry that language's text and say, in their own
language, that a translation follows, and a support task "send the translated update" is queued so nobody
forgets it (GDPR Art. 33(4): the rest follows in phases without undue further delay).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlmodel import Session

from breach.chain.store import notices
from breach.clock import require_aware
from breach.db import repository
from breach.db.models.incidents import Incident, IncidentService
from breach.db.models.support import SupportTask
from breach.errors import InvalidInput
from breach.incidents.fanout import Assessor, FanOut
from breach.incidents.languages import describe_missing, untranslated
from breach.incidents.narrative import MANDATORY, Narrative, missing_items
from breach.incidents.states import transition
from breach.incidents.store.recorded import FAN_OUT_SLICE, fan_out
from breach.inputs import check_one_line, check_prose
from breach.records.store import audit
from breach.support.store import tasks
from breach.support.support_tasks import TaskLinks
from breach.vocabulary import IncidentStatus, Language, SupportTaskKind
from flows.usecases.lifecycle import all_clear
from notifications.context.models import Person
from notifications.delivery.dpo_contact import dpo_problem, refuse_real_sends_without_dpo


def check_instant(
    value: datetime,
    field: str,
    *,
    now: datetime,
    not_before: datetime | None = None,
    not_before_field: str = "",
) -> datetime:
    """An instant that is aware, not in the future, and not before another one."""
    require_aware(value, field)
    if value > now:
        raise InvalidInput(field, value.isoformat(), f"is in the future (now is {now.isoformat()})")
    if not_before is not None and value < not_before:
        raise InvalidInput(field, value.isoformat(), f"is before {not_before_field} ({not_before.isoformat()})")
    return value


MAX_TITLE: Final = 300
MAX_DESCRIPTION: Final = 20_000


@dataclass(frozen=True, slots=True)
class IncidentDraft:
    title: str
    description: str
    services: Sequence[str]
    detected_at: datetime
    occurred_at: datetime | None = None


def open_incident(draft: IncidentDraft, *, session: Session, actor: str, now: datetime) -> Incident:
    """Record an incident reported by a person or a machine (DPA 8(1)(a)); returns it with its reference."""
    title = check_one_line("title", draft.title.strip())
    if not title:
        raise InvalidInput("title", draft.title, "must not be empty")
    if not check_prose("description", draft.description).strip():
        raise InvalidInput("description", draft.description, "must not be empty")
    # The column's bound (PostgreSQL refuses a longer title with a DataError) and the API's.
    for field, text, limit in (("title", title, MAX_TITLE), ("description", draft.description, MAX_DESCRIPTION)):
        if len(text) > limit:
            raise InvalidInput(field, text, f"is longer than {limit} characters")
    if not draft.services:
        raise InvalidInput("services", list(draft.services), "name at least one affected service")
    known = repository.services_by_code(session=session)
    for code in draft.services:
        if code not in known:
            raise InvalidInput("services", code, f"unknown service (known: {', '.join(sorted(known)) or 'none'})")
    check_instant(draft.detected_at, "detected_at", now=now)
    if draft.occurred_at is not None:
        check_instant(draft.occurred_at, "occurred_at", now=now)
        if draft.occurred_at > draft.detected_at:
            raise InvalidInput("occurred_at", draft.occurred_at.isoformat(), "is after detected_at")

    incident = repository.insert_numbered(
        lambda reference: Incident(
            reference=reference,
            title=title,
            description=draft.description.strip(),
            status=IncidentStatus.REPORTED,
            occurred_at=draft.occurred_at,
            detected_at=draft.detected_at,
            reported_at=now,
            reported_by=actor,
            updated_at=now,
        ),
        lambda: repository.next_reference(now.year, session=session),
        session=session,
    )
    for code in dict.fromkeys(draft.services):
        session.add(IncidentService(incident_id=incident.id, service_id=known[code].id))
    session.flush()
    audit.append(
        session=session,
        event_type="incident.opened",
        actor=actor,
        at=now,
        incident_id=incident.id,
        data={"reference": incident.reference, "services": sorted(set(draft.services))},
        content=f"{incident.title}\n{incident.description}",
    )
    return incident


def dismiss_incident(reference: str, reason: str, *, session: Session, actor: str, now: datetime) -> Incident:
    """Not a personal data breach: closed with a reason the register keeps (Art. 33(5) reasoning)."""
    if not check_prose("reason", reason).strip():
        raise InvalidInput("reason", reason, "a dismissal needs a reason")
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    previous = incident.status
    incident.status = transition(incident.status, IncidentStatus.DISMISSED)
    incident.dismissal_reason = reason.strip()
    incident.updated_at = now
    session.add(incident)
    session.flush()
    # Customers given an early warning are told it was not a personal data breach after all.
    all_clear(incident, reason.strip(), session=session, now=now, mode="no_breach")
    audit.append(
        session=session,
        event_type="incident.dismissed",
        actor=actor,
        at=now,
        incident_id=incident.id,
        data={"reference": reference, "from": previous.value},
        content=reason.strip(),
    )
    return incident


@dataclass(frozen=True, slots=True)
class Confirmation:
    incident: Incident
    fanout: FanOut
    already_confirmed: bool
    # The support task that brings the texts still owed in a reader's language (confirmed with a fallback).
    translation_task: str | None = None


def _complete_enough(incident: Incident) -> None:
    """The completeness gate: each mandatory item is written or explicitly marked not yet known
    (SCC 2021/915 clause 9.2; GDPR Art. 33(3)); silence in a legal notice would read as "nothing"."""
    narrative = Narrative.stored(incident.narrative)
    missing = missing_items(narrative, has_facts=incident.facts is not None, has_default_contact=True)
    if missing:
        raise InvalidInput(
            f"narrative.{missing[0]}",
            None,
            f"the first notice needs it ({MANDATORY[missing[0]]}): write it, or list it under"
            " narrative.not_yet_known, with `breach facts`",
        )


def _awareness_candidate(incident: Incident, *, session: Session) -> datetime | None:
    """When our sub-processor's notice reached us, if one opened the incident: GDPR Art. 33(2) and DPA clause 8
    run our "without undue delay" from there, as we, the processor, became aware on its receipt."""
    received = notices.of_incident(incident.id, session=session)
    return received[0].received_at if received else None


_CONFIRMED = (IncidentStatus.CONFIRMED, IncidentStatus.NOTIFYING, IncidentStatus.NOTIFIED, IncidentStatus.CONTAINED)


def confirm_incident(
    reference: str,
    *,
    session: Session,
    actor: str,
    now: datetime,
    aware_at: datetime | None = None,
    assessor: Assessor | None = None,
    dpo: Person | None = None,
    fallback_language: Language | None = None,
) -> Confirmation:
    """A personal data breach: record our awareness and queue a notice to every affected customer.

    One unit of work holds the confirmation, its audit event, every case, clock and pending notice
    (DPA 8(1)(b)). Confirming again sends nothing new; it only adds what is missing, such as a customer
    added to the directory since. With ``dpo`` (our DPO's contact as the notices will carry it), a
    confirmation whose notices would reach a real contact while that contact is incomplete is refused
    before anything is written (``notifications.delivery.dpo_contact``): the delivery path would refuse
    them anyway, and a confirmation recorded with its notices stuck behind a setting helps no one.

    A text not yet written in an affected customer's language refuses the confirmation, unless
    ``fallback_language`` stands in for it (``check_languages``).
    """
    incident = repository.incident_by_reference(reference, session=session, for_update=True)
    # Only while the contact is incomplete: a complete one (every production run) costs the confirmation no read.
    if dpo is not None and dpo_problem(dpo) is not None:
        affected = [a.customer_id for a in repository.affected_by(incident.id, session=session)]
        contacts = repository.contacts_by_customer(affected, session=session)
        refuse_real_sends_without_dpo((c.url for listed in contacts.values() for c in listed), dpo)
    already = incident.status in _CONFIRMED
    if already and aware_at is not None and incident.aware_at is not None and aware_at != incident.aware_at:
        raise InvalidInput(
            "aware_at", aware_at.isoformat(), f"already confirmed with awareness at {incident.aware_at.isoformat()}"
        )
    translation_task = None
    if not already:
        _complete_enough(incident)
        owed = check_languages(incident, fallback_language, session=session)
        aware = aware_at if aware_at is not None else _awareness_candidate(incident, session=session) or now
        check_instant(aware, "aware_at", now=now, not_before=incident.detected_at, not_before_field="detected_at")
        previous = incident.status
        incident.status = transition(incident.status, IncidentStatus.CONFIRMED)
        incident.aware_at = aware
        # The notices are queued in this same unit of work, so the incident is notifying from here on.
        incident.status = transition(incident.status, IncidentStatus.NOTIFYING)
        incident.updated_at = now
        session.add(incident)
        session.flush()
        audit.append(
            session=session,
            event_type="incident.confirmed",
            actor=actor,
            at=now,
            incident_id=incident.id,
            data={"reference": reference, "from": previous.value, "aware_at": aware.isoformat()},
        )
        if owed and fallback_language is not None:
            task = owe_translation(incident, owed, fallback_language, session=session, actor=actor, now=now)
            translation_task = task.reference
    fanout = fan_out(incident, session=session, now=now, assessor=assessor)
    if fanout.cases_created or fanout.notices_created:
        audit.append(
            session=session,
            event_type="incident.fanned_out",
            actor=actor,
            at=now,
            incident_id=incident.id,
            data={"affected": fanout.affected, "cases": fanout.cases_created, "notices": fanout.notices_created},
        )
    return Confirmation(incident=incident, fanout=fanout, already_confirmed=already, translation_task=translation_task)


# Art. 33(4) asks the rest "without undue further delay"; a day is our own bound for a translation, so the
# task is due on the DPO's worklist the next day rather than open-ended.
TRANSLATION_DUE: Final = timedelta(hours=24)


def readers_languages(incident: Incident, *, session: Session) -> set[Language]:
    """The languages the incident's affected customers read their notices in."""
    affected = [a.customer_id for a in repository.affected_by(incident.id, session=session)]
    languages: set[Language] = set()
    for start in range(0, len(affected), FAN_OUT_SLICE):  # an IN list each: under PostgreSQL's 65 535 parameters
        sliced = repository.customers_by_id(affected[start : start + FAN_OUT_SLICE], session=session)
        languages.update(customer.language for customer in sliced.values())
    return languages


def check_languages(incident: Incident, fallback: Language | None, *, session: Session) -> list[tuple[str, Language]]:
    """The (item, language) texts still owed to the affected customers; refused without a ``fallback``.

    With one, the fallback itself must hold every text, since it stands in for the missing ones.
    """
    if "written_in" not in (incident.narrative or {}):
        # Recorded before texts were held per language (breach.incidents.narrative): sent as written, so an
        # incident in flight when languages came is not stopped at its confirmation.
        return []
    narrative = Narrative.stored(incident.narrative)
    missing = untranslated(narrative, readers_languages(incident, session=session))
    if not missing:
        return []
    if fallback is None:
        item, language = missing[0]
        raise InvalidInput(
            f"narrative.{item}.{language.value}",
            None,
            f"an affected customer reads {language.value} and these texts are not written in its language"
            f" ({describe_missing(missing)}): write them with `breach facts`, or confirm with a fallback"
            " language (--fallback-language, API field fallback_language) and send the translation as an update",
        )
    lacking = untranslated(narrative, {fallback})
    if lacking:
        raise InvalidInput(
            "fallback_language",
            fallback.value,
            f"the fallback must hold every text itself; missing: {describe_missing(lacking)}",
        )
    return missing


def owe_translation(
    incident: Incident,
    missing: Sequence[tuple[str, Language]],
    fallback: Language,
    *,
    session: Session,
    actor: str,
    now: datetime,
) -> SupportTask:
    """Record the fallback on the narrative and queue the task that brings the translation. Never commits."""
    incident.narrative = {**(incident.narrative or {}), "fallback_language": fallback.value}
    session.add(incident)
    return tasks.create_task(
        session=session,
        kind=SupportTaskKind.OTHER,
        # Item names and languages only: the texts themselves stay in the narrative.
        title=f"Send the translated update ({describe_missing(missing)}); notices went out in {fallback.value}",
        owner=actor,
        links=TaskLinks(incident=incident),
        actor=actor,
        now=now,
        due_at=now + TRANSLATION_DUE,
    )
