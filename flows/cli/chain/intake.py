"""``breach intake FILE --from NAME``: take in a breach notice a sub-processor sent us by other means (an
e-mail attachment, a portal download), as ``POST /intake/notices`` takes one in from its own key.

``breach intake pending REF`` shows the notices (their updates, their all-clear) waiting for review on our
incident REF and what each would change against our facts; ``breach intake accept REF`` makes them ours
(``flows.usecases.chain.updates``), which sends our customers our update or all-clear as recorded facts do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Final

import typer

from breach.chain.intake import MAX_NOTICE_BYTES
from breach.chain.store import subprocessors
from breach.db import repository
from breach.errors import InvalidInput
from breach.vocabulary import Language
from flows import db
from flows.cli import lifecycle as cli_lifecycle
from flows.cli.chain.shown import print_pending
from flows.cli.common import clock, handled, out
from flows.input_files import read_text
from flows.settings import get_settings
from flows.usecases.chain import updates
from flows.usecases.chain.intake import take_in

ACTIONS: Final = ("pending", "accept")


def _read(file: Path) -> object:
    if file.exists() and file.stat().st_size > MAX_NOTICE_BYTES:
        raise InvalidInput("file", str(file), f"is larger than {MAX_NOTICE_BYTES // 1024} KiB")
    text = read_text(file)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput("file", str(file), f"is not JSON: {exc.msg} (line {exc.lineno})") from None
    except RecursionError:
        raise InvalidInput("file", str(file), "is nested too deeply") from None


def intake(
    file: Annotated[
        str,
        typer.Argument(
            help="The notice: our breach-notice JSON (schema 1.x) or the minimal form; or `pending` or `accept`"
            " followed by an incident reference (a file named so: ./pending).",
            metavar="FILE|pending|accept",
        ),
    ],
    reference: Annotated[
        str | None, typer.Argument(help="With pending or accept: our incident reference.", show_default=False)
    ] = None,
    sender: Annotated[
        str | None, typer.Option("--from", help="The sub-processor that sent it, as `subprocessors list` names it.")
    ] = None,
) -> None:
    """Open an incident (investigating) from a sub-processor's breach notice, or keep its later notice for review;
    a repeat of a notice changes nothing. `pending REF` shows what waits for review, `accept REF` makes it ours."""
    with handled():
        if file in ACTIONS:
            if reference is None:
                raise InvalidInput("reference", None, f"`breach intake {file}` needs our incident reference")
            (_pending if file == "pending" else _accept)(reference)
            return
        if reference is not None:
            raise InvalidInput("reference", reference, "only `pending` and `accept` take a reference")
        if sender is None:
            raise InvalidInput("from", None, "name the sub-processor that sent the notice (--from NAME)")
        _take(Path(file), sender)


def _take(file: Path, sender: str) -> None:
    settings = get_settings()
    data = _read(file)
    with db.unit_of_work() as session:
        sub_id = subprocessors.by_name(sender, session=session).id
    answer = take_in(
        data,
        subprocessor_id=sub_id,
        unit_of_work=db.unit_of_work,
        actor=settings.operator,
        now=clock.now(),
        language=Language(settings.dpo_language),
    )
    if answer.replayed:
        out.print(f"{answer.notice_key}: already received at {answer.received_at.isoformat()} as {answer.reference}")
        return
    if answer.update:
        out.print(
            f"{answer.notice_key}: a later notice of {sender} about {answer.reference} ({answer.status}), kept for"
            f" review: `breach intake pending {answer.reference}`, then `breach intake accept {answer.reference}`"
        )
        return
    out.print(
        f"{answer.reference} opened ({answer.status}) from {sender}'s notice {answer.notice_key}; "
        f"services {', '.join(answer.services)}; our DPO and security lead are alerted. Confirm or dismiss it."
    )


def _pending(reference: str) -> None:
    with db.unit_of_work() as session:
        incident = repository.incident_by_reference(reference, session=session)
        waiting = updates.pending(incident, session=session)
    if not waiting:
        out.print(f"{reference}: no notice from a sub-processor waits for review")
        return
    print_pending(waiting, reference)


def _accept(reference: str) -> None:
    settings = get_settings()
    with db.unit_of_work() as session:
        accepted = updates.accept(
            reference,
            session=session,
            actor=settings.operator,
            now=clock.now(),
            language=Language(settings.dpo_language),
        )
    shown = {
        "facts": f"their facts recorded as ours ({accepted.changes} changes), {accepted.queued} notices queued",
        "unchanged": "nothing changed against our facts",
        "withdrawn": f"withdrawn on their all-clear, {accepted.queued} all-clear notices queued",
        "dismissed": "dismissed on their all-clear",
    }[accepted.outcome]
    out.print(f"{reference}: accepted {', '.join(accepted.notices)}: {shown}")
    if accepted.services_added:
        out.print(
            f"{reference}: services added: {', '.join(accepted.services_added)}; "
            f"{accepted.cases_created} customers newly concerned told"
        )
    if accepted.queued or accepted.outcome == "dismissed":
        cli_lifecycle.deliver_and_report()


def register(app: typer.Typer) -> None:
    app.command("intake")(intake)
