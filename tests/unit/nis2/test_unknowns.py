"""Unknown facts: an open criterion leaves the answer None only while it could still make it significant."""

from __future__ import annotations

import pytest

from breach.nis2 import Nis2Facts, significance
from tests.unit.nis2.cases import assess, outcome


def test_nothing_known_is_open_on_every_fact_that_decides() -> None:
    """With no fact known, the answer is None and names the facts of the entity type's criteria."""
    result = significance(Nis2Facts(), entity_type="data_centre")
    assert result.significant is None
    assert result.criteria == ()
    assert "physical_access_compromised" in result.unknown
    assert "users_limited" not in result.unknown  # Art. 8(b) has no user threshold
    assert all(r.outcome == "open" for r in result.reasons if r.criterion != "cir.4")


def test_an_open_criterion_keeps_the_answer_open() -> None:
    """One fact not known, everything else ruled out: None, naming that fact only."""
    result = assess("cloud", death=None)
    assert (result.significant, result.unknown) == (None, ("death",))
    assert outcome(result, "cir.3.1.c") == "open"
    reason = next(r for r in result.reasons if r.criterion == "cir.3.1.c")
    assert reason.unknown == ("death",)


def test_a_known_criterion_decides_whatever_is_unknown() -> None:
    """A criterion met makes the answer True, with no fact left open."""
    facts = Nis2Facts(complete_unavailability_minutes=45)
    result = significance(facts, entity_type="cloud")
    assert (result.significant, result.criteria, result.unknown) == (True, ("cir.7.a",), ())


def test_all_open_criteria_ruled_out_is_false() -> None:
    """A fact no criterion can turn significant leaves nothing open: False."""
    result = assess("data_centre", users_limited=None, users_data_compromised=None, users_in_union=None)
    assert (result.significant, result.unknown) == (False, ())


def test_a_part_ruled_out_closes_the_criterion() -> None:
    """Art. 7(c) needs both parts: data not compromised rules it out while the cause is unknown."""
    result = assess("cloud", data_compromised=False, suspected_malicious=None)
    assert result.significant is False
    assert outcome(result, "cir.7.c") == "not_met"


def test_limited_availability_open_on_users_only_past_the_hour() -> None:
    """Under an hour rules Art. 7(b) out whatever the users; past it, the unknown users decide."""
    assert assess("cloud", limited_availability_minutes=60, users_limited=None).significant is False
    result = assess("cloud", limited_availability_minutes=61, users_limited=None)
    assert (result.significant, result.unknown) == (None, ("users_limited",))


@pytest.mark.parametrize(
    ("loss", "significant", "unknown"),
    [
        (500_001, True, ()),  # over the fixed part: over the lower threshold, whatever the turnover
        (500_000, None, ("annual_turnover_eur",)),  # 5 % of the turnover could be lower
        (1, None, ("annual_turnover_eur",)),
        (0, False, ()),  # nothing lost is more than no threshold
    ],
)
def test_unknown_turnover_decides_only_below_the_fixed_amount(
    loss: int, significant: bool | None, unknown: tuple[str, ...]
) -> None:
    """Whichever is lower: with the turnover unknown, the threshold lies between 0 and EUR 500 000."""
    result = assess(direct_financial_loss_eur=loss, annual_turnover_eur=None)
    assert (result.significant, result.unknown) == (significant, unknown)


@pytest.mark.parametrize(
    ("users", "significant"),
    [(1_000_001, True), (1_000_000, None), (0, False)],
)
def test_unknown_users_in_union_decides_only_up_to_one_million(users: int, significant: bool | None) -> None:
    """Whichever is smaller: with the service's Union users unknown, more than 1 million is always enough."""
    result = assess("msp", data_compromised=True, users_data_compromised=users, users_in_union=None)
    assert result.significant is significant
    if significant is None:
        assert result.unknown == ("users_in_union",)


def test_unknown_facts_listed_once_in_criterion_order() -> None:
    """A fact read by two open criteria is named once, where it first decides."""
    result = assess("cloud", data_compromised=None, suspected_malicious=None, users_data_compromised=60_000)
    assert result.unknown == ("data_compromised", "suspected_malicious")
