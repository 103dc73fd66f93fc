"""The risk recommendation (LAW.md section 4) on misdirected mail: realistic scenarios, each arguing its outcome
in its docstring (shared set-up: tests.unit.risk.risk_scenarios)."""

from __future__ import annotations

from breach.risk.assessment import assess
from tests.unit.risk.risk_scenarios import expect_outcome, scenario_facts

# --- Misdirected mail ------------------------------------------------------------------------------


def test_invoice_mailed_to_a_trusted_partner_who_deletes_it() -> None:
    """One invoice reached the controller's auditor, bound to secrecy, who confirmed deletion: a trusted recipient
    lowers it to unlikely."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "financial"],
            data_subjects=1,
            malicious=False,
            exfiltration="confirmed",
            recipients="trusted",
            recipient_count=1,
            data_retrieved=True,
        )
    )
    expect_outcome(result, "unlikely")
    assert "trusted_recipient_deleted" in result.codes


def test_medical_report_mailed_to_another_doctor() -> None:
    """A lab result went to the wrong physician, bound by medical secrecy, who deleted it: Art. 9 data keep a risk, the
    trusted recipient keeps it from high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "special"],
            data_subjects=1,
            malicious=False,
            exfiltration="confirmed",
            recipients="trusted",
            recipient_count=1,
            data_retrieved=True,
        )
    )
    expect_outcome(result, "risk")
    assert "trusted_recipient" in result.codes


def test_parcel_slips_swapped_between_two_customers() -> None:
    """Two customers got each other's name, address and order and returned the slips: a small accidental disclosure of
    ordinary data, unlikely."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "behavioural"],
            data_subjects=2,
            malicious=False,
            exfiltration="confirmed",
            recipients="known",
            recipient_count=2,
            data_retrieved=True,
        )
    )
    expect_outcome(result, "unlikely")


def test_account_statement_sent_to_the_wrong_customer() -> None:
    """A bank statement reached another customer, not bound to confidentiality: financial data out of control, risk,
    but one person and no malice keep it from high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "financial"],
            data_subjects=1,
            malicious=False,
            exfiltration="confirmed",
            recipients="known",
            recipient_count=1,
        )
    )
    expect_outcome(result, "risk")
    assert "sensitive_data_disclosed" in result.codes


def test_newsletter_sent_with_cc_instead_of_bcc() -> None:
    """4 000 subscribers see each other's addresses: so many recipients count as unlimited, risk, but contact data
    alone are not high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["contact"],
            data_subjects=4_000,
            malicious=False,
            exfiltration="confirmed",
            recipients="known",
            recipient_count=4_000,
        )
    )
    expect_outcome(result, "risk")
    assert "recipients_unlimited" in result.codes


def test_patient_group_mail_sent_with_cc() -> None:
    """A clinic's CC list reveals who is treated for addiction to 300 recipients: Art. 9 data to people not bound to
    secrecy, high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["contact", "special"],
            data_subjects=300,
            malicious=False,
            exfiltration="confirmed",
            recipients="known",
            recipient_count=300,
        )
    )
    expect_outcome(result, "high", channel="individual")


def test_attendee_list_with_dietary_notes_to_former_participants() -> None:
    """Two of twelve attendees noted an intolerance, health data that reveal little (dpc 1.5), sent by accident and
    deleted: unlikely."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact", "special"],
            dpc=1.5,
            data_subjects=12,
            malicious=False,
            exfiltration="confirmed",
            recipients="known",
            recipient_count=12,
            data_retrieved=True,
        )
    )
    expect_outcome(result, "unlikely")
    assert "special_category_reveals_little" in result.codes
