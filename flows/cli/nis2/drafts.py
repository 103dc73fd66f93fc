"""``breach nis2 draft``: our reports to the CSIRT (NIS2 Art. 23(4)(a)-(e)), as drafts to file.

Filing one is ours to do (the CCB's portal or its mailbox); then ``breach record REF nis2-early-warning-sent``
(``nis2-notification-sent``, ``nis2-progress-report-sent``, ``nis2-final-report-sent``) meets its clock as
before. The intermediate report has no clock: the CSIRT asks for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from breach.errors import InvalidInput
from breach.vocabulary import Language
from flows import db
from flows.cli.common import clock, handled, out
from flows.usecases.nis2.report import build_draft
from notifications.nis2.drafts import REPORT_NAMES, render_report


def draft(
    reference: Annotated[str, typer.Argument(help="The incident reference.")],
    report: Annotated[
        Literal["early-warning", "notification", "intermediate", "final", "progress"],
        typer.Option(
            help="early-warning (NIS2 Art. 23(4)(a)), notification (b), intermediate (c, on the CSIRT's request), "
            "final (d) or progress (e, still ongoing at the final report's due date)."
        ),
    ] = "early-warning",
    language: Annotated[Language, typer.Option(help="The report's language (the CCB takes en, nl and fr).")] = (
        Language.EN
    ),
    fmt: Annotated[Literal["md", "html", "json"], typer.Option("--format", help="md, html or json.")] = "md",
    output: Annotated[Path | None, typer.Option(help="Write to this file (default: standard output).")] = None,
) -> None:
    """Draft our own report to the CSIRT from the incident's facts; nothing is sent."""
    with handled():
        with db.unit_of_work() as session:
            content = build_draft(reference, REPORT_NAMES[report], language.value, session=session, now=clock.now())
        text = render_report(content).as_format(fmt)
        if output is None:
            out.file.write(text)
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InvalidInput("output", str(output), f"cannot be written: {exc}") from None
    out.print(f"{reference}: {report} draft written to {output}", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(draft)
