"""What people and files may give the engine: times in range, strict numbers, no control characters, short echoes."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from pydantic import ValidationError

from breach.deadlines.event_details import check_details
from breach.deadlines.event_table import EVENTS
from breach.directory.entries import MAX_SUBJECTS_PER_SERVICE, validate
from breach.directory.resolution import MAX_SUBJECTS, ServiceUse, affected_customers
from breach.echo import ECHO_LIMIT, shown
from breach.errors import DirectoryFileError, InvalidInput, NotFound
from breach.incidents.narrative import Narrative
from breach.inputs import check_one_line, check_prose, check_range, control_problem
from breach.risk.assessment import BreachFacts
from breach.support import support_tasks as tasks
from flows.timeparse import parse_instant
from notifications.channels.contacts import check_contact
from tests.factories import customer, directory

FACTS: dict[str, Any] = {"breach_types": ["confidentiality"], "data_categories": ["contact"], "data_subjects": 20}


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:30+14:00",  # 31 December of year 0 in UTC: overflowed on comparison
        "0001-01-01T00:00Z",
        "9999-12-31T23:30-01:00",  # year 10000 in UTC
        "9999-12-31T00:00Z",  # a deadline 72 hours later overflows
        "0001-01-01 00:10 Asia/Tokyo",
        "9999-12-31 23:59 America/New_York",
        "1899-12-31T23:59Z",
        "3000-01-01T00:00Z",
    ],
)
def test_times_out_of_range_are_refused_by_name(text: str) -> None:
    """A typed time near year 1 or 9999 is an InvalidInput naming the option and value, never an OverflowError."""
    with pytest.raises(InvalidInput) as info:
        parse_instant(text, "detected_at")
    assert info.value.field == "detected_at"
    assert info.value.value == text
    assert "out of range" in str(info.value)


@pytest.mark.parametrize("text", ["1900-01-01T00:00+14:00", "2999-12-31T23:59-14:00", "2026-03-29 02:30 Europe/Paris"])
def test_times_inside_the_range_convert_to_utc(text: str) -> None:
    """The edges of the range (with any offset) and a DST gap still give an instant that converts to UTC."""
    assert parse_instant(text, "at").astimezone(UTC).tzinfo is UTC


def test_check_range_reads_the_date_as_written() -> None:
    """The range is checked on the written date, so the check itself cannot overflow."""
    assert check_range("at", datetime(2026, 1, 1, tzinfo=UTC)).year == 2026
    with pytest.raises(InvalidInput, match="out of range"):
        check_range("at", datetime(1, 1, 1, 0, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Acme\x07 BV", "U+0007"),
        ("Acme\x1b[31m BV", "U+001B"),
        ("Acme\nBV", "U+000A"),
        ("Acme\tBV", "U+0009"),
        ("Acme\x00", "U+0000"),
        ("Acme\x85", "U+0085"),
        ("Acme \u202egnp.exe", "U+202E"),
    ],
)
def test_one_line_text_refuses_control_characters(value: str, problem: str) -> None:
    """A name or title with any control or bidi-override character is refused with the character named."""
    with pytest.raises(InvalidInput) as info:
        check_one_line("name", value)
    assert problem in info.value.problem


def test_prose_keeps_newlines_and_tabs_only() -> None:
    """Narrative text keeps newlines, carriage returns and tabs, and refuses NUL, escape and the like."""
    assert check_prose("nature", "Line one\r\n\tLine two") == "Line one\r\n\tLine two"
    for bad in ("a\x00b", "a\x1bb", "a\x0cb", "a\x7fb"):
        assert control_problem(bad, multiline=True) is not None


def test_a_narrative_stored_before_the_rule_still_reads_with_its_controls_marked() -> None:
    """Text stored before control characters were refused reads back scrubbed, so its notices still render."""
    raw = {"nature": "Ransom\x00ware\x1b[31m on mail\u202e", "measures_taken": "Isolated.\n\tRestored."}
    with pytest.raises(ValidationError):
        Narrative.model_validate(raw)
    stored = Narrative.stored(raw)
    assert stored.nature == "Ransom\ufffdware\ufffd[31m on mail\ufffd"
    assert stored.measures_taken == "Isolated.\n\tRestored."
    assert Narrative.stored(None) == Narrative()


def test_shown_cuts_long_values_with_their_length() -> None:
    """A long string is cut to the limit with an ellipsis and its length; a short one is shown whole."""
    assert shown("Acme BV") == "'Acme BV'"
    long = "x" * 5000
    text = shown(long)
    assert text.endswith("… (5000 characters)")
    assert len(text) < ECHO_LIMIT + 30


def test_shown_summarises_a_huge_shared_structure_quickly() -> None:
    """A structure like an expanded alias bomb (9**9 leaves, shared) is summarised in milliseconds."""
    layer: list[Any] = ["lol"] * 9
    for _ in range(8):
        layer = [layer] * 9
    started = time.perf_counter()
    text = shown(layer)
    assert time.perf_counter() - started < 0.05
    assert len(text) < ECHO_LIMIT + 20


def test_an_error_message_repeats_at_most_a_readable_part_of_the_value() -> None:
    """InvalidInput's message holds the field and a cut value, however long the value."""
    message = str(InvalidInput("title", "T" * 100_000, "too long"))
    assert message.startswith("title: too long (got 'TTT")
    assert len(message) < 150


def _validate(data: Any) -> Any:
    return validate(data, check_contact=check_contact, known_services=set())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"services": [{"code": "mail-hosting", "data_subjects": True}]}, "customers[0].services[0].data_subjects"),
        ({"services": [{"code": "mail-hosting", "data_subjects": "20000"}]}, "customers[0].services[0].data_subjects"),
        ({"services": [{"code": "mail-hosting", "data_subjects": 20000.0}]}, "customers[0].services[0].data_subjects"),
        ({"sla_hours": "24"}, "customers[0].sla_hours"),
        ({"sla_hours": True}, "customers[0].sla_hours"),
        ({"financial_entity": "yes"}, "customers[0].financial_entity"),
        ({"security_notices": 1}, "customers[0].security_notices"),
        ({"name": "Acme\x1b]0;pwned\x07 BV"}, "customers[0].name"),
        ({"name": "Acme\nBV"}, "customers[0].name"),
        ({"account_manager": "bob\x00"}, "customers[0].account_manager"),
        ({"contacts": [{"url": "json://hooks.example.org/a", "label": "desk\rtop"}]}, "customers[0].contacts[0].label"),
        ({"contacts": [{"url": "json://hooks.example.org/a", "tags": ["x\x1b"]}]}, "customers[0].contacts[0].tags[0]"),
    ],
)
def test_the_directory_refuses_loose_types_and_control_characters(change: dict[str, Any], field: str) -> None:
    """A bool or string where a number is asked, a string where a flag is, or a control character in a name."""
    with pytest.raises(DirectoryFileError) as info:
        _validate(directory(customer(**change)))
    assert info.value.field == field


def test_a_service_name_refuses_control_characters_and_its_description_keeps_lines() -> None:
    """A service's name is one line; its description may hold several."""
    services = [{"code": "mail-hosting", "name": "Mail\x1b", "description": "a"}]
    with pytest.raises(DirectoryFileError) as info:
        _validate(directory(customer(), services=services))
    assert info.value.field == "services[0].name"
    services = [{"code": "mail-hosting", "name": "Mail", "description": "first\nsecond"}]
    assert _validate(directory(customer(), services=services)).spec.services[0].description == "first\nsecond"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"data_subjects": True}, "data_subjects"),
        ({"data_subjects": "20000"}, "data_subjects"),
        ({"data_subjects": 20.0}, "data_subjects"),
        ({"data_subjects_max": "30"}, "data_subjects_max"),
        ({"records": False}, "records"),
        ({"recipient_count": "3"}, "recipient_count"),
        ({"dpc": "2.5"}, "dpc"),
        ({"dpc": True}, "dpc"),
        ({"vulnerable_subjects": "yes"}, "vulnerable_subjects"),
        ({"malicious": 0}, "malicious"),
        ({"integrity_recoverable": "false"}, "integrity_recoverable"),
    ],
)
def test_facts_refuse_loose_numbers_and_flags(change: dict[str, Any], field: str) -> None:
    """``data_subjects: true`` is no longer stored as 1, nor ``"20000"`` taken for a number."""
    with pytest.raises(ValidationError) as info:
        BreachFacts.model_validate({**FACTS, **change})
    assert info.value.errors()[0]["loc"][0] == field


def test_facts_still_take_real_numbers() -> None:
    """Whole numbers, a whole DPC and real flags validate as before."""
    facts = BreachFacts.model_validate({**FACTS, "data_subjects": 20000, "dpc": 3, "malicious": False})
    assert (facts.data_subjects, facts.dpc, facts.malicious) == (20000, 3.0, False)


def test_the_narrative_keeps_lines_and_refuses_other_controls() -> None:
    """Narrative prose keeps newlines and tabs, and refuses NUL and escape sequences; ``ongoing`` is a flag."""
    assert Narrative(nature="First.\n\tSecond.").nature == "First.\n\tSecond."
    for change in ({"nature": "a\x00b"}, {"measures_taken": "\x1b[2J"}, {"ongoing": "yes"}, {"ongoing": 1}):
        with pytest.raises(ValidationError):
            Narrative.model_validate(change)


def test_task_and_consultation_texts_follow_the_same_rules() -> None:
    """A support task's title or owner is one line; its note keeps lines; neither takes other controls."""
    assert tasks.text("Draft the\nnotification", "note", required=False) == "Draft the\nnotification"
    for field, value, limit in (("title", "DPIA\x1b[1m", tasks.MAX_TITLE), ("owner", "bob\nalice", 200)):
        with pytest.raises(InvalidInput) as info:
            tasks.text(value, field, required=True, limit=limit)
        assert info.value.field == field
    with pytest.raises(InvalidInput, match="U\\+0000"):
        tasks.text("a\x00b", "note", required=False)


def test_event_details_refuse_controls_and_times_out_of_range() -> None:
    """An event's name-like details are one line, its reasons keep lines, and its times are range-checked."""
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    phoned = EVENTS["reached-by-phone"]
    assert check_details(phoned, {"by": "Alice", "reason": "Called\nthe DPO"}, moment)["reason"] == "Called\nthe DPO"
    with pytest.raises(InvalidInput) as info:
        check_details(phoned, {"by": "Alice\x1b[8m"}, moment)
    assert info.value.field == "by"
    with pytest.raises(InvalidInput, match="out of range"):
        check_details(EVENTS["dora-classified"], {"aware_at": "0001-01-01T00:30+14:00"}, moment)


def test_a_reference_not_found_is_echoed_cut_short() -> None:
    """A pasted 10 000-character reference is repeated as its first characters and its length."""
    message = str(NotFound("incident", "BR-" + "9" * 10_000))
    assert message.startswith("incident: no such incident 'BR-999")
    assert message.endswith("(10003 characters)")


def test_counts_fit_the_columns_that_hold_them() -> None:
    """A service's data subjects above a billion are refused; a customer's sum over services stays in 32 bits."""
    entry = customer(services=[{"code": "mail-hosting", "data_subjects": 10**20}])
    with pytest.raises(DirectoryFileError) as info:
        _validate(directory(entry))
    assert info.value.field == "customers[0].services[0].data_subjects"
    who, services = uuid4(), [uuid4(), uuid4(), uuid4()]
    uses = [ServiceUse(who, s, MAX_SUBJECTS_PER_SERVICE) for s in services]
    assert affected_customers(uses, services)[0].data_subjects == MAX_SUBJECTS == 2**31 - 1


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "A BV", "contacts": ["mailto://notify:s3cret@mail.example.org?to=a@a.example.org"]},
        {**customer(), "contacts": "mailto://notify:s3cret@mail.example.org?to=a@a.example.org"},
        {**customer(), "contacts": [{"url": "mailto://notify:s3cret@mail.example.org", "colour": "red"}]},
    ],
)
def test_an_error_never_echoes_a_contact_secret(entry: dict[str, Any]) -> None:
    """Whatever part of a customer's entry an error repeats, a contact URL shows only its scheme."""
    with pytest.raises(DirectoryFileError) as info:
        _validate(directory(entry))
    assert "s3cret" not in str(info.value)
    assert "s3cret" not in repr(info.value.value)
