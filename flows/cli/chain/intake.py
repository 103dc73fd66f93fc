"""``breach intake FILE --from NAME``: take in a breach notice a sub-processor sent us by other means (an
e-mail attachment, a portal download), as ``POST /intake/notices`` takes one in from its own key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from breach.chain.intake import MAX_NOTICE_BYTES
from breach.chain.store import subprocessors
from breach.errors import InvalidInput
from breach.vocabulary import Language
from flows import db
from flows.cli.common import clock, handled, out
from flows.input_files import read_text
from flows.settings import get_settings
from flows.usecases.chain.intake import take_in


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
    file: Annotated[Path, typer.Argument(help="The notice: our breach-notice JSON (schema 1.x) or the minimal form.")],
    sender: Annotated[
        str, typer.Option("--from", help="The sub-processor that sent it, as `subprocessors list` names it.")
    ],
) -> None:
    """Open an incident (investigating) from a sub-processor's breach notice; a repeat of a notice changes nothing."""
    settings = get_settings()
    with handled():
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
    out.print(
        f"{answer.reference} opened ({answer.status}) from {sender}'s notice {answer.notice_key}; "
        f"services {', '.join(answer.services)}; our DPO and security lead are alerted. Confirm or dismiss it."
    )


def register(app: typer.Typer) -> None:
    app.command("intake")(intake)
