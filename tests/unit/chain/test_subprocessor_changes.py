"""What a new sub-processor directory changes for our customers (GDPR Art. 28(2)), and the checks on an
objection: pure, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from breach.chain.changes import Change, ChangeKind, Entry, check_effective, compute, concerning
from breach.chain.objections import PeriodOver, channel, check_open, reasons
from breach.deadlines.due import due
from breach.errors import InvalidInput

MAILFLOW = Entry("Mailflow Relay BV", "NL", None, "", frozenset({"mail-hosting"}))
DATASTORE = Entry("Datastore Inc.", "US", "scc", "2021/914 module 3", frozenset({"crm-cloud"}))


def kinds(changes: tuple[Change, ...]) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    return [(c.kind.value, c.name, c.services, c.replaces) for c in changes]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # The same file again: nothing changes.
        ([MAILFLOW, DATASTORE], []),
        # Contacts and their own service names are not in an Entry: a file changing only them changes nothing.
        ([MAILFLOW], []),
        # A new sub-processor for a service nobody supported: added.
        (
            [Entry("Backup Box GmbH", "DE", None, "", frozenset({"mail-hosting"}))],
            [("added", "Backup Box GmbH", ("mail-hosting",), None)],
        ),
        # Another takes over Mailflow's service: replaced, and Mailflow is not also "removed" for it.
        (
            [
                Entry("Relay Two SRL", "BE", None, "", frozenset({"mail-hosting"})),
                Entry("Mailflow Relay BV", "NL", None, "", frozenset()),
            ],
            [("replaced", "Relay Two SRL", ("mail-hosting",), "Mailflow Relay BV")],
        ),
        # Mailflow stops supporting the service, nobody takes over: removed.
        (
            [Entry("Mailflow Relay BV", "NL", None, "", frozenset())],
            [("removed", "Mailflow Relay BV", ("mail-hosting",), None)],
        ),
        # An existing sub-processor starts supporting another service: added for that service's customers.
        (
            [Entry("Mailflow Relay BV", "NL", None, "", frozenset({"mail-hosting", "crm-cloud"}))],
            [("added", "Mailflow Relay BV", ("crm-cloud",), None)],
        ),
    ],
)
def test_what_a_file_changes(after: list[Entry], expected: list[tuple[str, str, tuple[str, ...], str | None]]) -> None:
    assert kinds(compute([MAILFLOW, DATASTORE], after)) == expected


def test_a_move_names_the_country_it_leaves_and_the_ground_it_needs() -> None:
    """Mailflow moves from the Netherlands to the United States on the Data Privacy Framework."""
    moved = Entry("Mailflow Relay BV", "US", "adequacy", "EU-US DPF, (EU) 2023/1795", frozenset({"mail-hosting"}))
    (change,) = compute([MAILFLOW], [moved])
    assert (change.kind, change.country_before, change.country, change.transfer_mechanism) == (
        ChangeKind.MOVED,
        "NL",
        "US",
        "adequacy",
    )
    assert change.objectionable


def test_a_new_transfer_ground_is_a_change() -> None:
    """Datastore leaves the SCCs for the Data Privacy Framework: the ground before is named."""
    now = Entry("Datastore Inc.", "US", "adequacy", "EU-US DPF", frozenset({"crm-cloud"}))
    (change,) = compute([DATASTORE], [now])
    assert change.kind is ChangeKind.TRANSFER
    assert change.transfer_before == "scc 2021/914 module 3"


def test_a_customer_is_told_only_of_the_services_it_uses() -> None:
    stored = [c.as_facts() for c in compute([], [MAILFLOW, DATASTORE])]
    mine = concerning(stored, ["mail-hosting"])
    assert [(c["name"], c["services"]) for c in mine] == [("Mailflow Relay BV", ["mail-hosting"])]
    assert concerning(stored, ["other"]) == []


def test_a_change_takes_effect_only_after_its_objection_period() -> None:
    """Art. 28(2): the changes are 'intended'; a removal alone may take effect at once."""
    added = compute([], [MAILFLOW])
    with pytest.raises(InvalidInput, match="after the objection period"):
        check_effective(date(2027, 1, 4), date(2027, 1, 4), added)
    assert check_effective(date(2027, 1, 5), date(2027, 1, 4), added) == date(2027, 1, 5)
    removed = compute([MAILFLOW], [Entry("Mailflow Relay BV", "NL", None, "", frozenset())])
    assert check_effective(date(2026, 12, 6), date(2027, 1, 4), removed) == date(2026, 12, 6)


def test_the_objection_period_is_thirty_days_on_our_calendar_unless_set() -> None:
    """gdpr.28.2: days from the announcement, ending at the end of a Belgian working day (1182/71)."""
    announced = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # a Saturday
    assert due("gdpr.28.2", announced).isoformat() == "2027-01-04T23:59:59+01:00"  # 4 January, a Monday
    assert due("gdpr.28.2", announced, days=14).isoformat() == "2026-12-21T23:59:59+01:00"


def test_an_objection_needs_reasons_and_a_running_period() -> None:
    assert reasons("  We do not accept a transfer to the US.\r\n") == "We do not accept a transfer to the US."
    for bad in ("", "   ", "x" * 4001, "bad \x00 byte"):
        with pytest.raises(InvalidInput, match="reasons"):
            reasons(bad)
    with pytest.raises(InvalidInput, match="channel"):
        channel("fax")
    until = datetime(2027, 1, 4, 22, 59, 59, tzinfo=UTC)
    check_open("COM-2026-0001", until, until)
    with pytest.raises(PeriodOver, match="ended"):
        check_open("COM-2026-0001", until, datetime(2027, 1, 4, 23, 0, tzinfo=UTC))
