"""A change of our sub-processors, as our customers must hear of it (GDPR Art. 28(2); DPA clause 6).

Art. 28(2): under a general written authorisation the processor "shall inform the controller of any intended
changes concerning the addition or replacement of other processors, thereby giving the controller the
opportunity to object to such changes". The DPA (clause 6) names sub-processors on request (6(2)), asks a
Chapter V ground outside the EU/EEA (6(4)) and sets no notice or objection period: ours is a setting
(``BREACH_SUBPROCESSOR_OBJECTION_DAYS``, rule ``gdpr.28.2``).

``compute`` compares the directory as it stands with a validated file, from a customer's point of view: a
sub-processor that starts supporting a service is *added* for that service's customers (or *replaces* the one
that stops supporting it), one that stops is *removed*, one whose country changes has *moved*, and one whose
transfer ground changes has a changed *transfer*. Contacts and the names of their own services are not a
change a customer may object to. Pure: no SQL, no clock.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from breach.chain.directory import SubprocessorFile
from breach.errors import InvalidInput


class ChangeKind(StrEnum):
    ADDED = "added"
    REPLACED = "replaced"
    REMOVED = "removed"
    MOVED = "moved"
    TRANSFER = "transfer"


@dataclass(frozen=True, slots=True)
class Entry:
    """One sub-processor as the directory holds it: what a customer is told of it."""

    name: str
    country: str
    transfer_mechanism: str | None
    transfer_reference: str
    services: frozenset[str]


@dataclass(frozen=True, slots=True)
class Change:
    """One change, for the customers of ``services`` (our service codes)."""

    kind: ChangeKind
    name: str
    country: str
    transfer_mechanism: str | None
    transfer_reference: str
    services: tuple[str, ...]
    # The sub-processor it replaces (``replaced``), the country it leaves (``moved``), the ground before
    # (``transfer``).
    replaces: str | None = None
    country_before: str | None = None
    transfer_before: str | None = None

    def as_facts(self) -> dict[str, Any]:
        """As stored in the communication's facts (nothing here is personal data: companies, countries,
        legal grounds)."""
        facts = asdict(self)
        facts["kind"] = self.kind.value
        facts["services"] = list(self.services)
        return facts

    @property
    def objectionable(self) -> bool:
        """Art. 28(2) speaks of additions and replacements; a move or a new transfer ground changes where the
        data go, so it is told the same way. A removal is told too, but takes effect at once."""
        return self.kind is not ChangeKind.REMOVED


def entries_of(valid: SubprocessorFile) -> list[Entry]:
    return [
        Entry(
            name=s.name,
            country=s.country,
            transfer_mechanism=s.transfer_mechanism.value if s.transfer_mechanism else None,
            transfer_reference=s.transfer_reference.strip(),
            services=frozenset(u.ours for u in s.services),
        )
        for s in valid.subprocessors
    ]


def compute(before: Sequence[Entry], after: Sequence[Entry]) -> tuple[Change, ...]:
    """What changes from ``before`` to ``after`` (a file replaces the named sub-processors and adds new ones;
    one missing from the file stays, as ``breach subprocessors import`` leaves it), by kind then name."""
    old = {e.name: e for e in before}
    new = {**old, **{e.name: e for e in after}}
    gained, lost = _moves(old, new)
    changes: list[Change] = []
    replaced: set[tuple[str, str]] = set()
    for service in sorted(gained):
        leaving = sorted(lost.get(service, ()))
        replaced.update((gone, service) for gone in leaving)
        for name in sorted(gained[service]):
            kind = ChangeKind.REPLACED if leaving else ChangeKind.ADDED
            changes.append(_change(kind, new[name], (service,), replaces=", ".join(leaving) or None))
    for service in sorted(lost):
        for name in sorted(lost[service]):
            if (name, service) not in replaced:
                changes.append(_change(ChangeKind.REMOVED, new.get(name, old[name]), (service,)))
    changes += _where_data_go(old, new)
    return tuple(_merged(changes))


def _moves(old: Mapping[str, Entry], new: Mapping[str, Entry]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per service of ours, the sub-processors that start supporting it and those that stop."""
    gained: dict[str, set[str]] = {}
    lost: dict[str, set[str]] = {}
    for name in new.keys() | old.keys():
        was = old[name].services if name in old else frozenset()
        now = new[name].services if name in new else frozenset()
        for service in now - was:
            gained.setdefault(service, set()).add(name)
        for service in was - now:
            lost.setdefault(service, set()).add(name)
    return gained, lost


def _where_data_go(old: Mapping[str, Entry], new: Mapping[str, Entry]) -> list[Change]:
    """A sub-processor kept for some services that moves country or changes its transfer ground."""
    changes = []
    for name in sorted(old.keys() & new.keys()):
        was, now = old[name], new[name]
        kept = tuple(sorted(was.services & now.services))
        if not kept:
            continue
        if was.country != now.country:
            changes.append(_change(ChangeKind.MOVED, now, kept, country_before=was.country))
        elif (was.transfer_mechanism, was.transfer_reference) != (now.transfer_mechanism, now.transfer_reference):
            before = f"{was.transfer_mechanism or 'none'} {was.transfer_reference}".strip()
            changes.append(_change(ChangeKind.TRANSFER, now, kept, transfer_before=before))
    return changes


def _change(kind: ChangeKind, entry: Entry, services: tuple[str, ...], **more: Any) -> Change:
    return Change(
        kind=kind,
        name=entry.name,
        country=entry.country,
        transfer_mechanism=entry.transfer_mechanism,
        transfer_reference=entry.transfer_reference,
        services=services,
        **more,
    )


def _merged(changes: Iterable[Change]) -> list[Change]:
    """One change per kind, sub-processor and what it replaces, with all its services together."""
    grouped: dict[tuple[ChangeKind, str, str | None], Change] = {}
    for c in changes:
        key = (c.kind, c.name, c.replaces)
        if key in grouped:
            first = grouped[key]
            grouped[key] = Change(
                kind=first.kind,
                name=first.name,
                country=first.country,
                transfer_mechanism=first.transfer_mechanism,
                transfer_reference=first.transfer_reference,
                services=tuple(sorted({*first.services, *c.services})),
                replaces=first.replaces,
                country_before=first.country_before,
                transfer_before=first.transfer_before,
            )
        else:
            grouped[key] = c
    order = list(ChangeKind)
    return sorted(grouped.values(), key=lambda c: (order.index(c.kind), c.name, c.replaces or ""))


def concerning(changes: Sequence[Mapping[str, Any]], services: Collection[str]) -> list[dict[str, Any]]:
    """The stored changes that concern a customer using ``services``, each with only those services."""
    out = []
    for change in changes:
        mine = [s for s in change.get("services", ()) if s in services]
        if mine:
            out.append({**change, "services": mine})
    return out


def services_of(changes: Sequence[Change]) -> frozenset[str]:
    return frozenset(s for c in changes for s in c.services)


def check_effective(effective: date, objection_until: date, changes: Sequence[Change]) -> date:
    """A change a customer may object to takes effect only once its objection period is over (Art. 28(2):
    the changes are "intended"); removals alone may take effect at once."""
    if any(c.objectionable for c in changes) and effective <= objection_until:
        raise InvalidInput(
            "effective",
            effective.isoformat(),
            f"must be after the objection period, which ends on {objection_until.isoformat()} "
            "(GDPR Art. 28(2): the customers may object before the change is made)",
        )
    return effective
