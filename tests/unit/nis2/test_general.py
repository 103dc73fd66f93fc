"""The general criteria of Implementing Regulation (EU) 2024/2690 Art. 3(1)(a)-(e) and Art. 3(2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from breach.errors import InvalidInput, UnknownValue
from breach.nis2 import CRITERIA, ENTITY_TYPES, Nis2Facts, significance
from tests.unit.nis2.cases import QUIET, assess, outcome


@pytest.mark.parametrize("entity_type", ENTITY_TYPES)
def test_quiet_facts_are_not_significant(entity_type: str) -> None:
    """With every fact known and ruled out, no entity type has a significant incident."""
    result = significance(QUIET, entity_type=entity_type)
    assert (result.significant, result.criteria, result.unknown) == (False, (), ())
    assert all(r.outcome == "not_met" for r in result.reasons)


@pytest.mark.parametrize(
    ("loss", "turnover", "significant"),
    [
        # The fixed EUR 500 000 is the lower threshold (5 % of 40 million is 2 million).
        (500_000, 40_000_000, False),
        (500_001, 40_000_000, True),
        (Decimal("500000.01"), 40_000_000, True),
        # 5 % of the turnover is the lower one: 5 % of 2 million is 100 000.
        (100_000, 2_000_000, False),
        (100_001, 2_000_000, True),
        (Decimal("100000.01"), 2_000_000, True),
        # Both equal at a turnover of 10 million: exactly 500 000 is not more than it.
        (500_000, 10_000_000, False),
        (500_001, 10_000_000, True),
    ],
)
def test_direct_financial_loss_over_the_lower_threshold(loss: int | Decimal, turnover: int, significant: bool) -> None:
    """Art. 3(1)(a): more than EUR 500 000 or 5 % of the turnover, whichever is lower; at it is not more."""
    result = assess(direct_financial_loss_eur=loss, annual_turnover_eur=turnover)
    assert result.significant is significant
    assert ("cir.3.1.a" in result.criteria) is significant


def test_loss_reason_carries_the_figures_compared() -> None:
    """The reason of cir.3.1.a names the loss, the turnover, both parts and the threshold that applied."""
    result = assess(direct_financial_loss_eur=150_000, annual_turnover_eur=2_000_000)
    reason = next(r for r in result.reasons if r.criterion == "cir.3.1.a")
    assert reason.article == "Implementing Regulation (EU) 2024/2690 Art. 3(1)(a)"
    assert reason.outcome == "met"
    assert dict(reason.params) == {
        "direct_financial_loss_eur": 150_000,
        "annual_turnover_eur": 2_000_000,
        "direct_financial_loss_eur_fixed": 500_000,
        "direct_financial_loss_eur_share_percent": 5,
        "direct_financial_loss_eur_threshold": 100_000,
    }


@pytest.mark.parametrize(
    ("field", "criterion"),
    [
        ("trade_secrets_exfiltrated", "cir.3.1.b"),
        ("death", "cir.3.1.c"),
        ("considerable_health_damage", "cir.3.1.d"),
    ],
)
@pytest.mark.parametrize("value", [True, False])
def test_yes_no_criteria(field: str, criterion: str, value: bool) -> None:
    """Art. 3(1)(b)-(d): trade secrets exfiltrated, a death, considerable damage to health each decide alone."""
    result = assess("msp", **{field: value})
    assert result.significant is value
    assert outcome(result, criterion) == ("met" if value else "not_met")


@pytest.mark.parametrize(
    ("access", "disruption", "significant"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_malicious_access_needs_severe_disruption_possible(access: bool, disruption: bool, significant: bool) -> None:
    """Art. 3(1)(e): a successful, suspectedly malicious, unauthorised access capable of severe disruption."""
    result = assess(
        "data_centre", malicious_unauthorised_access=access, severe_operational_disruption_possible=disruption
    )
    assert result.significant is significant
    assert outcome(result, "cir.3.1.e") == ("met" if significant else "not_met")


def test_planned_interruption_is_not_significant() -> None:
    """Art. 3(2): a planned interruption is no significant incident, however long or costly."""
    result = assess(
        planned=True,
        complete_unavailability_minutes=600,
        direct_financial_loss_eur=900_000,
        death=None,
    )
    assert (result.significant, result.criteria, result.unknown) == (False, (), ())
    (reason,) = result.reasons
    assert (reason.criterion, reason.outcome, reason.article) == (
        "cir.3.2",
        "met",
        "Implementing Regulation (EU) 2024/2690 Art. 3(2)",
    )


def test_not_planned_by_default() -> None:
    """Without ``planned`` the same facts are significant."""
    assert assess(complete_unavailability_minutes=600).significant is True


@pytest.mark.parametrize(
    ("entity_type", "own"),
    [
        ("cloud", {"cir.7.a", "cir.7.b", "cir.7.c", "cir.7.d"}),
        ("data_centre", {"cir.8.a", "cir.8.b", "cir.8.c", "cir.8.d"}),
        ("msp", {"cir.10.a", "cir.10.b", "cir.10.c", "cir.10.d"}),
        ("mssp", {"cir.10.a", "cir.10.b", "cir.10.c", "cir.10.d"}),
    ],
)
def test_entity_types_select_their_criteria(entity_type: str, own: set[str]) -> None:
    """Each entity type is judged on the general criteria, Art. 4 and its own article only."""
    general = {"cir.3.1.a", "cir.3.1.b", "cir.3.1.c", "cir.3.1.d", "cir.3.1.e", "cir.4"}
    result = significance(QUIET, entity_type=entity_type)
    assert [r.criterion for r in result.reasons] == [c for c in CRITERIA if c in general | own]


def test_physical_access_counts_for_data_centres_only() -> None:
    """Art. 8(d) has no counterpart in Art. 7 or 10: compromised physical access decides for a data centre."""
    assert assess("data_centre", physical_access_compromised=True).criteria == ("cir.8.d",)
    assert assess("cloud", physical_access_compromised=True).significant is False


@pytest.mark.parametrize("bad", ["isp", "Cloud", "", None, 3, ("cloud",)])
def test_unknown_entity_type_is_refused(bad: object) -> None:
    """An entity type the Regulation's table does not know is an InvalidInput naming the field and value."""
    with pytest.raises(UnknownValue) as caught:
        significance(QUIET, entity_type=bad)
    assert isinstance(caught.value, InvalidInput)
    assert caught.value.field == "entity_type"
    assert caught.value.value == bad
    assert "cloud, data_centre, msp, mssp" in str(caught.value)


def test_every_row_cites_its_article() -> None:
    """Each row of the table names the Regulation and the article of its id."""
    for criterion_id, row in CRITERIA.items():
        article = criterion_id.removeprefix("cir.").split(".")
        assert row.article.startswith("Implementing Regulation (EU) 2024/2690 Art. ")
        assert f"Art. {article[0]}" in row.article


def test_result_names_ruleset_and_entity_type() -> None:
    """A stored result says which rules and which entity type produced it."""
    result = significance(Nis2Facts(), entity_type="mssp")
    assert result.entity_type == "mssp"
    assert result.ruleset_version
