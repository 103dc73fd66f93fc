"""The billable rule table (DPA clause 8(2), DORA Art. 30(2)(f)) and the support task's status table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breach.errors import IllegalTransition, InvalidInput
from breach.support.rules import (
    BILLABLE_RULE_IDS,
    BILLABLE_RULES,
    ORIGIN_OF_STATUS,
    TASK_TRANSITIONS,
    Origin,
    TaskFacts,
    billable_rule,
    check_minutes,
    included_support,
    move_task,
    origin_of,
    task_kind,
    task_status,
)
from breach.vocabulary import IncidentStatus, SupportTaskKind, TaskStatus

K = SupportTaskKind
NOTHING: frozenset[str] = frozenset()


def facts(
    kind: SupportTaskKind = K.PRIOR_CONSULTATION,
    origin: Origin = "none",
    *,
    financial_entity: bool = False,
    included: frozenset[str] = NOTHING,
) -> TaskFacts:
    return TaskFacts(kind=kind, origin=origin, financial_entity=financial_entity, included=included)


# Each row of the table, and the cases that tell the rows apart: (facts, the rule that decides, billable).
CASES = [
    # DORA Art. 30(2)(f): a financial entity's help with an ICT incident, whatever the incident became.
    (facts(K.AUTHORITY_NOTIFICATION, "breach", financial_entity=True), "dora.30.2.f", False),
    (facts(K.EVIDENCE, "no_breach", financial_entity=True), "dora.30.2.f", False),
    # DPA 8(2): a breach at our side is our fault.
    (facts(K.DATA_SUBJECT_COMMUNICATION, "breach"), "dpa.8.2.fault", False),
    (facts(K.PRIOR_CONSULTATION, "breach"), "dpa.8.2.fault", False),
    # DPA 8(2): included in the service description.
    (facts(K.DPIA, included=frozenset({"dpia"})), "dpa.8.2.included", False),
    (facts(K.EVIDENCE, "no_breach", included=frozenset({"evidence"})), "dpa.8.2.included", False),
    (
        facts(K.PRIOR_CONSULTATION, financial_entity=True, included=frozenset({"prior_consultation"})),
        "dpa.8.2.included",
        False,
    ),
    # DPA 8(2): neither: we may charge. A consultation about planned processing, not prompted by our breach.
    (facts(K.PRIOR_CONSULTATION), "dpa.8.2.extra", True),
    (facts(K.PRIOR_CONSULTATION, included=frozenset({"dpia"})), "dpa.8.2.extra", True),
    (facts(K.EVIDENCE, "no_breach"), "dpa.8.2.extra", True),
    # DORA covers ICT incidents only: a financial entity's consultation about planned processing is billable.
    (facts(K.PRIOR_CONSULTATION, financial_entity=True), "dpa.8.2.extra", True),
]


@pytest.mark.parametrize(("given_facts", "rule_id", "billable"), CASES)
def test_each_row_of_the_billable_table(given_facts: TaskFacts, rule_id: str, billable: bool) -> None:
    """The first row that holds decides, and says whether we may charge."""
    rule = billable_rule(given_facts)
    assert (rule.id, rule.billable) == (rule_id, billable)


def test_every_row_is_exercised_and_cites_its_source() -> None:
    """The cases above reach every row; each row names its article or clause and a reason."""
    assert {rule_id for _, rule_id, _ in CASES} == set(BILLABLE_RULE_IDS)
    assert all(rule.source and rule.reason for rule in BILLABLE_RULES)
    assert "Art. 30(2)(f)" in BILLABLE_RULES[0].source


@given(
    kind=st.sampled_from(list(SupportTaskKind)),
    origin=st.sampled_from(["none", "breach", "no_breach"]),
    financial_entity=st.booleans(),
    included=st.frozensets(st.sampled_from([k.value for k in SupportTaskKind])),
)
def test_never_billable_for_our_breach_or_a_dora_incident(
    kind: SupportTaskKind, origin: Origin, financial_entity: bool, included: frozenset[str]
) -> None:
    """Some row always decides; support for our breach, a DORA customer's incident or included support is free."""
    rule = billable_rule(facts(kind, origin, financial_entity=financial_entity, included=included))
    if origin == "breach" or (financial_entity and origin != "none") or kind.value in included:
        assert rule.billable is False
    else:
        assert rule.billable is True


def test_every_incident_status_says_something_about_fault() -> None:
    """Investigating counts as ours until ruled out; dismissed and withdrawn found no breach."""
    assert set(ORIGIN_OF_STATUS) == set(IncidentStatus)
    assert origin_of(None) == "none"
    assert origin_of(IncidentStatus.INVESTIGATING) == "breach"
    assert origin_of(IncidentStatus.DISMISSED) == "no_breach"


def test_kinds_and_service_descriptions_are_checked() -> None:
    """An unknown task kind is refused naming the known ones, in a service description too."""
    assert task_kind("dpia") is K.DPIA
    assert included_support(["dpia", "evidence"]) == frozenset({"dpia", "evidence"})
    with pytest.raises(InvalidInput) as info:
        included_support(["dpia", "coffee"])
    assert (info.value.field, "prior_consultation" in str(info.value)) == ("kind", True)


def test_the_status_table_refuses_illegal_moves() -> None:
    """A done task may be reopened; a cancelled one is final; an unknown status is refused."""
    assert move_task(TaskStatus.DONE, TaskStatus.IN_PROGRESS) is TaskStatus.IN_PROGRESS
    assert TASK_TRANSITIONS[TaskStatus.CANCELLED] == frozenset()
    with pytest.raises(IllegalTransition):
        move_task(TaskStatus.CANCELLED, TaskStatus.OPEN)
    with pytest.raises(IllegalTransition):
        move_task(TaskStatus.OPEN, TaskStatus.OPEN)
    with pytest.raises(InvalidInput):
        task_status("finished")


@pytest.mark.parametrize("minutes", [0, -5, 1441, True, 2.5, "30"])
def test_minutes_are_whole_and_at_most_a_day(minutes: object) -> None:
    """Zero, negative, more than a day, or not a whole number: refused naming the field."""
    with pytest.raises(InvalidInput) as info:
        check_minutes(minutes)
    assert info.value.field == "minutes"
    assert check_minutes(1440) == 1440
