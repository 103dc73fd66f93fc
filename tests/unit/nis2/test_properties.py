"""Invariants of the significance test, on generated facts (DESIGN.md habit 13)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from breach.nis2 import ENTITY_TYPES, Nis2Facts, significance
from breach.nis2.facts import FLAGS

FAST = settings(max_examples=150, deadline=None, database=None)

flags = st.one_of(st.none(), st.booleans())
amounts = st.one_of(st.none(), st.integers(min_value=0, max_value=3_000_000))
minutes = st.one_of(st.none(), st.integers(min_value=0, max_value=240))
users = st.one_of(st.none(), st.integers(min_value=0, max_value=3_000_000))


@st.composite
def facts(draw: st.DrawFn) -> Nis2Facts:
    values: dict[str, Any] = {name: draw(flags) for name in FLAGS}
    union = draw(users)
    cap = union if union is not None else 3_000_000
    affected = st.one_of(st.none(), st.integers(min_value=0, max_value=cap))
    values |= {
        "direct_financial_loss_eur": draw(amounts),
        "annual_turnover_eur": draw(st.one_of(st.none(), st.integers(min_value=0, max_value=50_000_000))),
        "complete_unavailability_minutes": draw(minutes),
        "limited_availability_minutes": draw(minutes),
        "users_in_union": union,
        "users_limited": draw(affected),
        "users_data_compromised": draw(affected),
    }
    return Nis2Facts(**values)


entity_types = st.sampled_from(ENTITY_TYPES)


@FAST
@given(facts(), entity_types, st.integers(min_value=1, max_value=1_000_000))
def test_raising_a_loss_never_makes_it_less_significant(f: Nis2Facts, kind: str, more: int) -> None:
    """A larger direct financial loss never turns significant into not, nor open into not."""
    before = significance(f, entity_type=kind).significant
    loss = (f.direct_financial_loss_eur or 0) + more
    after = significance(replace(f, direct_financial_loss_eur=loss), entity_type=kind).significant
    assert not (before is True and after is not True)
    assert not (before is None and after is False)


@FAST
@given(facts(), entity_types, st.integers(min_value=1, max_value=120))
def test_longer_outages_never_make_it_less_significant(f: Nis2Facts, kind: str, more: int) -> None:
    """A longer complete or limited unavailability never lowers the answer."""
    before = significance(f, entity_type=kind).significant
    longer = replace(
        f,
        complete_unavailability_minutes=(f.complete_unavailability_minutes or 0) + more,
        limited_availability_minutes=(f.limited_availability_minutes or 0) + more,
    )
    after = significance(longer, entity_type=kind).significant
    assert not (before is True and after is not True)


@FAST
@given(facts(), entity_types)
def test_learning_a_fact_never_contradicts_a_decided_answer(f: Nis2Facts, kind: str) -> None:
    """Filling in an unknown yes/no fact never changes a True or False that was already decided."""
    before = significance(f, entity_type=kind)
    for name in FLAGS:
        if getattr(f, name) is None:
            for value in (True, False):
                change: dict[str, Any] = {name: value}
                after = significance(replace(f, **change), entity_type=kind).significant
                if before.significant is not None:
                    assert after is before.significant


@FAST
@given(facts(), entity_types)
def test_answer_matches_criteria_and_unknowns(f: Nis2Facts, kind: str) -> None:
    """True lists criteria and no unknowns; None lists unknowns and no criteria; False lists neither."""
    result = significance(f, entity_type=kind)
    shape = (bool(result.criteria), bool(result.unknown))
    assert shape == {True: (True, False), None: (False, True), False: (False, False)}[result.significant]
    assert {r.criterion for r in result.reasons if r.outcome == "met"} == set(result.criteria)


@FAST
@given(facts(), entity_types)
def test_planned_is_never_significant(f: Nis2Facts, kind: str) -> None:
    """Art. 3(2): whatever else holds, a planned interruption is no significant incident."""
    assert significance(replace(f, planned=True), entity_type=kind).significant is False
