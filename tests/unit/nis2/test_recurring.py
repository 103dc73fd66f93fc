"""Recurring incidents, Implementing Regulation (EU) 2024/2690 Art. 4 (cir.4), and its 6-month window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from breach.nis2 import EarlierIncident
from breach.nis2.recurrence import window_opens, within_window
from tests.unit.nis2.cases import WHEN, assess, outcome

CAUSE = "expired-certificate"


def earlier(at: datetime, loss: int | None = 300_000, cause: str = CAUSE) -> EarlierIncident:
    return EarlierIncident(occurred_at=at, root_cause=cause, direct_financial_loss_eur=loss)


def test_twice_within_six_months_same_cause_over_the_threshold() -> None:
    """Two incidents, same root cause, 300 000 + 250 000 together over EUR 500 000: one significant incident."""
    result = assess(direct_financial_loss_eur=250_000, earlier=(earlier(WHEN - timedelta(days=40)),))
    assert (result.significant, result.criteria) == (True, ("cir.4",))
    reason = next(r for r in result.reasons if r.criterion == "cir.4")
    assert reason.params["direct_financial_loss_eur"] == 550_000
    assert reason.params["earlier_incidents"] == 1
    assert reason.article == "Implementing Regulation (EU) 2024/2690 Art. 3(1)(f) and Art. 4"


def test_together_exactly_at_the_threshold_is_not_more() -> None:
    """Art. 4(c) with Art. 3(1)(a): a sum of exactly EUR 500 000 does not exceed it."""
    result = assess(direct_financial_loss_eur=200_000, earlier=(earlier(WHEN - timedelta(days=40)),))
    assert result.significant is False
    assert outcome(result, "cir.4") == "not_met"


def test_turnover_share_applies_to_the_sum() -> None:
    """The sum is compared with the lower threshold: 5 % of a turnover of 2 million is 100 000."""
    result = assess(
        direct_financial_loss_eur=60_000,
        annual_turnover_eur=2_000_000,
        earlier=(earlier(WHEN - timedelta(days=3), loss=40_001),),
    )
    assert result.criteria == ("cir.4",)


def test_different_root_cause_does_not_recur() -> None:
    """Art. 4(b): an earlier incident with another apparent root cause does not count."""
    result = assess(direct_financial_loss_eur=250_000, earlier=(earlier(WHEN - timedelta(days=40), cause="phishing"),))
    assert result.significant is False
    assert outcome(result, "cir.4") == "not_met"


def test_root_cause_compared_without_case_or_spaces() -> None:
    """The same label typed with other capitals or spaces is the same apparent root cause."""
    result = assess(
        direct_financial_loss_eur=250_000,
        earlier=(earlier(WHEN - timedelta(days=40), cause="  Expired-Certificate "),),
    )
    assert result.criteria == ("cir.4",)


def test_outside_the_window_does_not_recur() -> None:
    """Art. 4(a): an incident seven months earlier is not within 6 months."""
    result = assess(direct_financial_loss_eur=250_000, earlier=(earlier(datetime(2026, 1, 31, 9, 0, tzinfo=UTC)),))
    assert result.significant is False
    assert outcome(result, "cir.4") == "not_met"


def test_significant_on_its_own_does_not_list_recurrence() -> None:
    """Art. 4 is for incidents not significant individually: cir.4 is ruled out, not listed."""
    result = assess(direct_financial_loss_eur=600_000, earlier=(earlier(WHEN - timedelta(days=40)),))
    assert result.criteria == ("cir.3.1.a",)
    reason = next(r for r in result.reasons if r.criterion == "cir.4")
    assert (reason.outcome, dict(reason.params)) == ("not_met", {"significant_on_its_own": True})


def test_a_single_incident_is_no_recurrence() -> None:
    """Art. 4(a) "at least twice": without an earlier incident nothing recurs, whatever this one cost."""
    result = assess(direct_financial_loss_eur=500_000, earlier=())
    assert outcome(result, "cir.4") == "not_met"


def test_three_incidents_sum_together() -> None:
    """Every earlier incident in the window with the same cause adds to the sum."""
    olders = (earlier(WHEN - timedelta(days=100), loss=200_000), earlier(WHEN - timedelta(days=10), loss=200_000))
    result = assess(direct_financial_loss_eur=100_001, earlier=olders)
    assert result.criteria == ("cir.4",)


@pytest.mark.parametrize(
    ("occurred_at", "opens"),
    [
        (datetime(2026, 8, 31, 14, 0, tzinfo=UTC), date(2026, 2, 28)),
        (datetime(2028, 8, 31, 14, 0, tzinfo=UTC), date(2028, 2, 29)),
        (datetime(2026, 8, 15, 0, 0, tzinfo=UTC), date(2026, 2, 15)),
        (datetime(2027, 3, 1, 8, 0, tzinfo=UTC), date(2026, 9, 1)),
    ],
)
def test_window_opens_six_calendar_months_back(occurred_at: datetime, opens: date) -> None:
    """1182/71 Art. 3(2)(c) counted back: the same date six months earlier, or that month's last day."""
    assert window_opens(occurred_at) == opens


@pytest.mark.parametrize(
    ("at", "inside"),
    [
        (datetime(2026, 2, 28, 0, 0, tzinfo=UTC), True),  # the window's first day, its first instant
        (datetime(2026, 2, 27, 23, 59, 59, tzinfo=UTC), False),  # the day before
        (datetime(2026, 8, 31, 14, 0, tzinfo=UTC), True),  # the same instant as this incident
    ],
)
def test_window_edges(at: datetime, inside: bool) -> None:
    """An earlier incident on the window's first day counts; one the day before does not."""
    assert within_window(at, WHEN) is inside


def test_window_days_are_those_of_the_incidents_zone() -> None:
    """Days are counted in occurred_at's own zone: 27 February 23:30 UTC is already 28 February in Brussels."""
    brussels = timezone(timedelta(hours=1))
    occurred = datetime(2026, 8, 31, 10, 0, tzinfo=brussels)
    assert within_window(datetime(2026, 2, 27, 23, 30, tzinfo=UTC), occurred) is True
    assert within_window(datetime(2026, 2, 27, 22, 30, tzinfo=UTC), occurred) is False


def test_recurrence_open_while_this_loss_is_unknown() -> None:
    """With a matching earlier incident under the threshold, this incident's unknown loss decides."""
    result = assess(direct_financial_loss_eur=None, earlier=(earlier(WHEN - timedelta(days=40)),))
    assert result.significant is None
    assert "direct_financial_loss_eur" in result.unknown


def test_recurrence_met_with_an_earlier_loss_unknown() -> None:
    """Known losses already over the threshold decide; an unknown earlier loss can only add."""
    olders = (earlier(WHEN - timedelta(days=40), loss=None),)
    result = assess(direct_financial_loss_eur=400_000, earlier=(*olders, earlier(WHEN - timedelta(days=9))))
    assert (result.significant, result.criteria) == (True, ("cir.4",))


def test_recurrence_open_on_an_earlier_unknown_loss() -> None:
    """Below the threshold so far, an earlier incident's unknown loss is named by its position."""
    result = assess(direct_financial_loss_eur=1_000, earlier=(earlier(WHEN - timedelta(days=40), loss=None),))
    assert (result.significant, result.unknown) == (None, ("earlier[0].direct_financial_loss_eur",))


def test_recurrence_open_while_root_cause_unknown() -> None:
    """Without this incident's root cause, a matching earlier incident may or may not recur."""
    result = assess(root_cause=None, direct_financial_loss_eur=300_000, earlier=(earlier(WHEN - timedelta(days=40)),))
    assert (result.significant, result.unknown) == (None, ("root_cause",))


def test_recurrence_ruled_out_when_no_earlier_incident_could_match() -> None:
    """With the time unknown but no earlier incident of the same cause, Art. 4 is ruled out."""
    result = assess(
        occurred_at=None,
        direct_financial_loss_eur=300_000,
        earlier=(earlier(WHEN - timedelta(days=40), cause="phishing"),),
    )
    assert result.significant is False
