"""The risk recommendation (LAW.md section 4) on attacks and insiders: realistic scenarios, each arguing its
outcome in its docstring (shared set-up: tests.unit.risk.risk_scenarios)."""

from __future__ import annotations

from breach.risk.assessment import assess
from tests.unit.risk.risk_scenarios import expect_outcome, scenario_facts

# --- Attacks and insiders --------------------------------------------------------------------------


def test_credential_stuffing_on_a_web_shop() -> None:
    """Attackers logged into 800 accounts with reused passwords and saw addresses, orders and stored cards: financial
    data in malicious hands, high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact", "behavioural", "financial"],
            data_subjects=800,
            malicious=True,
            exfiltration="confirmed",
        )
    )
    expect_outcome(result, "high", channel="individual")


def test_leaked_salted_password_hashes() -> None:
    """A dump of e-mail addresses with strong salted hashes, salt safe: unintelligible, unlikely, with 34(3)(a)
    reported."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["contact", "credentials"],
            data_subjects=5_000,
            unintelligible=True,
            malicious=True,
            exfiltration="confirmed",
            recipients="public",
        )
    )
    expect_outcome(result, "unlikely", exemption="34(3)(a)")


def test_leaked_plaintext_passwords() -> None:
    """Plaintext passwords of 5 000 users on a forum: account takeover and reuse at scale, high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["contact", "credentials"],
            data_subjects=5_000,
            malicious=True,
            exfiltration="confirmed",
            recipients="public",
        )
    )
    expect_outcome(result, "high", channel="individual")
    assert "fraud_data_many" in result.codes


def test_departing_salesperson_copies_the_customer_list() -> None:
    """A known former employee took names, contacts and purchase history to court customers: misuse by a known holder,
    risk, not the fraud that makes it high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact", "behavioural"],
            data_subjects=3_000,
            malicious=True,
            exfiltration="confirmed",
            recipients="known",
            recipient_count=1,
        )
    )
    expect_outcome(result, "risk")
    assert "malicious_holder" in result.codes


def test_web_form_skimmer_on_a_recruitment_site() -> None:
    """Malware on the form could have sent 200 applicants' identity data to unknown servers for a month, and that cannot
    be ruled out: an attacker may hold identifying data of many, high, said as a possibility."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact"],
            data_subjects=200,
            malicious=True,
            exfiltration="cannot_rule_out",
        )
    )
    expect_outcome(result, "high", channel="individual")
    assert "malicious_many_possible" in result.codes


def test_misconfigured_portal_exposes_invoices() -> None:
    """Invoices were reachable by guessing a URL and logs cannot rule out access: financial data possibly in unknown
    hands, high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "financial"],
            data_subjects=2_500,
            malicious=False,
            exfiltration="cannot_rule_out",
            recipients="public",
        )
    )
    expect_outcome(result, "high", channel="individual")


def test_misconfigured_portal_with_clean_logs() -> None:
    """The same exposure, but complete logs show nobody fetched an invoice: exfiltration ruled out, unlikely."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "financial"],
            data_subjects=2_500,
            malicious=False,
            exfiltration="ruled_out",
            recipients="public",
        )
    )
    expect_outcome(result, "unlikely")


def test_published_database_of_a_sports_club() -> None:
    """Members' names, birth dates, addresses and ID numbers were posted online: data beyond contact details published,
    high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact", "national_id"],
            data_subjects=900,
            malicious=True,
            exfiltration="confirmed",
            recipients="public",
        )
    )
    expect_outcome(result, "high", channel="individual")
    assert "published_data" in result.codes


def test_published_mailing_list_of_many_people() -> None:
    """A list of 100 000 names and e-mail addresses was published: mass phishing potential, at least risk."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact"],
            data_subjects=100_000,
            malicious=False,
            exfiltration="confirmed",
            recipients="public",
        )
    )
    assert result.risk in {"risk", "high"}
    assert result.notify_authority


def test_ddos_without_effect_on_data() -> None:
    """A denial of service made the portal slow for an hour, no data touched, nobody harmed: unlikely."""
    result = assess(
        scenario_facts(
            breach_types=["availability"],
            data_categories=["identity", "contact"],
            data_subjects=20_000,
            malicious=True,
            availability="restored",
        )
    )
    expect_outcome(result, "unlikely")


def test_altered_medication_records_not_recoverable() -> None:
    """A faulty import overwrote dosages and the originals are gone: health records altered beyond recovery, high."""
    result = assess(
        scenario_facts(
            breach_types=["integrity"],
            data_categories=["identity", "special"],
            data_subjects=400,
            vulnerable_subjects=True,
            malicious=False,
            integrity_recoverable=False,
        )
    )
    expect_outcome(result, "high", channel="individual")


def test_altered_newsletter_preferences_recovered() -> None:
    """A bug flipped newsletter preferences and a backup restored them: ordinary data, recoverable, unlikely."""
    result = assess(
        scenario_facts(
            breach_types=["integrity"],
            data_categories=["contact", "behavioural"],
            data_subjects=10_000,
            malicious=False,
            integrity_recoverable=True,
        )
    )
    expect_outcome(result, "unlikely")
