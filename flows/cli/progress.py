"""Following a delivery run from the outside: counts read from the outbox, shown as a progress bar."""

from __future__ import annotations

import threading
from collections.abc import Callable
from uuid import UUID

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlmodel import col, func, select

from breach.db.models.outbox import Notice
from breach.notices.kinds import FIRST_NOTICES
from breach.vocabulary import NoticeStatus
from flows import db


def first_notice_counts(incident_id: UUID) -> tuple[int, int, int]:
    """(delivered, failed, total) of the incident's first notices."""
    with db.unit_of_work() as session:
        rows = session.exec(
            select(Notice.status, func.count())
            .where(Notice.incident_id == incident_id)
            .where(col(Notice.kind).in_([k.value for k in FIRST_NOTICES]))
            .group_by(col(Notice.status))
        ).all()
    by_status = {NoticeStatus(status): count for status, count in rows}
    return (
        by_status.get(NoticeStatus.DELIVERED, 0),
        by_status.get(NoticeStatus.FAILED, 0),
        sum(by_status.values()),
    )


def run_with_progress(incident_id: UUID, run: Callable[[], object], console: Console) -> None:
    """Run ``run`` (the delivery flow) while a bar shows delivered / total from the database."""
    done = threading.Event()
    with Progress(
        TextColumn("delivering"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        delivered, failed, total = first_notice_counts(incident_id)
        bar = progress.add_task("notices", total=total, completed=delivered, failed=failed)

        def poll() -> None:
            while not done.wait(0.25):
                d, f, t = first_notice_counts(incident_id)
                progress.update(bar, completed=d, total=t, failed=f)

        watcher = threading.Thread(target=poll, name="progress", daemon=True)
        watcher.start()
        try:
            run()
        finally:
            done.set()
            watcher.join()
            d, f, t = first_notice_counts(incident_id)
            progress.update(bar, completed=d, total=t, failed=f)
