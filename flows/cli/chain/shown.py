"""The lines ``breach show`` gives our link of the chain (issue 21): which sub-processor told us, its notice
key, when it reached us and their services mapped to ours; never the notice's text or their contacts."""

from __future__ import annotations

from sqlmodel import Session

from breach.db.models.incidents import Incident
from flows.cli.common import out
from flows.usecases.chain.link import received, service_text
from flows.usecases.chain.updates import Pending, describe, pending


def print_block(incident: Incident, session: Session) -> None:
    """Nothing for an incident no sub-processor reported."""
    for link in received(incident, session=session):
        out.print(f"from        our sub-processor {link.subprocessor} ({link.country})", markup=False)
        version = f" {link.schema_version}" if link.schema_version else ""
        out.print(f"  notice    {link.notice_key} ({link.form}{version})", markup=False)
        out.print(f"  received  {link.received_at.isoformat(timespec='minutes')} by {link.received_by}", markup=False)
        if link.their_aware_at is not None:
            out.print(f"  they knew {link.their_aware_at.isoformat(timespec='minutes')}", markup=False)
        out.print(f"  services  {service_text(link)}", markup=False)
    print_pending(pending(incident, session=session), incident.reference)


def print_pending(waiting: list[Pending], reference: str) -> None:
    """The notices waiting for review, each with what it would change against our facts."""
    for item in waiting:
        phase = f" {item.phase}" if item.phase is not None else ""
        out.print(
            f"to review  {item.kind}{phase} from {item.subprocessor}, notice {item.notice_key},"
            f" received {item.received_at.isoformat(timespec='minutes')}",
            markup=False,
        )
        if item.all_clear:
            out.print(
                "  all-clear: accepting it withdraws our incident (or dismisses it before confirmation)", markup=False
            )
        elif not item.changes:
            out.print("  changes nothing against our facts", markup=False)
        for change in item.changes:
            out.print(f"  {describe(change)}", markup=False)
    if waiting:
        out.print(f"  accept with `breach intake accept {reference}`", markup=False)
