"""The event table (breach.deadlines.events): what each event starts, meets and moves in its ordinary situation,
and the reasons a late notification needs."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breach.deadlines.events import (
    EVENTS,
    DeadlineState,
    PastEvent,
    Subject,
    starters,
    stoppers,
)
from breach.deadlines.rules import RULES
from breach.errors import InvalidInput
from tests.unit.deadlines.event_planning import (
    CASE,
    CLOCK_33_1,
    CLOCK_33_4,
    CLOCK_D1,
    CLOCKS_36,
    INCIDENT,
    RECEIVED,
    T0,
    T1,
    clock,
    past,
    run,
)


class Scenario(NamedTuple):
    """An event in its ordinary situation, and the clocks it starts (rule, sequence), meets and moves."""

    event: str
    subject: Subject
    details: dict[str, object]
    clocks: tuple[DeadlineState, ...]
    history: tuple[PastEvent, ...]
    starts: list[tuple[str, int]]
    meets: list[str]
    recomputes: list[str]


_ROWS: list[tuple[Any, ...]] = [
    ("authority-notified", CASE, {"authority_reference": "GBA-1", "follow_up": True}, (CLOCK_33_1,), (),
     [("gdpr.33.4", 1)], ["gdpr.33.1"], []),
    ("follow-up-sent", CASE, {"follow_up": True, "hours": 24}, (replace(CLOCK_33_1, met_at=T1), CLOCK_33_4),
     (past("authority-notified", T1, authority_reference="GBA-1"),), [("gdpr.33.4", 2)], ["gdpr.33.4"], []),
    ("authority-not-notified", CASE, {"reason": "Encrypted, key safe"}, (CLOCK_33_1,), (), [], ["gdpr.33.1"], []),
    ("high-risk-established", CASE, {"hours": 48}, (), (), [("gdpr.34.1", 1)], [], []),
    ("subjects-informed", CASE, {}, (clock("gdpr.34.1"),), (), [], ["gdpr.34.1"], []),
    ("subjects-not-informed", CASE, {"reason": "Art. 34(3)(a): encrypted"}, (clock("gdpr.34.1"),), (),
     [], ["gdpr.34.1"], []),
    ("consultation-received", CASE, {"authority": "NL-AP"}, (), (),
     [("gdpr.36.2", 1), ("gdpr.36.2.extension", 1)], [], []),
    ("extension-announced", CASE, {}, CLOCKS_36, (RECEIVED,), [], ["gdpr.36.2.extension"], ["gdpr.36.2"]),
    ("suspension-started", CASE, {"reason": "asked for the DPIA"}, CLOCKS_36, (RECEIVED,), [], [], []),
    ("suspension-ended", CASE, {}, CLOCKS_36, (RECEIVED, past("suspension-started", T1)), [], [], ["gdpr.36.2"]),
    ("advice-received", CASE, {}, CLOCKS_36, (RECEIVED,), [], ["gdpr.36.2", "gdpr.36.2.extension"], []),
    ("reached-by-phone", CASE, {"by": "Dana Example"}, (), (), [], [], []),
    ("dora-classified", CASE, {}, (), (), [("dora.initial", 1)], [], []),
    ("dora-initial-sent", CASE, {}, (clock("dora.initial", classified_at=T1),), (),
     [("dora.intermediate", 1)], ["dora.initial"], []),
    ("dora-intermediate-sent", CASE, {}, (clock("dora.intermediate"),), (),
     [("dora.final", 1)], ["dora.intermediate"], []),
    ("dora-final-sent", CASE, {}, (clock("dora.final"),), (), [], ["dora.final"], []),
    ("nis2-significant", INCIDENT, {"trust_service_provider": True}, (), (),
     [("nis2.23.4.a", 1), ("nis2.23.4.b", 1)], [], []),
    ("nis2-early-warning-sent", INCIDENT, {}, (clock("nis2.23.4.a"),), (), [], ["nis2.23.4.a"], []),
    ("nis2-notification-sent", INCIDENT, {}, (clock("nis2.23.4.b"),), (), [("nis2.23.4.d", 1)], ["nis2.23.4.b"], []),
    ("nis2-progress-report-sent", INCIDENT, {}, (CLOCK_D1,), (), [], ["nis2.23.4.d"], []),
    ("nis2-incident-handled", INCIDENT, {}, (replace(CLOCK_D1, met_at=T1),), (past("nis2-progress-report-sent", T1),),
     [("nis2.23.4.d", 2)], [], []),
    ("nis2-final-report-sent", INCIDENT, {}, (replace(CLOCK_D1, met_at=T1), clock("nis2.23.4.d", T1, sequence=2)), (),
     [], ["nis2.23.4.d"], []),
]  # fmt: skip
SCENARIOS = [Scenario(*row) for row in _ROWS]


@pytest.mark.parametrize("case", SCENARIOS, ids=[s.event for s in SCENARIOS])
def test_each_event_starts_meets_and_moves_its_clocks(case: Scenario) -> None:
    """Each event of the table, recorded in its ordinary situation, does what its row says."""
    result = run(case.event, subject=case.subject, clocks=case.clocks, history=case.history, details=case.details)
    assert [(s.rule, s.sequence) for s in result.starts] == case.starts
    assert [m.rule for m in result.meets] == case.meets
    assert [r.rule for r in result.recomputes] == case.recomputes
    assert result.repeat_of is None
    assert all(s.due_at >= s.start for s in result.starts)


def test_the_scenarios_cover_every_event() -> None:
    """The table above exercises every event of ``EVENTS``, once."""
    assert sorted(s.event for s in SCENARIOS) == sorted(EVENTS)


def test_every_clock_has_its_events() -> None:
    """Every rule is started by an event and met by one, except those that start at confirmation or delivery and
    the communications' (dpa.4.1, dpa.5, dpa.9, dpa.10.2: started when recorded, met when their notice is
    delivered) and a sub-processor change's objection period (gdpr.28.2: started when announced, ends by itself)."""
    communications = {"dpa.4.1", "dpa.5", "dpa.9", "dpa.10.2", "gdpr.28.2"}
    assert {r for r in RULES if not starters(r)} == {"dpa.8.1b", "gdpr.33.1", *communications}
    assert {r for r in RULES if not stoppers(r)} == {"dpa.8.1b", *communications}


def test_an_open_follow_up_is_met_by_its_sequence() -> None:
    """A follow-up meets the open gdpr.33.4 with the lowest sequence, not an already met one."""
    clocks = (replace(CLOCK_33_4, met_at=T1), clock("gdpr.33.4", T1, sequence=2))
    history = (past("authority-notified", T1, authority_reference="GBA-1"),)
    result = run("follow-up-sent", clocks=clocks, history=history)
    assert [m.key for m in result.meets] == ["case:c:gdpr.33.4:2"]
    assert result.starts == ()


def test_a_late_notification_needs_its_reasons() -> None:
    """After the 72 hours, authority-notified is refused without delay_reasons and met late with them."""
    late = T0 + timedelta(hours=73)
    with pytest.raises(InvalidInput) as info:
        run("authority-notified", late, clocks=(CLOCK_33_1,), authority_reference="GBA-1")
    assert info.value.field == "delay_reasons"
    assert "Art. 33(1)" in str(info.value)
    result = run(
        "authority-notified", late, clocks=(CLOCK_33_1,), authority_reference="GBA-1", delay_reasons="Backups first"
    )
    assert result.late
    assert [(m.late, m.late_reasons) for m in result.meets] == [(True, "Backups first")]


@given(st.integers(min_value=0, max_value=200 * 60))
def test_reasons_are_required_exactly_after_72_hours(minutes: int) -> None:
    """Without delay_reasons a notification is accepted up to the due instant and refused after it."""
    at = T0 + timedelta(minutes=minutes)
    if minutes > 72 * 60:
        with pytest.raises(InvalidInput, match=r"^delay_reasons: required"):
            run("authority-notified", at, clocks=(CLOCK_33_1,), authority_reference="GBA-1")
    else:
        assert not run("authority-notified", at, clocks=(CLOCK_33_1,), authority_reference="GBA-1").late


def test_a_notification_after_deciding_not_to_still_needs_reasons_when_late() -> None:
    """A risk found later means a late notification with reasons, even though the decision met the clock."""
    clocks = (replace(CLOCK_33_1, met_at=T1),)
    history = (past("authority-not-notified", T1, reason="unlikely"),)
    late = T0 + timedelta(days=5)
    with pytest.raises(InvalidInput) as info:
        run("authority-notified", late, clocks=clocks, history=history, authority_reference="GBA-1")
    assert info.value.field == "delay_reasons"
    result = run(
        "authority-notified",
        late,
        clocks=clocks,
        history=history,
        authority_reference="GBA-1",
        delay_reasons="New facts",
    )
    assert (result.meets, result.late) == ((), True)
