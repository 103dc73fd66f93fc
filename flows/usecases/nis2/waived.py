"""A NIS2 clock the DPO's "not significant" waives (issue 20): its state told honestly, nothing deleted.

Once ``nis2-significant`` is recorded (by the test or by hand), ``nis2.23.4.a`` and ``.b`` run, and later
``.d``. A DPO who then decides, with a reason, that the incident is not significant (``breach nis2
override --significant no``) does not make the clocks untrue: they started, and the record keeps them with
their start and due times. Each unmet one is shown as **waived by that override**, by whom, when and why, in
``breach show``, the API's NIS2 block and ``breach worklist``, and the watchdog no longer chases it. The
DPO's latest decision rules: a later "yes" lifts the waiver and the clocks stand again as they were (NIS2
Art. 23(4) counts from our awareness, which that "yes" does not move). A met clock stays met.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Protocol
from uuid import UUID

from sqlmodel import Session

from flows.usecases.nis2 import records

PREFIX: Final = "nis2."


@dataclass(frozen=True, slots=True)
class Waiver:
    """The DPO's override that waives the incident's unmet NIS2 clocks."""

    by: str
    at: datetime
    reason: str

    def values(self) -> dict[str, str]:
        return {"by": self.by, "at": self.at.isoformat(), "reason": self.reason}


class Clock(Protocol):
    @property
    def id(self) -> UUID: ...
    @property
    def rule(self) -> str: ...
    @property
    def incident_id(self) -> UUID | None: ...
    @property
    def met_at(self) -> datetime | None: ...


def waiver(incident_id: UUID, *, session: Session) -> Waiver | None:
    """The DPO's latest decision when it is "not significant"; None when there is none or it is "yes"."""
    found = records.latest_override(incident_id, session=session)
    if found is None or found[0]["significant"]:
        return None
    values, at, by = found
    return Waiver(by=by, at=at, reason=str(values["reason"]))


def waived(clocks: Iterable[Clock], *, session: Session) -> dict[UUID, Waiver]:
    """The unmet NIS2 clocks among ``clocks`` that a DPO's "not significant" waives, by clock id."""
    by_incident: dict[UUID, Waiver | None] = {}
    out: dict[UUID, Waiver] = {}
    for clock in clocks:
        if not clock.rule.startswith(PREFIX) or clock.incident_id is None or clock.met_at is not None:
            continue
        if clock.incident_id not in by_incident:
            by_incident[clock.incident_id] = waiver(clock.incident_id, session=session)
        found = by_incident[clock.incident_id]
        if found is not None:
            out[clock.id] = found
    return out
