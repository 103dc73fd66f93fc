"""The service criteria of Implementing Regulation (EU) 2024/2690: cloud (Art. 7), data centre (Art. 8),
managed and managed security services (Art. 10)."""

from __future__ import annotations

import pytest

from tests.unit.nis2.cases import assess, outcome

CLOUD_AND_MANAGED = [("cloud", "cir.7"), ("msp", "cir.10"), ("mssp", "cir.10")]


@pytest.mark.parametrize(("entity_type", "article"), CLOUD_AND_MANAGED)
@pytest.mark.parametrize(("minutes", "met"), [(30, False), (30.5, True), (31, True), (0, False)])
def test_complete_unavailability_over_30_minutes(entity_type: str, article: str, minutes: float, met: bool) -> None:
    """Art. 7(a), 10(a): completely unavailable for more than 30 minutes; exactly 30 is not more."""
    result = assess(entity_type, complete_unavailability_minutes=minutes)
    assert outcome(result, f"{article}.a") == ("met" if met else "not_met")
    assert result.significant is met


@pytest.mark.parametrize(("minutes", "met"), [(0, False), (0.5, True), (1, True)])
def test_data_centre_complete_unavailability_of_any_length(minutes: float, met: bool) -> None:
    """Art. 8(a): a data centre service completely unavailable counts whatever the duration."""
    result = assess("data_centre", complete_unavailability_minutes=minutes)
    assert outcome(result, "cir.8.a") == ("met" if met else "not_met")


@pytest.mark.parametrize(("entity_type", "article"), CLOUD_AND_MANAGED)
@pytest.mark.parametrize(("minutes", "met"), [(60, False), (61, True), (60.25, True), (59, False)])
def test_limited_availability_counts_only_past_one_hour(
    entity_type: str, article: str, minutes: float, met: bool
) -> None:
    """Art. 7(b), 10(b): limited for more than one hour (with enough users); exactly 60 minutes is not more."""
    result = assess(entity_type, limited_availability_minutes=minutes, users_limited=50_001, users_in_union=1_000_000)
    assert outcome(result, f"{article}.b") == ("met" if met else "not_met")


@pytest.mark.parametrize(
    ("users_limited", "users_in_union", "met"),
    [
        # 5 % of 1 000 000 is 50 000, the smaller number.
        (50_000, 1_000_000, False),
        (50_001, 1_000_000, True),
        # 5 % of 40 000 000 is 2 000 000: 1 million is the smaller number.
        (1_000_000, 40_000_000, False),
        (1_000_001, 40_000_000, True),
        # Exactly equal at 20 000 000 users.
        (1_000_000, 20_000_000, False),
        (1_000_001, 20_000_000, True),
        # 5 % of 30 users is 1.5: two users is more, one is not.
        (1, 30, False),
        (2, 30, True),
    ],
)
@pytest.mark.parametrize(("entity_type", "article"), CLOUD_AND_MANAGED)
def test_limited_availability_needs_more_users_than_the_smaller_threshold(
    entity_type: str, article: str, users_limited: int, users_in_union: int, met: bool
) -> None:
    """Art. 7(b), 10(b): more than 5 % of the service's users in the Union or 1 million, whichever is smaller."""
    result = assess(
        entity_type, limited_availability_minutes=120, users_limited=users_limited, users_in_union=users_in_union
    )
    assert outcome(result, f"{article}.b") == ("met" if met else "not_met")
    assert result.significant is met


def test_data_centre_limited_availability_whatever_the_users() -> None:
    """Art. 8(b) has no user threshold: a data centre service limited for more than an hour is significant."""
    assert assess("data_centre", limited_availability_minutes=61, users_limited=0).criteria == ("cir.8.b",)
    assert assess("data_centre", limited_availability_minutes=60, users_limited=900_000).significant is False


@pytest.mark.parametrize(
    ("entity_type", "criterion"),
    [("cloud", "cir.7.c"), ("data_centre", "cir.8.c"), ("msp", "cir.10.c"), ("mssp", "cir.10.c")],
)
@pytest.mark.parametrize(
    ("compromised", "malicious", "met"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_data_compromised_by_suspectedly_malicious_action(
    entity_type: str, criterion: str, compromised: bool, malicious: bool, met: bool
) -> None:
    """Art. 7(c), 8(c), 10(c): data compromised as a result of a suspectedly malicious action, any number of users."""
    result = assess(entity_type, data_compromised=compromised, suspected_malicious=malicious, users_data_compromised=1)
    assert outcome(result, criterion) == ("met" if met else "not_met")
    assert result.significant is met


@pytest.mark.parametrize(
    ("users", "users_in_union", "met"),
    [
        (50_000, 1_000_000, False),
        (50_001, 1_000_000, True),
        (1_000_000, 40_000_000, False),
        (1_000_001, 40_000_000, True),
    ],
)
@pytest.mark.parametrize(("entity_type", "article"), CLOUD_AND_MANAGED)
def test_data_compromised_for_many_users_whatever_the_cause(
    entity_type: str, article: str, users: int, users_in_union: int, met: bool
) -> None:
    """Art. 7(d), 10(d): data compromised for more than 5 % of the users in the Union or 1 million, whichever is
    smaller, malicious or not."""
    result = assess(
        entity_type,
        data_compromised=True,
        suspected_malicious=False,
        users_data_compromised=users,
        users_in_union=users_in_union,
    )
    assert outcome(result, f"{article}.d") == ("met" if met else "not_met")
    assert result.significant is met


def test_data_compromised_without_users_threshold_does_not_apply_to_data_centres() -> None:
    """Art. 8 has no counterpart of Art. 7(d): a non-malicious compromise of many users' data is not enough."""
    result = assess("data_centre", data_compromised=True, suspected_malicious=False, users_data_compromised=900_000)
    assert result.significant is False


def test_reason_of_a_service_criterion_carries_both_thresholds() -> None:
    """The reason of cir.7.b gives the minutes and the users compared, with each threshold."""
    result = assess("cloud", limited_availability_minutes=90, users_limited=60_000, users_in_union=1_000_000)
    reason = next(r for r in result.reasons if r.criterion == "cir.7.b")
    assert reason.outcome == "met"
    assert reason.article == "Implementing Regulation (EU) 2024/2690 Art. 7(b)"
    assert reason.params["limited_availability_minutes"] == 90
    assert reason.params["limited_availability_minutes_threshold"] == 60
    assert reason.params["users_limited"] == 60_000
    assert reason.params["users_limited_threshold"] == 50_000
    assert result.criteria == ("cir.7.b",)
