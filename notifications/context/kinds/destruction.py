"""The record of destruction after the retention period (DPA clause 10(2)): counts and a fingerprint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from breach.records.retention import REMOVED_ITEMS
from breach.vocabulary import NoticeKind
from notifications.context.models import View
from notifications.context.notice import NoticeContext, stored_instant


class RemovedLine(View):
    """One kind of item a retention run removed, and how many (``breach.records.retention.REMOVED_ITEMS``)."""

    item: str  # labelled by the ``removed_item`` group
    count: int


class ContractLine(View):
    """One service of ours whose data for the customer were returned or destroyed, and how many records."""

    service: str  # its name
    records: int


class Destruction(View):
    """The record of destruction of an incident's personal data (DPA clause 10(2)): counts and a fingerprint,
    never the removed text."""

    destroyed_at: str  # in the customer's zone, with its offset
    closed_at: str
    retention_days: int
    removed: int
    removed_sha256: str
    lines: tuple[RemovedLine, ...] = ()
    # "incident": after an incident's retention period; "contract": the whole customer's data at the end of
    # the contract or on its request (DPA clause 10(2); flows.usecases.communications.contract_end).
    scope: Literal["incident", "contract"] = "incident"
    action: Literal["destroyed", "returned"] = "destroyed"
    on_request: bool = False
    services: tuple[ContractLine, ...] = ()


class DestructionContext(NoticeContext):
    kind: Literal[NoticeKind.DESTRUCTION] = NoticeKind.DESTRUCTION
    destruction: Destruction | None = None

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"destroyed_at", "closed_at", "retention_days", "removed", "removed_sha256", "counts": {item: n}}
        if details.get("destroyed_at") is None:
            return {}
        if details.get("scope") == "contract":
            # {"scope", "action", "on_request", "ended_at", "destroyed_at", "services": [{service, records}],
            #  "removed_sha256"}
            lines = tuple(
                ContractLine(service=str(line["service"]), records=int(line["records"]))
                for line in details.get("services") or ()
            )
            contract = Destruction(
                destroyed_at=stored_instant(details["destroyed_at"], tz),
                closed_at=stored_instant(details["ended_at"], tz),
                retention_days=0,
                removed=sum(line.records for line in lines),
                removed_sha256=str(details["removed_sha256"]),
                scope="contract",
                action="returned" if details.get("action") == "returned" else "destroyed",
                on_request=bool(details.get("on_request")),
                services=lines,
            )
            return {"destruction": contract}
        counts: Mapping[str, Any] = details.get("counts") or {}
        # The order of breach.records.retention.REMOVED_ITEMS; a name it does not know follows, and fails to
        # render (no label) rather than vanish from a record of destruction.
        order = {name: index for index, name in enumerate(REMOVED_ITEMS)}
        names = sorted(counts, key=lambda name: (order.get(name, len(order)), name))
        destruction = Destruction(
            destroyed_at=stored_instant(details["destroyed_at"], tz),
            closed_at=stored_instant(details["closed_at"], tz),
            retention_days=int(details["retention_days"]),
            removed=int(details.get("removed") or sum(int(v) for v in counts.values())),
            removed_sha256=str(details["removed_sha256"]),
            lines=tuple(RemovedLine(item=name, count=int(counts[name])) for name in names),
        )
        return {"destruction": destruction}
