"""``breach subprocessors import FILE``: the change it makes, shown; with ``--announce``, told to the customers
of the services concerned (GDPR Art. 28(2): they may object), in the same unit of work as the import.

The change is computed against the directory as it stands before the file is written
(``breach.chain.changes.compute``). Announcing records one communication of kind ``subprocessor_change``
(COM-YYYY-NNNN; its facts: every change, when it was announced, until when a customer may object, from when
it takes effect) and queues one notice per customer concerned, in its language, naming only the changes behind
the services it uses. The objection period is rule ``gdpr.28.2``: ``days`` calendar days from the
announcement (``BREACH_SUBPROCESSOR_OBJECTION_DAYS``, default 30; the DPA's clause 6 sets none), ending at
the end of a Belgian working day; a change a customer may object to takes effect only after it. Each
customer's recipient row carries that end as its clock: its notice must reach it before.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from sqlmodel import Session

from breach.chain import changes as rules
from breach.chain import directory
from breach.chain.store import changes as store
from breach.chain.store import subprocessors
from breach.clock import to_utc
from breach.communications.store import records
from breach.db import repository
from breach.db.models.communications import Communication
from breach.deadlines.due import due
from breach.directory.names import name_in
from breach.errors import InvalidInput
from breach.records.store import audit
from breach.vocabulary import NoticeKind

RULE: Final = "gdpr.28.2"
# Our calendar: the processor is in Belgium, and one end for every customer keeps the announcement one text.
CALENDAR_TZ: Final = "Europe/Brussels"


@dataclass(frozen=True, slots=True)
class Imported:
    summary: subprocessors.ImportSummary
    changes: tuple[rules.Change, ...]
    communication: Communication | None = None
    told: int = 0


def import_directory(
    data: Any,
    *,
    session: Session,
    actor: str,
    now: datetime,
    source: str,
    announce: bool = False,
    dry_run: bool = False,
    effective: date | None = None,
    days: int = 30,
    portal_url: str = "",
) -> Imported:
    """Validate the whole file and compute its change; write it unless ``dry_run``; announce it if asked.

    Refuses (nothing written) a file that does not validate, ``announce`` when nothing changes, and an
    ``effective`` date within the objection period."""
    if announce and dry_run:
        raise InvalidInput("announce", True, "a dry run writes nothing, so it cannot announce")
    if effective is not None and not announce:
        raise InvalidInput("effective", effective.isoformat(), "is the date of an announced change: add --announce")
    services = repository.services_by_code(session=session)
    valid = directory.validate(data, known_services=services, today=now.date())
    found = rules.compute(store.snapshot(session=session), rules.entries_of(valid))
    if announce and not found:
        raise InvalidInput("announce", source, "the file changes no sub-processor: there is nothing to announce")
    if dry_run:
        return Imported(subprocessors.ImportSummary(0, 0), found)
    period = _period(found, now=now, days=days, effective=effective) if announce else None
    summary = subprocessors.apply(valid, services, session=session, now=now)
    audit.append(
        session=session,
        event_type="subprocessors.imported",
        actor=actor,
        at=now,
        data={"source": source, **asdict(summary), "changes": [c.as_facts() for c in found]},
    )
    if period is None:
        return Imported(summary, found)
    communication, told = announce_change(found, period, session=session, actor=actor, now=now, portal_url=portal_url)
    return Imported(summary, found, communication, told)


@dataclass(frozen=True, slots=True)
class Period:
    """The objection period of an announcement: its last instant, its days, and when the change takes effect."""

    until: datetime
    days: int
    effective_from: date


def _period(found: tuple[rules.Change, ...], *, now: datetime, days: int, effective: date | None) -> Period:
    local = due(RULE, now, tz=CALENDAR_TZ, days=days)
    last_day = local.date()
    start = rules.check_effective(effective or last_day + timedelta(days=1), last_day, found)
    return Period(to_utc(local, "objection_until"), days, start)


def announce_change(
    found: tuple[rules.Change, ...],
    period: Period,
    *,
    session: Session,
    actor: str,
    now: datetime,
    portal_url: str,
) -> tuple[Communication, int]:
    """Record the change and queue its notice to every customer of the services concerned."""
    until = period.until
    told_changes = [c.as_facts() for c in found]
    facts: dict[str, Any] = {
        "changes": told_changes,
        "announced_at": now.isoformat(),
        "objection_until": until.isoformat(),
        "effective_from": period.effective_from.isoformat(),
        "days": period.days,
    }
    customers = store.customers_using(rules.services_of(found), session=session)
    if not customers:
        raise InvalidInput(
            "announce", ", ".join(sorted(rules.services_of(found))), "no customer uses the services concerned"
        )
    communication = records.record(
        session=session, kind=NoticeKind.SUBPROCESSOR_CHANGE, occurred_at=now, facts=facts, actor=actor, now=now
    )
    url = f"{portal_url.rstrip('/')}/portal/subprocessor-changes"
    services = repository.services_by_code(session=session)
    told = 0
    for customer, codes in customers:
        language = customer.language.value
        # Each service named in the customer's language (issue 17), beside its code.
        mine = [
            {**c, "service_names": [name_in(services[code], language) for code in c["services"]]}
            for c in rules.concerning(told_changes, codes)
        ]
        row = records.address(
            communication,
            customer,
            session=session,
            rule=RULE,
            due_at=until,
            details={**facts, "changes": mine, "language": language, "objection_url": url},
            actor=actor,
            now=now,
        )
        told += row is not None
    return communication, told
