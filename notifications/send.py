"""Rendering drafts and sending them: concurrent senders, with rendering in worker processes if asked.

Each draft is rendered into the ``Job`` a channel sends (``realise``) and handed to a sender thread at
once, so the first notice leaves while the next renders. Nothing here touches the database: every try's
``Result``, failed or not, goes back to ``notifications.settle`` to be recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from breach.clock import Clock
from breach.errors import DeliveryError
from notifications import payload
from notifications.channels import Attachment, Channel, OutgoingMessage
from notifications.context import AlertContext, NoticeContext
from notifications.delivery_types import Draft, Job, Result
from notifications.faults import checkpoint
from notifications.rendering import Rendition, render_notice, render_pool
from notifications.support_notice import render_with_packs


def _render(draft: Draft, context: NoticeContext | AlertContext) -> Rendition:
    kind, language = draft.notice.kind.value, draft.notice.language.value
    if draft.packs and isinstance(context, NoticeContext):
        return render_with_packs(kind, language, context, draft.with_payload, draft.packs)
    return render_notice(kind, language, context, draft.with_payload)


def realise(draft: Draft, rendition: Rendition | None = None) -> Job:
    """Render a draft into the job a channel sends; a template defect makes a job that fails visibly.

    ``rendition``: the draft already rendered elsewhere (a render worker).
    """
    if draft.job is not None:
        return draft.job
    if draft.context is None:  # a draft is either planned with a context or already a job
        raise ValueError("a draft without a context needs its job")
    if rendition is None:
        rendition = _render(draft, draft.context)
    if rendition.rendered is None:  # a template defect: the notice fails visibly instead of leaving incomplete
        problem = DeliveryError(rendition.problem or "not rendered", transient=False)
        return Job(draft.notice.id, draft.contact_id, draft.urls, draft.display, None, problem)
    rendered = rendition.rendered
    attachments = (
        (Attachment(payload.FILENAME, rendition.document, "application/json"),)
        if rendition.document is not None
        else ()
    ) + tuple(Attachment(name, content, mimetype) for name, content, mimetype in rendition.files)
    message = OutgoingMessage(
        notice_key=draft.notice.notice_key,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        attachments=attachments,
        possible_duplicate=draft.notice.possible_duplicate,
    )
    return Job(draft.notice.id, draft.contact_id, draft.urls, draft.display, message)


def _send_one(job: Job, channel: Channel, clock: Clock) -> Result:
    started = clock.now()
    if job.problem is not None or job.message is None:
        return Result(job, started, started, None, job.problem)
    errors: list[DeliveryError] = []
    for url in job.urls:
        try:
            receipt = channel.send(url, job.message)
        except DeliveryError as error:
            errors.append(error)
            continue
        checkpoint("mid-batch")
        return Result(job, started, clock.now(), receipt, None)
    if len(errors) == 1:
        return Result(job, started, clock.now(), None, errors[0])
    combined = DeliveryError("; ".join(e.reason for e in errors), transient=any(e.transient for e in errors))
    return Result(job, started, clock.now(), None, combined)


def send_all(jobs: Sequence[Job], *, channel: Channel, clock: Clock, concurrency: int) -> list[Result]:
    if concurrency <= 1 or len(jobs) <= 1:
        return [_send_one(job, channel, clock) for job in jobs]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(jobs)), thread_name_prefix="send") as pool:
        return list(pool.map(lambda job: _send_one(job, channel, clock), jobs))


# A batch smaller than this renders in the delivering process: starting a worker would cost more.
MIN_POOLED_BATCH = 16


def render_and_send(
    drafts: Sequence[Draft], *, channel: Channel, clock: Clock, concurrency: int, render_processes: int = 0
) -> list[Result]:
    """Render each draft and hand it to a sender at once: the first notice leaves while the next renders.

    With ``render_processes`` the rendering runs in worker processes (``RenderPool``) once they are up,
    on another core than the sending; until then, and for small batches, it runs here. Results come back
    in the drafts' order, as ``send_all`` returns them.
    """
    pool = render_pool(render_processes) if len(drafts) >= MIN_POOLED_BATCH else None
    rendered: list[Future[Rendition] | None] = [None] * len(drafts)
    pooled_from = len(drafts)  # drafts from this index on were handed to the pool

    def job(index: int) -> Job:
        nonlocal pooled_from
        if pool is not None and index < pooled_from and pool.ready():
            # The workers are up (now, or from the start): the rest of the batch renders there.
            for later in range(index, pooled_from):
                draft = drafts[later]
                if draft.job is None and draft.context is not None:
                    kind, language = draft.notice.kind.value, draft.notice.language.value
                    if draft.packs and isinstance(draft.context, NoticeContext):
                        rendered[later] = pool.submit(
                            render_with_packs, kind, language, draft.context, draft.with_payload, draft.packs
                        )
                    else:
                        rendered[later] = pool.submit(render_notice, kind, language, draft.context, draft.with_payload)
            pooled_from = index
        future = rendered[index]
        if future is None:
            return realise(drafts[index])
        try:
            return realise(drafts[index], future.result())
        except BrokenProcessPool:  # a worker died (killed, out of memory): render here instead
            return realise(drafts[index])

    if concurrency <= 1 or len(drafts) <= 1:
        return [_send_one(job(i), channel, clock) for i in range(len(drafts))]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(drafts)), thread_name_prefix="send") as senders:
        futures = [senders.submit(_send_one, job(i), channel, clock) for i in range(len(drafts))]
        return [future.result() for future in futures]
