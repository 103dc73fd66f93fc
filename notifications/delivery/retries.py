"""What happens after a failed try: retry, move to the next contact, or fail visibly.

``notifications.delivery.settle`` records every try and hands each failed one here; the decision lives in this
module alone, so the retry policy is one place to read.

A customer's notice is never dropped while its duty stands (``breach.incidents.duty``; DPA 8(1)(b), GDPR Art. 33(2)):

- a transient failure is retried on the same contact after a wait, up to ``attempts_per_contact`` tries
  in a row; then the next contact is tried at once;
- a refused connection (nothing arrived, nobody listening) moves to the next contact at once;
- a permanent failure (an unusable URL, a template that cannot render) takes that contact out of the
  notice's cycle and moves to the next one at once;
- after the last contact the cycle starts again from the first, after a wait;
- waits come from ``RetryPolicy.backoff`` by the notice's failures so far, capped at its last entry;
  a receiver that answered 503 or 429 (busy) is retried sooner: after its ``Retry-After``, capped at that
  wait, or after ``RetryPolicy.busy_backoff`` (``RetryPolicy.after``).

``failed`` is left only for what can never succeed (no usable contact at all, a notice that cannot be
built) and for a duty that ended (the incident closed, was dismissed or withdrawn); each is an audit event
with its reason, and the first kind an alert to our DPO (nobody is to be phoned about a duty that ended).
A notice whose contact left the directory takes the customer's first usable contact at once. A customer
still unreached after ``RetryPolicy.unreached_after`` becomes a person's task (``flows.usecases.unreached``).
Contact checks test one contact: three tries, then they fail; our own alerts retry for
``RetryPolicy.alert_retry_for``.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlmodel import Session

from breach.db.models.directory import Customer
from breach.db.models.incidents import Incident
from breach.db.models.outbox import Notice
from breach.errors import DeliveryError
from breach.incidents import duty
from breach.notices.kinds import KINDS
from breach.notices.store import queue as notices
from breach.records.store import audit
from breach.vocabulary import Language, NoticeStatus
from notifications.delivery import contact_cycle
from notifications.delivery.notice_events import notice_event
from notifications.delivery.values import BatchCounts, InternalRoute, Result, RetryPolicy

SENDER_ACTOR = "outbox"
# ``last_error`` of a notice failed because its customer has no usable contact: re-driven once it has one.
NO_CONTACT = "no contact to try: the customer has no usable contact in the directory"


def after_failure(
    notice: Notice,
    result: Result,
    error: DeliveryError,
    counts: BatchCounts,
    *,
    session: Session,
    policy: RetryPolicy,
    now: datetime,
    internal: InternalRoute,
) -> audit.Entry | None:
    """A try failed: retry, move on, or fail the notice (returns its audit event). Never commits.

    The try's own attempt row is already written (``notifications.delivery.settle`` inserts the batch's attempts
    first, as a Core insert); the notices changed so far are flushed together by the caller, not before
    each read here (``no_autoflush``: 300 failures in a batch were 300 single-row updates).
    """
    with session.no_autoflush:
        notice.last_error = error.reason
        if notice.status is NoticeStatus.REACHED_OTHERWISE:
            # A person reached the customer while this try was in flight: the try is recorded, nothing is owed.
            notice.next_attempt_at = None
            return None
        contact_id = result.job.contact_id
        if notice.delivered_at is not None:
            return _after_resend(notice, error, contact_id, counts, session=session, policy=policy, now=now)
        if notice.customer_id is None or not KINDS[notice.kind].tries_other_contacts:
            return _bounded(
                notice, error, contact_id, counts, session=session, policy=policy, now=now, internal=internal
            )
        incident = session.get(Incident, notice.incident_id) if notice.incident_id is not None else None
        status = incident.status if incident is not None else None
        if not duty.duty_stands(notice.kind, status):
            ended = DeliveryError(f"{duty.ended_reason(status)}; last error: {error.reason}", transient=False)
            return _fail(notice, ended, counts, session=session, now=now, internal=internal, alert=False)
        if contact_id is None and not error.transient:
            return _without_contact(notice, error, counts, session=session, now=now, internal=internal)
        return _cycle(notice, error, contact_id, counts, session=session, policy=policy, now=now, internal=internal)


def _without_contact(
    notice: Notice,
    error: DeliveryError,
    counts: BatchCounts,
    *,
    session: Session,
    now: datetime,
    internal: InternalRoute,
) -> audit.Entry | None:
    """The try had no contact: the notice's contact is gone (a directory import replaced it) or the customer
    has none, or the notice could not be built for the contact it has (its support packs)."""
    contacts, cycle = contact_cycle.cycle_of(notice, contact_cycle.history(notice.id, session=session), session=session)
    if any(c.id == notice.contact_id for c in contacts):
        # Its contact exists, yet the notice could not be built: another contact would fail the same way.
        return _fail(notice, error, counts, session=session, now=now, internal=internal)
    if cycle:
        notice.contact_id = cycle[0].id  # the customer's first usable contact as the directory holds it now
        return _retry(notice, counts, now)
    # Re-driven when the customer gets a contact (flows.usecases.unreached); a person may phone it meanwhile.
    return _fail(
        notice, DeliveryError(NO_CONTACT, transient=False), counts, session=session, now=now, internal=internal
    )


def _bounded(
    notice: Notice,
    error: DeliveryError,
    contact_id: UUID | None,
    counts: BatchCounts,
    *,
    session: Session,
    policy: RetryPolicy,
    now: datetime,
    internal: InternalRoute,
) -> audit.Entry | None:
    """Our own alerts retry for ``alert_retry_for``; a contact check tries its one contact a few times."""
    if notice.customer_id is None:
        if error.transient and now - notice.created_at < policy.alert_retry_for:
            failures = contact_cycle.history(notice.id, session=session).failures
            return _retry(notice, counts, now + policy.after(error, failures))
        return _fail(notice, error, counts, session=session, now=now, internal=internal, alert=False)
    tries = contact_cycle.history(notice.id, session=session).streak(contact_id)
    if error.transient and contact_id is not None and tries < policy.attempts_per_contact:
        return _retry(notice, counts, now + policy.after(error, tries))
    return _fail(notice, error, counts, session=session, now=now, internal=internal)


def _cycle(
    notice: Notice,
    error: DeliveryError,
    contact_id: UUID | None,
    counts: BatchCounts,
    *,
    session: Session,
    policy: RetryPolicy,
    now: datetime,
    internal: InternalRoute,
) -> audit.Entry | None:
    """Retry on the same contact, or go on to the next one in the customer's order, round after round."""
    tried = contact_cycle.history(notice.id, session=session)
    failed = tried.failures
    contacts, cycle = contact_cycle.cycle_of(notice, tried, session=session)
    if not cycle:
        reason = f"no usable contact left (every contact failed permanently); last error: {error.reason}"
        gone = DeliveryError(reason, transient=False)
        return _fail(notice, gone, counts, session=session, now=now, internal=internal)
    stays = error.transient and not error.refused and any(c.id == contact_id for c in cycle)
    if stays:
        tries = tried.streak(contact_id)
        if tries < policy.attempts_per_contact:
            return _retry(notice, counts, now + policy.after(error, tries))
    step = contact_cycle.following(contact_id, contacts, cycle)
    if step is None:  # pragma: no cover - ``cycle`` is not empty
        return None
    notice.contact_id = step.contact.id
    # A new round waits by the notice's failures per contact so far: one contact refusing waits 30 s,
    # 2 min, 10 min, then 30 min; several contacts spread the same table over their rounds.
    wait = policy.wait(failed // len(cycle)) if step.new_round else None
    return _retry(notice, counts, now + wait if wait is not None else now)


def _after_resend(
    notice: Notice,
    error: DeliveryError,
    contact_id: UUID | None,
    counts: BatchCounts,
    *,
    session: Session,
    policy: RetryPolicy,
    now: datetime,
) -> audit.Entry | None:
    """An escalation re-send of a notice delivered before failed: it retries a little on that contact, then
    the notice stays delivered (its escalation chain goes on from its first delivery)."""
    tries = contact_cycle.history(notice.id, session=session).streak(contact_id)
    if error.transient and not error.refused and contact_id is not None and tries < policy.attempts_per_contact:
        return _retry(notice, counts, now + policy.after(error, tries))
    notice.status = NoticeStatus.DELIVERED
    notice.next_attempt_at = None
    counts.failed += 1
    return None


def _retry(notice: Notice, counts: BatchCounts, at: datetime) -> audit.Entry | None:
    """The notice waits for its next try; a retry is no audit event (its attempt row is the record)."""
    notice.status = NoticeStatus.PENDING
    notice.next_attempt_at = at
    counts.retrying += 1
    return None


def _fail(
    notice: Notice,
    error: DeliveryError,
    counts: BatchCounts,
    *,
    session: Session,
    now: datetime,
    internal: InternalRoute,
    alert: bool = True,
) -> audit.Entry:
    notice.status = NoticeStatus.FAILED
    notice.next_attempt_at = None
    notice.last_error = error.reason
    counts.failed += 1
    counts.failed_notice_ids.append(notice.id)
    if alert and notice.customer_id is not None:
        _alert_failure(notice, error, session=session, now=now, language=internal.language)
    return notice_event(notice, "notice.failed", actor=SENDER_ACTOR, at=now, content=error.reason)


def _alert_failure(notice: Notice, error: DeliveryError, *, session: Session, now: datetime, language: str) -> None:
    """A notice that can never succeed: our DPO is told, with the reason (DPA 8(1)(b) is at stake)."""
    customer = session.get(Customer, notice.customer_id) if notice.customer_id else None
    incident = session.get(Incident, notice.incident_id) if notice.incident_id else None
    notices.queue_internal(
        session=session,
        now=now,
        # A failed contact check is one dead contact, not a customer we could not reach at all.
        alert=KINDS[notice.kind].failure_alert.value,
        cause=notice.notice_key,
        language=Language(language),
        incident=incident,
        details={
            "customer": customer.name if customer else None,
            "notice_key": notice.notice_key,
            "reason": error.reason,
        },
    )
