"""Whether the duty behind a notice still stands: while it does, the notice is retried, never dropped.

DPA clause 8(1)(b) obliges us to tell each controller "immediately" and GDPR Art. 33(2) "without undue
delay": nothing in either lets a notice lapse because a receiver was down. The duty to deliver a notice
about an incident ends only when the incident itself ends (closed, dismissed, withdrawn): then a late
initial notice informs no one of anything they must act on. The notices that the end itself owes (the
closing notice, the all-clear after a withdrawal, the record of destruction after retention) are due from
that moment, so their duty stands until they are delivered or the customer is reached another way.

Pure: the callers load the incident's status and the notice's kind.
"""

from __future__ import annotations

from typing import Final

from breach.notices.kinds import KINDS, kinds_where
from breach.vocabulary import IncidentStatus, NoticeKind, NoticeStatus

ENDED: Final = frozenset({IncidentStatus.CLOSED, IncidentStatus.DISMISSED, IncidentStatus.WITHDRAWN})

# Owed because the incident ended (lifecycle.close, lifecycle.withdraw, retention): the kind table's
# ``owed_after_end`` rows, for the SQL that counts what is still owed.
OWED_AT_END: Final = kinds_where(lambda spec: spec.owed_after_end)

# A notice in these states is no longer owed: delivered, or the customer was reached another way and a
# person recorded it (``breach record REF --customer NAME reached-by-phone``).
SETTLED: Final = frozenset({NoticeStatus.DELIVERED, NoticeStatus.REACHED_OTHERWISE, NoticeStatus.CANCELLED})


def duty_stands(kind: NoticeKind, incident_status: IncidentStatus | None) -> bool:
    """True while a customer notice of ``kind`` about an incident in ``incident_status`` is still owed.

    ``None``: the notice concerns no incident (a contact check); it tests one contact and owes nothing
    beyond its own tries.
    """
    if incident_status is None:
        return False
    if KINDS[kind].owed_after_end:
        return True
    return incident_status not in ENDED


def ended_reason(incident_status: IncidentStatus | None) -> str:
    """Why a notice's duty ended, for its ``last_error`` and its audit event."""
    if incident_status is None:
        return "no incident: nothing further is owed"
    return f"the duty ended: the incident is {incident_status.value}"
