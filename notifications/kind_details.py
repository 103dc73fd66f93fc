"""What each notice kind adds to its context, read from the details stored with the notice row.

An update's changes, a retraction's reason, a closing's reports: ``breach`` stores them as JSON when it
queues the notice, and ``KIND_DETAILS`` maps each kind to the function that turns them into the
``NoticeContext`` fields of that kind. Each takes what is there and leaves the rest empty; the kind's
template refuses to render without what it needs (``RenderError``), so a gap fails one notice visibly
instead of a whole delivery batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from breach.deadline_status import format_local
from breach.retention import REMOVED_ITEMS
from notifications.context_models import (
    Change,
    Closing,
    DeadlineLine,
    Destruction,
    RemovedLine,
    ReportLine,
    Retraction,
    SecurityIncident,
)


def _instant(value: object, tz: str) -> str:
    """A stored ISO 8601 instant, shown in ``tz``."""
    return format_local(datetime.fromisoformat(str(value)), tz)


def _deadline_line(raw: Mapping[str, Any], tz: str) -> DeadlineLine:
    # ``due_utc`` is the instant; ``due`` is shown again in this customer's zone, whatever zone it was
    # written in when the notice was queued.
    instant = datetime.fromisoformat(str(raw["due_utc"]))
    hours = raw.get("hours")
    return DeadlineLine(rule=str(raw["rule"]), due=format_local(instant, tz), due_utc=str(raw["due_utc"]), hours=hours)


def _update_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    return {"changes": tuple(Change.model_validate(c) for c in details.get("changes") or ())}


def _all_clear_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    if details.get("reason") is None:
        return {}
    retraction = Retraction(
        reason=str(details["reason"]), retracts=details.get("retracts"), mode=details.get("mode") or "no_breach"
    )
    return {"retraction": retraction}


def _closing_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    if details.get("closed_at") is None:
        return {}
    reports = tuple(
        ReportLine(
            event=str(r["event"]), occurred_at=_instant(r["occurred_at"], tz), summary=str(r.get("summary") or "")
        )
        for r in details.get("reports") or ()
    )
    return {"closing": Closing(closed_at=_instant(details["closed_at"], tz), reports=reports)}


def _early_warning_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    return {"early_note": details.get("note")}


def _security_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    if details.get("significant") is None:
        return {}
    security = SecurityIncident(significant=bool(details["significant"]), service_impact=details.get("service_impact"))
    return {"security": security}


def _risk_recommendation_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    return {"deadlines": tuple(_deadline_line(d, tz) for d in details.get("deadlines") or ())}


def _contact_check_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    return {"check_id": details.get("check_id")}


def _support_pack_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    return {"packs": tuple(str(kind) for kind in details.get("packs") or ())}


def _destruction_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    if details.get("destroyed_at") is None:
        return {}
    counts: Mapping[str, Any] = details.get("counts") or {}
    # The order of breach.retention.REMOVED_ITEMS; a name it does not know follows, and fails to render
    # (no label) rather than vanish from a record of destruction.
    order = {name: index for index, name in enumerate(REMOVED_ITEMS)}
    names = sorted(counts, key=lambda name: (order.get(name, len(order)), name))
    destruction = Destruction(
        destroyed_at=_instant(details["destroyed_at"], tz),
        closed_at=_instant(details["closed_at"], tz),
        retention_days=int(details["retention_days"]),
        removed=int(details.get("removed") or sum(int(v) for v in counts.values())),
        removed_sha256=str(details["removed_sha256"]),
        lines=tuple(RemovedLine(item=name, count=int(counts[name])) for name in names),
    )
    return {"destruction": destruction}


# kind -> the NoticeContext fields its stored details fill; beside each, the JSON keys it reads (others
# are ignored). Kinds not listed (initial, pass_on) have no details.
KIND_DETAILS: Final[Mapping[str, Callable[[Mapping[str, Any], str], dict[str, Any]]]] = {
    "update": _update_details,  # {"changes": [{"path", "group", "kind", "before", "after"}]}
    "all_clear": _all_clear_details,  # {"reason", "retracts", "mode"}
    "closing": _closing_details,  # {"closed_at", "reports": [{"event", "occurred_at", "summary"}]}
    "early_warning": _early_warning_details,  # {"note"}
    "security_incident": _security_details,  # {"significant", "service_impact"}
    "risk_recommendation": _risk_recommendation_details,  # {"deadlines": [{"rule", "due", "due_utc", "hours"}]}
    "contact_check": _contact_check_details,  # {"check_id"}
    "support_pack": _support_pack_details,  # {"packs": ["authority", "subjects", "dpia"]}
    # {"destroyed_at", "closed_at", "retention_days", "removed", "removed_sha256", "counts": {item: n}}
    "destruction": _destruction_details,
}
