"""The risk recommendation (LAW.md section 4) on ransomware and on lost and stolen devices and paper: realistic
scenarios, each arguing its outcome in its docstring (shared set-up: tests.unit.risk.risk_scenarios)."""

from __future__ import annotations

from breach.risk.assessment import assess
from tests.unit.risk.risk_scenarios import expect_outcome, scenario_facts

# --- Ransomware ------------------------------------------------------------------------------------


def test_ransomware_restored_from_backup_without_exfiltration() -> None:
    """Logs rule out exfiltration and a backup brought everything back within hours, so nobody was
    affected: unlikely."""
    result = assess(
        scenario_facts(
            breach_types=["availability", "confidentiality"],
            data_categories=["identity", "contact", "financial"],
            data_subjects=350,
            malicious=True,
            exfiltration="ruled_out",
            availability="restored",
        )
    )
    expect_outcome(result, "unlikely")
    assert {"confidentiality_contained", "availability_restored"} <= set(result.codes)


def test_ransomware_without_backup_delays_an_accountancy_firm() -> None:
    """No backup: payroll files are rebuilt over a week and salaries are paid late, an availability loss that affects
    people: risk."""
    result = assess(
        scenario_facts(
            breach_types=["availability"],
            data_categories=["identity", "financial"],
            data_subjects=60,
            malicious=True,
            availability="temporary",
        )
    )
    expect_outcome(result, "risk")
    assert "availability_loss_affects_people" in result.codes


def test_ransomware_at_a_hospital_restored_after_days() -> None:
    """Patient records are restored only after three days and operations are postponed: loss of availability harms care
    of vulnerable people, high."""
    result = assess(
        scenario_facts(
            breach_types=["availability"],
            data_categories=["identity", "special"],
            data_subjects=40_000,
            vulnerable_subjects=True,
            malicious=True,
            exfiltration="ruled_out",
            availability="temporary",
        )
    )
    expect_outcome(result, "high", channel="individual")
    assert "availability_harms_care" in result.codes


def test_ransomware_with_exfiltration_of_customer_data() -> None:
    """The gang published a sample of stolen identity and bank data and the backup was encrypted too: exfiltration by
    an attacker, high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality", "availability"],
            data_categories=["identity", "contact", "financial"],
            data_subjects=12_000,
            malicious=True,
            exfiltration="confirmed",
            recipients="unknown",
            availability="permanent",
        )
    )
    expect_outcome(result, "high", channel="individual")
    assert result.severity == "very_high"


def test_ransomware_on_encrypted_disks_with_quick_restore() -> None:
    """Data at rest were encrypted with a safe key and restored quickly: unintelligible and available again, unlikely
    (34(3)(a) reported, as ID numbers in an attacker's hands would be high)."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality", "availability"],
            data_categories=["identity", "national_id"],
            data_subjects=80,
            unintelligible=True,
            malicious=True,
            availability="restored",
        )
    )
    expect_outcome(result, "unlikely", exemption="34(3)(a)")
    assert "unintelligible_key_safe" in result.codes


# --- Lost and stolen devices and paper -----------------------------------------------------------


def test_stolen_encrypted_laptop() -> None:
    """Full-disk encryption with the key kept apart makes the HR files unintelligible; without it the loss would be
    high, so 34(3)(a) is reported: unlikely."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "financial", "special"],
            data_subjects=900,
            unintelligible=True,
            malicious=True,
            exfiltration="confirmed",
        )
    )
    expect_outcome(result, "unlikely", exemption="34(3)(a)")
    assert "exemption_unintelligible" in result.codes


def test_stolen_unencrypted_laptop_with_a_few_contacts() -> None:
    """A thief holds the names and addresses of 25 customers and the controller cannot know the thief's intent: at
    least risk, not high for so little."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact"],
            data_subjects=25,
            malicious=True,
            exfiltration="confirmed",
        )
    )
    expect_outcome(result, "risk")
    assert "unknown_recipients_intent" in result.codes


def test_stolen_unencrypted_laptop_with_a_customer_database() -> None:
    """Identity data of 150 000 customers in a thief's hands: a large number and malicious intent, high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality"],
            data_categories=["identity"],
            data_subjects=150_000,
            malicious=True,
            exfiltration="confirmed",
        )
    )
    expect_outcome(result, "high", channel="individual")


def test_lost_paper_files_of_a_youth_care_service() -> None:
    """The only copy of case files about children is lost on a train: Art. 9 data of vulnerable people in unknown hands
    and gone for good, high."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality", "availability"],
            data_categories=["identity", "special"],
            data_subjects=30,
            vulnerable_subjects=True,
            malicious=False,
            availability="permanent",
        )
    )
    expect_outcome(result, "high", channel="individual")
    assert {"special_category_disclosed_possible", "availability_harms_care"} <= set(result.codes)
