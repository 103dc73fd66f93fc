"""Support packs sent to the controller as a notice (DPA clause 8(1)(c)-(e)): loaded, rendered, attached.

A ``support_pack`` notice names its pack kinds in its stored details; when the outbox renders it, each
pack is built fresh from the case as it stands then (like every notice's facts), rendered to Markdown,
HTML and JSON (``notifications.packs.case_packs``) and attached as ``PACK-<reference>-<kind>.<format>``. Packs hold
the breach's facts: they go to full-detail contacts only (e-mail, webhooks; LAW.md section 3), never to a
chat channel: the kind's row (``breach.notices.kinds``, full detail only) keeps minimal contacts out when
queued and on fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Final

from sqlmodel import Session

from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.errors import InvalidInput
from breach.incidents.store.recorded import deadlines_in_scope, reports_of
from notifications.context.build import NoticeContext, Sender
from notifications.packs.case_packs import PACK_KINDS, PackContext, PackKind, pack_context, render_pack
from notifications.render.rendering import Rendition, render_notice

MIMETYPES: Final = {"md": "text/markdown", "html": "text/html", "json": "application/json"}


def pack_kinds(values: Sequence[str]) -> tuple[PackKind, ...]:
    """The pack kinds named, each once, in ``PACK_KINDS`` order; an unknown one is ``InvalidInput``."""
    if not values:
        raise InvalidInput("kind", None, f"name at least one pack: {', '.join(PACK_KINDS)}")
    for value in values:
        if value not in PACK_KINDS:
            raise InvalidInput("kind", value, f"expected one of {', '.join(PACK_KINDS)}")
    return tuple(kind for kind in PACK_KINDS if kind in values)


def case_packs(
    kinds: Sequence[str],
    *,
    incident: Incident,
    case: ControllerCase,
    customer: Customer,
    session: Session,
    sender: Sender,
    now: datetime,
) -> tuple[PackContext, ...]:
    """The contexts of ``kinds`` for one case, as of ``now``. Reads only."""
    chosen = pack_kinds(kinds)
    deadlines = deadlines_in_scope(session=session, incident_id=incident.id, case_id=case.id)
    reports = reports_of(session=session, incident_id=incident.id, case_id=case.id)
    service_ids = [s.id for s in repository.incident_services(incident.id, session=session)]
    uses = repository.service_uses_detail([customer.id], service_ids, session=session)[customer.id]
    return tuple(
        pack_context(
            kind,
            incident=incident,
            case=case,
            customer=customer,
            deadlines=deadlines,
            reports=reports,
            sender=sender,
            now=now,
            uses=uses,
        )
        for kind in chosen
    )


def pack_files(packs: Sequence[PackContext]) -> tuple[tuple[str, bytes, str], ...]:
    """Each pack in each format, as (file name, content, MIME type); a gap in a pack is a ``RenderError``."""
    files: list[tuple[str, bytes, str]] = []
    for context in packs:
        rendered = render_pack(context)
        for fmt, mimetype in MIMETYPES.items():
            name = f"PACK-{context.reference}-{context.kind}.{fmt}"
            files.append((name, rendered.as_format(fmt).encode("utf-8"), mimetype))
    return tuple(files)


def render_with_packs(
    kind: str, language: str, context: NoticeContext, with_payload: bool, packs: tuple[PackContext, ...]
) -> Rendition:
    """``render_notice`` with the packs attached; never raises (a render worker runs it too), so a pack
    that cannot be rendered fails its notice visibly instead of leaving without it."""
    rendition = render_notice(kind, language, context, with_payload)
    if rendition.rendered is None or not packs:
        return rendition
    try:
        files = pack_files(packs)
    except Exception as exc:  # a template defect in a pack: the notice fails with the reason
        return Rendition(None, problem=f"pack not rendered: {exc}")
    return replace(rendition, files=files)
