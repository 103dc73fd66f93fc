"""What a customer does with its own case, for the API and the portal alike: report what it did,
acknowledge a notice, download its evidence pack or one of our support packs. Each checks the case is
the caller's own (another customer's is "not found") and runs in the request's unit of work, which notes
the key's use; writes are audited by the use case they call, naming the key's holder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from fastapi import Response

from breach.db.models.outbox import Notice
from breach.deadlines import events
from breach.errors import ConfigurationError, InvalidInput, NotFound
from breach.incidents.store.recorded import record_event
from flows.usecases import case_views
from flows.usecases.support_packs import case_pack
from flows.web.api.errors import ApiError
from flows.web.api.models import AckResult, ReportResult
from flows.web.api_keys import CustomerPrincipal
from notifications import ack
from notifications.packs.case_packs import PackFormat, PackKind, render_pack
from notifications.packs.support_notice import MIMETYPES

if TYPE_CHECKING:
    from flows.web.api.auth import Api


def pack_response(name: str, text: str, fmt: PackFormat) -> Response:
    """A rendered pack as a download (API and portal); text types carry ``charset=utf-8``."""
    return Response(text, media_type=MIMETYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})


def record_report(
    api: Api, who: CustomerPrincipal, case_id: UUID, *, event: str, at: Any, details: dict[str, Any]
) -> ReportResult:
    """A customer's report on its own case, through ``breach.incidents.reports.record_event`` (API and portal)."""
    spec = events.EVENTS.get(event)
    if spec is None or spec.scope != "case" or spec.ours:  # ``ours``: we record it (reached-by-phone)
        known = ", ".join(name for name, e in events.EVENTS.items() if e.scope == "case" and not e.ours)
        raise InvalidInput("event", event, f"not an event of a case (one of: {known})")
    for name, value in details.items():
        # The portal's form fields reach here unchecked by a request model; PostgreSQL text holds no NUL.
        if "\x00" in name or (isinstance(value, str) and "\x00" in value):
            raise InvalidInput(name, None, "NUL characters (U+0000) are not allowed")
    now = api.clock.now()
    with api.work(who) as session:
        case, incident, owner = case_views.own_case(who.customer_id, case_id, session=session)
        result = record_event(
            session=session,
            incident=incident,
            case=case,
            customer=owner,
            event=event,
            at=at,
            details=details,
            actor=who.actor,
            now=now,
        )
        return ReportResult(
            id=result.report.id,
            event=result.report.event,
            occurred_at=result.report.occurred_at,
            late=result.plan.late,
            repeated=result.repeated,
            started=[d.rule for d in result.started],
            met=[d.rule for d in result.met],
        )


def evidence_pack(api: Api, who: CustomerPrincipal, case_id: UUID) -> tuple[str, bytes]:
    """The customer's own case's evidence pack (``flows.evidence.build_pack``): its reference and the zip."""
    from flows.evidence import build_pack  # noqa: PLC0415  (the records module; only this route needs it)

    with api.work(who) as session:
        _case, incident, owner = case_views.own_case(who.customer_id, case_id, session=session)
        try:
            pack = build_pack(incident.reference, owner.name, session=session, now=api.clock.now())
        except ConfigurationError:
            # Never an unsigned pack: without our signing key the server says so (the setting, not its path).
            raise ApiError(503, "evidence", None, "no evidence signing key is configured on this server") from None
    return incident.reference, pack.data


def support_pack(api: Api, who: CustomerPrincipal, case_id: UUID, kind: PackKind, fmt: PackFormat) -> tuple[str, str]:
    """One support pack of the customer's own case, in its language, as of now: the file name and the text.
    Reads only (like the evidence pack, a read is not an audit event)."""
    now = api.clock.now()
    with api.work(who) as session:
        case, incident, owner = case_views.own_case(who.customer_id, case_id, session=session)
        context = case_pack(
            kind, incident=incident, case=case, customer=owner, session=session, sender=api.sender, now=now
        )
    return f"PACK-{context.reference}-{kind}.{fmt}", render_pack(context).as_format(fmt)


def acknowledge_notice(
    api: Api, who: CustomerPrincipal, case_id: UUID, notice_id: UUID, name: str, *, via: ack.Via
) -> AckResult:
    """Acknowledge one notice of the customer's own case (API and portal)."""
    now = api.clock.now()
    with api.work(who) as session:
        case, _incident, _owner = case_views.own_case(who.customer_id, case_id, session=session)
        notice = session.get(Notice, notice_id)
        if notice is None or notice.case_id != case.id or notice.customer_id != who.customer_id:
            raise NotFound("notice", str(notice_id))
        summary = ack.acknowledge(
            session=session, notice_key=notice.notice_key, by=name, via=via, now=now, recorded_by=who.actor
        )
        return AckResult(
            notice_id=notice.id,
            acknowledged_at=summary.acknowledged_at or now,
            acknowledged_by=summary.acknowledged_by or name,
        )
