"""The register as the DPO reads it in Prefect, and when a watchdog pass ends red: pure, no database, no Prefect."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from breach.records.register import Clock, ClockState, Decision, Recommendation, RegisterRow
from flows.orchestration.register_view import CaseExtras, register_description, register_table, span
from flows.orchestration.verdict import verdict
from flows.usecases.watch import OpenDeadline

NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
TZ = "Europe/Brussels"


def _clock(rule: str, due: timedelta, met: timedelta | None = None) -> Clock:
    due_at, met_at = NOW + due, (NOW + met if met is not None else None)
    state: ClockState = "overdue" if due_at < NOW else "open"
    if met_at is not None:
        state = "late" if met_at > due_at else "met"
    return Clock(rule, NOW - timedelta(days=1), due_at, met_at, state)


def _row(customer: str | None, *clocks: Clock, **changes: object) -> RegisterRow:
    row = RegisterRow(
        reference="BR-2026-0007",
        title="Mail storage encrypted",
        customer=customer,
        customer_role="controller" if customer else None,
        timezone=TZ,
        incident_status="notifying",
        occurred_at=None,
        detected_at=NOW - timedelta(days=2),
        aware_at=NOW - timedelta(days=1),
        customer_aware_at=None,
        acknowledged_at=None,
        nature=None,
        breach_types=(),
        data_categories=(),
        data_subjects=None,
        data_subjects_max=None,
        records=None,
        likely_consequences=None,
        measures_taken=None,
        measures_proposed=None,
        dismissal_reason=None,
        recommendation=Recommendation(risk="high"),
        deadlines=clocks,
    )
    return replace(row, **changes)  # type: ignore[arg-type]


def test_rows_come_most_urgent_first_with_clocks_in_words() -> None:
    """Unreached first, then overdue, then the soonest due, then nothing open; each clock in words."""
    rows = [
        _row("Quiet BV"),
        _row("Later BV", _clock("gdpr.33.1", timedelta(days=2, hours=23, minutes=9))),
        _row("Late BV", _clock("gdpr.33.1", timedelta(hours=-3))),
        _row("Soon BV", _clock("gdpr.33.1", timedelta(hours=5))),
        _row("Phone BV", unreached_since=NOW - timedelta(hours=2)),
    ]
    table = register_table(rows, {}, now=NOW, tz=TZ, language="en")
    assert [r["Customer"] for r in table] == ["Phone BV", "Late BV", "Soon BV", "Later BV", "Quiet BV"]
    assert table[0]["Attention"] == "☎ NOT REACHED for 2 h 00 min: phone"
    assert table[1]["Attention"] == "● OVERDUE"
    assert table[1]["Deadlines"] == "Authority notification (Art. 33(1)) due 4 Dec 13:00 CET, OVERDUE by 3 h 00 min"
    assert table[2]["Attention"] == "○ due within 12 h"
    assert table[3]["Deadlines"] == "Authority notification (Art. 33(1)) due 7 Dec 15:09 CET, 2 d 23 h left"
    assert table[3]["Attention"] == ""
    assert table[0]["Incident"] == "Mail storage encrypted"
    assert table[0]["Risk"] == "HIGH risk"


def test_empty_cells_stay_empty_never_a_dash() -> None:
    """Our own incident record (no customer, no clock, no risk) shows empty cells, never "-" (a Markdown bullet)."""
    (row,) = register_table([_row(None, recommendation=Recommendation())], {}, now=NOW, tz=TZ, language="en")
    for column in ("Customer", "Deadlines", "Acknowledged", "Authority notified by the customer", "Risk", "Attention"):
        assert row[column] == "", column
    assert "-" not in row.values()


def test_how_acknowledged_how_long_unacknowledged_and_the_authority_reference() -> None:
    """How and when a case was acknowledged and the role of the contact, never who (an artifact holds no
    customer's person); how long a delivered notice waits; the authority reported with its reference."""
    acknowledged = _row(
        "Ack BV",
        _clock("dpa.8.1b", timedelta(hours=20), met=timedelta(hours=-20)),
        acknowledged_at=NOW - timedelta(hours=1),
        decisions=(
            Decision("authority-notified", NOW - timedelta(minutes=30), "portal", authority_reference="CNIL-42"),
        ),
    )
    waiting = _row("Wait BV")
    by_api = _row("Api BV", acknowledged_at=NOW - timedelta(hours=2))
    extras: dict[tuple[str, str | None], CaseExtras] = {
        ("BR-2026-0007", "Ack BV"): CaseExtras("portal", "Privacy officer (e-mail)", NOW - timedelta(hours=3)),
        ("BR-2026-0007", "Api BV"): CaseExtras("api", None, NOW - timedelta(hours=3)),
        ("BR-2026-0007", "Wait BV"): CaseExtras(None, None, NOW - timedelta(hours=26, minutes=5)),
    }
    rows = register_table([acknowledged, waiting, by_api], extras, now=NOW, tz=TZ, language="en")
    table = {r["Customer"]: r for r in rows}
    assert table["Ack BV"]["Acknowledged"] == (
        "4 Dec 15:00 CET in the customer portal, contact: Privacy officer (e-mail)"
    )
    assert table["Api BV"]["Acknowledged"] == "4 Dec 14:00 CET through the API"
    dutch = register_table([acknowledged], extras, now=NOW, tz=TZ, language="nl")
    assert "in het klantenportaal, contact: Privacy officer (e-mail)" in dutch[0]["Ontvangst bevestigd"]
    assert table["Ack BV"]["Authority notified by the customer"] == "yes, 4 Dec 15:30 CET, reference CNIL-42"
    assert table["Ack BV"]["Deadlines"] == "Our notice to the customer (DPA clause 8(1)(b)) met 3 Dec 20:00 CET"
    assert table["Wait BV"]["Acknowledged"] == "not yet, 1 d 2 h since our notice arrived"


@pytest.mark.parametrize(
    ("language", "column", "overdue", "words"),
    [
        (
            "nl",
            "Termijnen",
            "● TE LAAT",
            "Melding aan de toezichthoudende autoriteit (art. 33, lid 1, AVG) uiterlijk 4 dec 13:00",
        ),
        (
            "fr",
            "Délais",
            "● EN RETARD",
            "Notification à l'autorité (art. 33, § 1er, RGPD) au plus tard le 4 déc. 13:00",
        ),
        (
            "de",
            "Fristen",
            "● ÜBERFÄLLIG",
            "Meldung an die Aufsichtsbehörde (Art. 33 Abs. 1 DSGVO) fällig am 4. Dez. 13:00",
        ),
    ],
)
def test_the_dpo_reads_the_register_in_its_language(language: str, column: str, overdue: str, words: str) -> None:
    """Column names, marks, rules and dates come from the DPO's catalogue and locale."""
    (row,) = register_table(
        [_row("Late BV", _clock("gdpr.33.1", timedelta(hours=-3)))], {}, now=NOW, tz=TZ, language=language
    )
    assert overdue in row.values()
    assert row[column].startswith(words)
    assert "4 Dec" not in register_description([row], now=NOW, tz=TZ, language=language) or language == "en"


def test_the_description_carries_the_table_most_urgent_first_so_the_key_page_shows_it() -> None:
    """Prefect's key page opens no version: the description is the one-click register (issue 18)."""
    table = register_table(
        [
            _row("Calm | Sons BV", _clock("gdpr.33.1", timedelta(hours=40))),
            _row("Late BV", _clock("gdpr.33.1", timedelta(hours=-3))),
            _row("Third BV", _clock("gdpr.33.1", timedelta(hours=50))),
        ],
        {},
        now=NOW,
        tz=TZ,
        language="en",
    )
    text = register_description(table, now=NOW, tz=TZ, language="en", limit=2)
    lines = text.splitlines()
    assert lines[0].startswith("Every case, most urgent first.")
    assert lines[2].startswith("| ")
    assert lines[3].startswith("|---|")
    assert "**● OVERDUE**" in lines[4]
    assert "Late BV" in lines[4]
    assert "Calm \\| Sons BV" in lines[5]
    assert lines[5].startswith("|  |")
    assert "Third BV" not in text
    assert lines[-1].startswith("Less urgent cases not shown here: 1.")
    assert register_description([], now=NOW, tz=TZ, language="en").count("\n") == 1


def test_span_reads_as_days_and_hours_or_hours_and_minutes() -> None:
    assert span(timedelta(days=2, hours=23, minutes=59), "en") == "2 d 23 h"
    assert span(timedelta(minutes=-67), "en") == "1 h 07 min"


def _open(rule: str, due: timedelta, reference: str = "BR-2026-0001") -> OpenDeadline:
    return OpenDeadline(
        uuid4(), rule, reference, "Brouwerij Voorbeeld BV", TZ, NOW - timedelta(days=3), NOW + due, None
    )


def test_a_pass_is_red_while_an_owed_clock_is_overdue_or_due_within_the_window() -> None:
    """Overdue or due within 12 h: a named red state that counts them; an authority's own clock never counts."""
    assert verdict([_open("gdpr.33.1", timedelta(hours=13))], now=NOW) is None
    assert verdict([_open("gdpr.36.2", timedelta(days=-2))], now=NOW) is None  # the authority's advice is late
    soon = verdict([_open("gdpr.33.1", timedelta(hours=11))], now=NOW)
    assert soon is not None
    assert (soon.name, soon.overdue, soon.due_soon) == ("Due soon", 0, 1)
    red = verdict(
        [
            _open("gdpr.33.1", timedelta(hours=-1)),
            _open("dpa.8.1b", timedelta(minutes=-5), "BR-2026-0002"),
            _open("gdpr.33.1", timedelta(hours=2)),
        ],
        now=NOW,
    )
    assert red is not None
    assert red.name == "Overdue"
    assert red.message.startswith("2 overdue, 1 due within 12 h (BR-2026-0001, BR-2026-0002)")


def test_a_cells_clocks_put_what_is_owed_first_soonest_first() -> None:
    """The overdue Art. 33(1) clock reads before the notice clock met hours ago (a wide cell is cut on screen)."""
    (row,) = register_table(
        [
            _row(
                "Late BV",
                _clock("dpa.8.1b", timedelta(hours=-20), met=timedelta(hours=-30)),
                _clock("gdpr.34.1", timedelta(hours=30)),
                _clock("gdpr.33.1", timedelta(hours=-3)),
            )
        ],
        {},
        now=NOW,
        tz=TZ,
        language="en",
    )
    clocks = next(value for value in row.values() if "Art. 33(1)" in value)
    assert clocks.index("Art. 33(1)") < clocks.index("OVERDUE") < clocks.index("met")
    assert clocks.index("Art. 33(1)") < clocks.index("Art. 34")
