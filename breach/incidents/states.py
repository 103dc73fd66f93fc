"""The incident state machine: a table and one pure function (DESIGN.md habit 2).

Side effects of a transition (notices, deadlines, audit events) follow from its result in the service
layer; nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from breach.errors import IllegalTransition
from breach.vocabulary import IncidentStatus as S

# Each line: from -> the states it may move to, with why the move exists.
TRANSITIONS: Final[Mapping[S, frozenset[S]]] = {
    # Intake: a person or a SIEM reported something (DPA 8(1)(a): immediate detection).
    S.REPORTED: frozenset({S.INVESTIGATING, S.CONFIRMED, S.DISMISSED}),
    # A short investigation may precede awareness; it ends in certainty either way (EDPB 9/2022 para 33).
    S.INVESTIGATING: frozenset({S.CONFIRMED, S.DISMISSED}),
    # Confirmed: a personal data breach; the notices leave at once (DPA 8(1)(b) "onmiddellijk").
    S.CONFIRMED: frozenset({S.NOTIFYING, S.WITHDRAWN}),
    S.NOTIFYING: frozenset({S.NOTIFIED, S.WITHDRAWN}),
    S.NOTIFIED: frozenset({S.CONTAINED, S.CLOSED, S.WITHDRAWN}),
    S.CONTAINED: frozenset({S.CLOSED, S.WITHDRAWN}),
    # A dismissal may be reopened when new evidence appears; the dismissal stays in the audit log.
    S.DISMISSED: frozenset({S.INVESTIGATING}),
    # Final states: a closed incident is re-opened as a new incident that refers to it.
    S.CLOSED: frozenset(),
    # Withdrawn: notified, then found not to be a personal data breach (an all-clear notice follows).
    S.WITHDRAWN: frozenset(),
}

# Before confirmation no controller has been told; after it every change is told to them.
PRE_CONFIRMATION: Final[frozenset[S]] = frozenset({S.REPORTED, S.INVESTIGATING})


def transition(current: S, target: S) -> S:
    """Return ``target`` if the machine allows moving there from ``current``; raise ``IllegalTransition``."""
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise IllegalTransition(current.value, target.value, tuple(sorted(s.value for s in allowed)))
    return target


def is_final(status: S) -> bool:
    return not TRANSITIONS[status]
