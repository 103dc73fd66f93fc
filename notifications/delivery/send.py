"""Rendering drafts and sending them: concurrent senders, with rendering in worker processes if asked.

Each draft is rendered into the ``Job`` a channel sends (``realise``) and handed to a sender thread at
once, so the first notice leaves while the next renders; each try's ``Result``, failed or not, is handed
back as soon as it returns (``Outbound``), to be recorded by ``notifications.delivery.settle`` without waiting for
the rest of the batch. Nothing here touches the database.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any

from breach.clock import Clock
from breach.errors import DeliveryError
from notifications.channels import apprise_pool, mail
from notifications.channels.channel import Attachment, Channel, OutgoingMessage
from notifications.context.build import AlertContext, NoticeContext
from notifications.delivery.faults import checkpoint
from notifications.delivery.offload import mail_in_worker
from notifications.delivery.values import Draft, Job, Result
from notifications.packs.support_notice import render_with_packs
from notifications.render import payload
from notifications.render.rendering import Rendition, render_notice, render_pool


def _render(draft: Draft, context: NoticeContext | AlertContext) -> Rendition:
    kind, language = draft.notice.kind.value, draft.notice.language.value
    if draft.packs and isinstance(context, NoticeContext):
        return render_with_packs(kind, language, context, draft.with_payload, draft.packs)
    return render_notice(kind, language, context, draft.with_payload)


def realise(draft: Draft, rendition: Rendition | None = None, prepared: mail.Prepared | None = None) -> Job:
    """Render a draft into the job a channel sends; a template defect makes a job that fails visibly.

    ``rendition``: the draft already rendered elsewhere (a render worker); ``prepared``: its e-mail, built
    there too (``notifications.delivery.offload.mail_in_worker``).
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
    head = draft.context.audit_head
    message = OutgoingMessage(
        notice_key=draft.notice.notice_key,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        attachments=attachments,
        possible_duplicate=draft.notice.possible_duplicate,
        document=rendition.document,
        audit_head={"seq": head.seq, "hash": head.hash} if head is not None else None,
        prepared=prepared,
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
    combined = DeliveryError(
        "; ".join(e.reason for e in errors),
        transient=any(e.transient for e in errors),
        # Nothing arrived only if no URL took it; any URL that may hold it makes the next try a repeat.
        refused=all(e.refused for e in errors),
        may_have_arrived=any(e.may_have_arrived for e in errors),
        # Soon again only if every URL said it is busy; then after the longest wait any of them asked for.
        busy=all(e.busy for e in errors),
        retry_after=max((e.retry_after for e in errors if e.retry_after is not None), default=None),
    )
    return Result(job, started, clock.now(), None, combined)


# A batch smaller than this renders in the delivering process: starting a worker would cost more.
MIN_POOLED_BATCH = 16


class Outbound:
    """A batch on its way out: each draft rendered and handed to a sender thread at once, and each try's
    ``Result`` available the moment it returns, whatever the others are doing.

    A receiver that hangs holds one sender thread until its read timeout, never the recording of the
    others (issue 15: a batch's threads were waited for as a whole before anything was settled). Rendering
    and handing over run in a thread of their own, so the caller can record results while the rest of the
    batch is still being rendered. With ``render_processes`` the rendering runs in worker processes
    (``RenderPool``) once they are up, on another core than the sending; until then, and for small
    batches, it runs here.
    """

    def __init__(
        self, drafts: Sequence[Draft], *, channel: Channel, clock: Clock, concurrency: int, render_processes: int = 0
    ) -> None:
        # A draft is let go once its job is made (``_job``): its context (the notice's whole data) is the
        # larger part of a batch's memory, and a batch waiting on one hung receiver (45 s) held all of it.
        self.drafts: list[Draft | None] = list(drafts)
        self.channel = channel
        self.clock = clock
        self.remaining = len(self.drafts)
        self._pool = render_pool(render_processes) if len(self.drafts) >= MIN_POOLED_BATCH else None
        self._arrived: queue.SimpleQueue[tuple[int, Result] | BaseException] = queue.SimpleQueue()
        workers = max(1, min(concurrency, len(self.drafts)))
        self._senders = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="send")
        # Apprise runs each send in its own shared pool: sized for our senders, not for the cores.
        self._apprise_room = apprise_pool.sending(workers)
        self._feeder = threading.Thread(target=self._feed, name="send-feed", daemon=True)
        # Set once every draft went to a sender (or the feeder failed): what is still out is being sent.
        self.fed = threading.Event()
        # Rendering futures of the drafts handed to the render pool, from ``_pooled_from`` on.
        self._rendered: list[Future[Any] | None] = [None] * len(self.drafts)
        self._pooled_from = len(self.drafts)

    def __enter__(self) -> Outbound:
        self._apprise_room.__enter__()
        self._feeder.start()
        return self

    def __exit__(self, *exc: object) -> None:
        failed = exc[0] is not None
        try:
            self._senders.shutdown(wait=True, cancel_futures=failed)
        finally:
            self._apprise_room.__exit__(None, None, None)

    def next(
        self, *, most: int, within: float, idle: float | None = None, first_within: float | None = None
    ) -> list[tuple[int, Result]]:
        """Wait for the next result, then take those that follow it: at most ``most``, for at most ``within``
        seconds, and (with ``idle``) only while they keep coming, no gap longer than ``idle``. Each comes
        with its draft's index. Empty once every draft has its result, or (with ``first_within``) when no
        result came for that many seconds: ``remaining`` then says how many are still out.

        While results stream in (a healthy batch) a group grows to ``most`` or ``within``: few commits.
        When they stop (the rest are slow or hung), the group closes after ``idle``: what has returned is
        recorded at once.
        """
        if self.remaining <= 0:
            return []
        try:
            taken = [self._take(first_within)]
        except queue.Empty:
            return []
        deadline = time.monotonic() + within
        while len(taken) < min(most, self.remaining):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                taken.append(self._take(min(left, idle) if idle is not None else left))
            except queue.Empty:
                break
        self.remaining -= len(taken)
        return taken

    def _take(self, timeout: float | None) -> tuple[int, Result]:
        item = self._arrived.get(timeout=timeout)
        if isinstance(item, BaseException):
            # A defect (not a failed delivery: those are results): the batch stops and its unsettled
            # notices are taken again when their lease runs out, flagged as possible duplicates.
            self.remaining = 0
            raise item
        return item

    def _feed(self) -> None:
        try:
            for index in range(len(self.drafts)):
                job = self._job(index)
                future = self._senders.submit(_send_one, job, self.channel, self.clock)
                future.add_done_callback(partial(self._arrive, index))
        except BaseException as exc:  # handed to the caller, which raises it: a dead feeder would hang it
            self._arrived.put(exc)
        finally:
            self.fed.set()

    def _arrive(self, index: int, future: Future[Result]) -> None:
        if future.cancelled():
            return
        error = future.exception()
        self._arrived.put(error if error is not None else (index, future.result()))

    def _job(self, index: int) -> Job:
        drafts, pool, rendered = self.drafts, self._pool, self._rendered
        if pool is not None and index < self._pooled_from and pool.ready():
            # The workers are up (now, or from the start): the rest of the batch renders there.
            for later in range(index, self._pooled_from):
                draft = drafts[later]
                if draft is not None and draft.job is None and draft.context is not None:
                    kind, language = draft.notice.kind.value, draft.notice.language.value
                    if mail_in_worker.wants_worker(draft.urls):  # its e-mail is built there too
                        packs = draft.packs if isinstance(draft.context, NoticeContext) else ()
                        notice = draft.notice
                        rendered[later] = pool.submit(
                            mail_in_worker.render_and_prepare,
                            kind,
                            language,
                            draft.context,
                            draft.with_payload,
                            packs,
                            draft.urls[0],
                            notice.notice_key,
                            notice.possible_duplicate,
                        )
                    elif draft.packs and isinstance(draft.context, NoticeContext):
                        rendered[later] = pool.submit(
                            render_with_packs, kind, language, draft.context, draft.with_payload, draft.packs
                        )
                    else:
                        rendered[later] = pool.submit(render_notice, kind, language, draft.context, draft.with_payload)
            self._pooled_from = index
        draft, future = drafts[index], rendered[index]
        drafts[index] = rendered[index] = None
        if draft is None:  # pragma: no cover - each index is fed once
            raise ValueError(f"draft {index} was fed twice")
        if future is None:
            return realise(draft)
        try:
            outcome = future.result()
            if isinstance(outcome, tuple):  # rendered, and its e-mail built
                return realise(draft, outcome[0], outcome[1])
            return realise(draft, outcome)
        except BrokenProcessPool:  # a worker died (killed, out of memory): render here instead
            return realise(draft)


def render_and_send(
    drafts: Sequence[Draft], *, channel: Channel, clock: Clock, concurrency: int, render_processes: int = 0
) -> list[Result]:
    """Every draft rendered and sent (``Outbound``), the results in the drafts' order."""
    results: list[Result | None] = [None] * len(drafts)
    with Outbound(
        drafts, channel=channel, clock=clock, concurrency=concurrency, render_processes=render_processes
    ) as outbound:
        while arrived := outbound.next(most=len(drafts), within=1.0):
            for index, result in arrived:
                results[index] = result
    return [result for result in results if result is not None]
