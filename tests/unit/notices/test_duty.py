"""While a notice's duty stands it is retried: the duty table, the backoff table and the contact cycle."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from breach.db.models.directory import Contact
from breach.deadlines.event_table import EVENTS
from breach.incidents.duty import ENDED as DUTY_ENDED
from breach.incidents.duty import OWED_AT_END, duty_stands
from breach.vocabulary import DetailLevel, IncidentStatus, NoticeKind
from flows.alert_channel import problems
from flows.usecases.outbox import Pending
from notifications.delivery.contact_cycle import following
from notifications.delivery.values import RetryPolicy

OPEN = [s for s in IncidentStatus if s not in DUTY_ENDED]


@pytest.mark.parametrize("status", OPEN)
@pytest.mark.parametrize("kind", [k for k in NoticeKind if k not in OWED_AT_END])
def test_the_duty_stands_while_the_incident_is_open(kind: NoticeKind, status: IncidentStatus) -> None:
    """Every notice of an open incident is owed (DPA 8(1)(b): "immediately", no give-up)."""
    assert duty_stands(kind, status)


@pytest.mark.parametrize("status", [IncidentStatus.CLOSED, IncidentStatus.DISMISSED, IncidentStatus.WITHDRAWN])
def test_an_ended_incident_ends_the_duty_except_for_what_its_end_owes(status: IncidentStatus) -> None:
    """An initial notice of an ended incident is owed no more; its closing, all-clear and destruction are."""
    assert not duty_stands(NoticeKind.INITIAL, status)
    assert not duty_stands(NoticeKind.UPDATE, status)
    assert all(duty_stands(kind, status) for kind in OWED_AT_END)


def test_a_notice_about_no_incident_owes_nothing_beyond_its_tries() -> None:
    """A contact check concerns no incident: nothing keeps it going."""
    assert not duty_stands(NoticeKind.CONTACT_CHECK, None)


def test_the_backoff_is_capped_at_its_last_entry() -> None:
    """30 s, 2 min, 10 min, then 30 min for ever: no last try."""
    policy = RetryPolicy()
    waits = [policy.wait(n) for n in range(0, 9)]
    assert waits[:5] == [
        timedelta(seconds=30),
        timedelta(seconds=30),
        timedelta(minutes=2),
        timedelta(minutes=10),
        timedelta(minutes=30),
    ]
    assert set(waits[4:]) == {timedelta(minutes=30)}


def _contacts(count: int) -> list[Contact]:
    owner = uuid4()
    return [
        Contact(customer_id=owner, position=i, url=f"json://x/{i}", display=f"json://x/{i}", detail=DetailLevel.FULL)
        for i in range(1, count + 1)
    ]


def test_the_cycle_goes_to_the_next_usable_contact_then_round_again() -> None:
    """After contact 1 comes 2 (same round); after the last comes the first again (a new round, a wait);
    a contact out of the cycle is skipped."""
    a, b, c = _contacts(3)
    step = following(a.id, [a, b, c], [a, b, c])
    assert step is not None
    assert (step.contact, step.new_round) == (b, False)
    step = following(b.id, [a, b, c], [a, c])
    assert step is not None
    assert (step.contact, step.new_round) == (c, False)
    step = following(c.id, [a, b, c], [a, b, c])
    assert step is not None
    assert (step.contact, step.new_round) == (a, True)
    assert following(a.id, [a, b, c], []) is None


def test_the_exit_code_says_what_is_still_owed() -> None:
    """0 all delivered, 3 still retrying, 4 failed or unreached: failed and unreached outrank retrying."""
    assert Pending().exit_code == 0
    assert Pending(retrying=2).exit_code == 3
    assert Pending(retrying=2, unreached=1).exit_code == 4
    assert Pending(failed=1).exit_code == 4


def test_an_alert_channel_is_checked_without_showing_its_url() -> None:
    """Empty is a problem; an unusable URL is named by position, never shown; a JSON webhook passes."""
    assert "is empty" in problems(())[0]
    (found,) = problems(("json://127.0.0.1:9/a", "nosuch://token-s3cret"))
    assert "URL 2" in found
    assert "s3cret" not in found
    assert problems(("json://127.0.0.1:9/a",)) == []


def test_reached_by_phone_is_ours_to_record() -> None:
    """The customer cannot report that we phoned it: the API and the portal refuse events marked ours."""
    spec = EVENTS["reached-by-phone"]
    assert spec.ours
    assert spec.requires == ("by",)
    assert "8(1)(b)" in spec.source
