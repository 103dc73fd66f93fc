"""``breach check``: is the engine ready to reach people? And the warning the delivering commands print.

It checks the alert channel (``flows.alert_channel``) and our DPO's contact, which every notice carries
and without which no notice reaches a real contact (``notifications.delivery.dpo_contact``); exit code 0
when both are usable, 1 when not, so a deployment script or CI can refuse to go live without them.
"""

from __future__ import annotations

import typer

from flows import alert_channel, runtime
from flows.cli.common import err, handled, out
from notifications.delivery.dpo_contact import dpo_problem


def warn_alert_channel() -> None:
    """A line on stderr when our own alerts would reach nobody; commands that deliver call it first."""
    with handled():
        line = alert_channel.warning(runtime.internal_route().urls)
    if line is not None:
        err.print(line, markup=False)


def check() -> None:
    """Check the engine's settings that decide whether people are reached: the DPO alert channel and contact."""
    with handled():
        urls = runtime.internal_route().urls
        dpo = runtime.sender().dpo
    found = alert_channel.problems(urls)
    if (missing_dpo := dpo_problem(dpo)) is not None:
        found.append(f"{missing_dpo}; notices are sent to spool:// contacts only until they are")
    for problem in found:
        err.print(f"error: {problem}", markup=False)
    if found:
        raise typer.Exit(1)
    out.print(f"alert channel: {len(urls)} URL(s), each usable by Apprise ({alert_channel.VARIABLE})")
    out.print("DPO contact: name, e-mail and phone set (BREACH_DPO_NAME, BREACH_DPO_EMAIL, BREACH_DPO_PHONE)")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
