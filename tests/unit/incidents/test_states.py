"""The incident state machine: a table and one function that refuses illegal moves."""

from __future__ import annotations

import pytest

from breach.errors import IllegalTransition
from breach.incidents.states import TRANSITIONS, is_final, transition
from breach.vocabulary import IncidentStatus as S

LEGAL = [(a, b) for a, targets in TRANSITIONS.items() for b in sorted(targets)]
ILLEGAL = [(a, b) for a in S for b in S if b not in TRANSITIONS[a]]


@pytest.mark.parametrize(("current", "target"), LEGAL, ids=[f"{a}->{b}" for a, b in LEGAL])
def test_legal_moves_return_the_target(current: S, target: S) -> None:
    """Every move in the table is allowed and lands on its target."""
    assert transition(current, target) is target


@pytest.mark.parametrize(("current", "target"), ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_illegal_moves_are_refused(current: S, target: S) -> None:
    """Every move not in the table raises, naming both states."""
    with pytest.raises(IllegalTransition) as info:
        transition(current, target)
    assert info.value.current == current.value
    assert info.value.target == target.value


def test_every_state_is_in_the_table() -> None:
    """No state is forgotten: the table has a row for each."""
    assert set(TRANSITIONS) == set(S)


@pytest.mark.parametrize(
    ("status", "final"),
    [(S.CLOSED, True), (S.WITHDRAWN, True), (S.DISMISSED, False), (S.NOTIFIED, False)],
)
def test_final_states(status: S, final: bool) -> None:
    """Closed and withdrawn are final; a dismissal can be reopened on new evidence."""
    assert is_final(status) is final


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.REPORTED, S.NOTIFYING),  # no notice before confirmation
        (S.DISMISSED, S.CONFIRMED),  # a dismissal is reopened through an investigation, never silently
        (S.CLOSED, S.REPORTED),
        (S.NOTIFIED, S.DISMISSED),  # once told, controllers get a withdrawal, not a silent dismissal
    ],
)
def test_refusals_that_protect_controllers(current: S, target: S) -> None:
    """The moves that would skip or hide a notice are refused."""
    with pytest.raises(IllegalTransition):
        transition(current, target)
