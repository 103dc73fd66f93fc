"""The baseline: the simplest correct script that sends the same notices, for the engine to be held against.

One process, no database, no Prefect: a sequential loop that, for each customer, builds the notice's
context with the engine's own pure builder, renders it with the same Jinja environment, encodes the same
JSON attachment, and sends it through a fresh ``apprise.Apprise`` to the same sink, the notice key in the
same header. Its inputs (the directory, the incident, each case with its risk assessment, each notice
row) are built in memory before the clock starts, as the engine's are committed before its clock starts.

``python -m tests.bench.baseline_run N CHANNEL PORT`` prints a JSON object: the loop's start and end
(``time.time()``) and the number of sends Apprise reported as failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from typing import Any


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("controllers", type=int)
    parser.add_argument("channel", choices=("webhook", "smtp"))
    parser.add_argument("port", type=int)
    parser.add_argument("--reference", default="BR-2026-0001")
    args = parser.parse_args(argv)

    import apprise  # noqa: PLC0415
    from apprise.attachment.memory import AttachMemory  # noqa: PLC0415

    from flows import runtime  # noqa: PLC0415
    from flows.risk_wiring import assess_for_customer  # noqa: PLC0415
    from notifications.channels.channel import HTML_SCHEMES, OutgoingMessage, keyed_url  # noqa: PLC0415
    from notifications.context.build import ServiceLine, notice_context  # noqa: PLC0415
    from notifications.render import payload  # noqa: PLC0415
    from notifications.render.rendering import render  # noqa: PLC0415
    from tests.bench import scenario  # noqa: PLC0415

    url_for = scenario.webhook_url(args.port) if args.channel == "webhook" else scenario.email_url(args.port)
    now = datetime.now(UTC)
    world = scenario.directory(args.controllers, url_for, now=now, display=lambda url: url)
    incident, owed = scenario.in_memory(world, reference=args.reference, now=now, assess=assess_for_customer)
    names = scenario.service_names(world)
    codes = {service.id: service.code for service in world.services}
    sender = runtime.sender()

    def attached(content: bytes) -> Any:
        # Apprise leaves AttachMemory unannotated (pyproject's mypy overrides cover our adapters, not this).
        return AttachMemory(content=content, name=payload.FILENAME, mimetype="application/json")  # type: ignore[no-untyped-call]

    failed = 0
    started = time.time()
    for item in owed:
        notice, customer, contact = item.notice, item.customer, item.contact
        lines = [
            ServiceLine(
                code=codes[use.service_id],
                name=names[use.service_id],
                data_subjects=use.data_subjects,
                data_kinds=tuple(use.data_kinds),
                subject_kinds=tuple(use.subject_kinds),
            )
            for use in item.uses
        ]
        context = notice_context(
            notice=notice,
            incident=incident,
            customer=customer,
            case=item.case,
            services=lines,
            detail=contact.detail,
            sender=sender,
            now=datetime.now(UTC),
        )
        rendered = render(notice.kind.value, notice.language.value, context)
        attachment = payload.encode(context)
        message = OutgoingMessage(notice.notice_key, rendered.subject, rendered.text, rendered.html)
        html = contact.url.split("://", 1)[0] in HTML_SCHEMES
        sender_app = apprise.Apprise()
        sender_app.add(keyed_url(contact.url, message))
        ok = sender_app.notify(
            body=rendered.html if html else rendered.text,
            title=rendered.subject,
            body_format=apprise.NotifyFormat.HTML if html else apprise.NotifyFormat.TEXT,
            attach=[attached(attachment)],
        )
        failed += 0 if ok else 1
    finished = time.time()
    print(json.dumps({"started_at": started, "finished_at": finished, "failed": failed, "sent": len(owed)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
