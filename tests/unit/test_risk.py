"""The risk recommendation (LAW.md section 4): realistic scenarios, exemptions, reasons, storage.

Each scenario states its facts as a controller would after a first investigation and argues its
outcome from the EDPB factors and lessons in LAW.md section 4 in the docstring. They are the
engine's own cases, not copies of the EDPB examples.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pydantic import ValidationError

from breach.errors import UnknownValue
from breach.risk import REASONS, RULESET_VERSION, BreachFacts, Reason, RiskAssessment, assess
from breach.risk_reasons import make_reason
from breach.risk_rules import CAPS, FLOORS, params, signals


def _facts(**fields: Any) -> BreachFacts:
    return BreachFacts.model_validate(fields)


def _expect(
    result: RiskAssessment,
    risk: str,
    *,
    channel: str | None = None,
    exemption: str | None = None,
) -> None:
    assert result.risk == risk, result.codes
    assert result.notify_authority is (risk != "unlikely")
    assert result.notify_data_subjects is (channel is not None)
    assert result.data_subject_channel == channel
    assert result.exemption == exemption
    assert result.codes[-1] == "register"


# --- Ransomware ------------------------------------------------------------------------------------


def test_ransomware_restored_from_backup_without_exfiltration() -> None:
    """Logs rule out exfiltration and a backup brought everything back within hours, so nobody was
    affected: unlikely."""
    result = assess(
        _facts(
            breach_types=["availability", "confidentiality"],
            data_categories=["identity", "contact", "financial"],
            data_subjects=350,
            malicious=True,
            exfiltration="ruled_out",
            availability="restored",
        )
    )
    _expect(result, "unlikely")
    assert {"confidentiality_contained", "availability_restored"} <= set(result.codes)


def test_ransomware_without_backup_delays_an_accountancy_firm() -> None:
    """No backup: payroll files are rebuilt over a week and salaries are paid late, an availability loss that affects
    people: risk."""
    result = assess(
        _facts(
            breach_types=["availability"],
            data_categories=["identity", "financial"],
            data_subjects=60,
            malicious=True,
            availability="temporary",
        )
    )
    _expect(result, "risk")
    assert "availability_loss_affects_people" in result.codes


def test_ransomware_at_a_hospital_restored_after_days() -> None:
    """Patient records are restored only after three days and operations are postponed: loss of availability harms care
    of vulnerable people, high."""
    result = assess(
        _facts(
            breach_types=["availability"],
            data_categories=["identity", "special"],
            data_subjects=40_000,
            vulnerable_subjects=True,
            malicious=True,
            exfiltration="ruled_out",
            availability="temporary",
        )
    )
    _expect(result, "high", channel="individual")
    assert "availability_harms_care" in result.codes


def test_ransomware_with_exfiltration_of_customer_data() -> None:
    """The gang published a sample of stolen identity and bank data and the backup was encrypted too: exfiltration by
    an attacker, high."""
    result = assess(
        _facts(
            breach_types=["confidentiality", "availability"],
            data_categories=["identity", "contact", "financial"],
            data_subjects=12_000,
            malicious=True,
            exfiltration="confirmed",
            recipients="unknown",
            availability="permanent",
        )
    )
    _expect(result, "high", channel="individual")
    assert result.severity == "very_high"


def test_ransomware_on_encrypted_disks_with_quick_restore() -> None:
    """Data at rest were encrypted with a safe key and restored quickly: unintelligible and available again, unlikely
    (34(3)(a) reported, as ID numbers in an attacker's hands would be high)."""
    result = assess(
        _facts(
            breach_types=["confidentiality", "availability"],
            data_categories=["identity", "national_id"],
            data_subjects=80,
            unintelligible=True,
            malicious=True,
            availability="restored",
        )
    )
    _expect(result, "unlikely", exemption="34(3)(a)")
    assert "unintelligible_key_safe" in result.codes


# --- Lost and stolen devices and paper -----------------------------------------------------------


def test_stolen_encrypted_laptop() -> None:
    """Full-disk encryption with the key kept apart makes the HR files unintelligible; without it the loss would be
    high, so 34(3)(a) is reported: unlikely."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "financial", "special"],
            data_subjects=900,
            unintelligible=True,
            malicious=True,
            exfiltration="confirmed",
        )
    )
    _expect(result, "unlikely", exemption="34(3)(a)")
    assert "exemption_unintelligible" in result.codes


def test_stolen_unencrypted_laptop_with_a_few_contacts() -> None:
    """A thief holds the names and addresses of 25 customers and the controller cannot know the thief's intent: at
    least risk, not high for so little."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact"],
            data_subjects=25,
            malicious=True,
            exfiltration="confirmed",
        )
    )
    _expect(result, "risk")
    assert "unknown_recipients_intent" in result.codes


def test_stolen_unencrypted_laptop_with_a_customer_database() -> None:
    """Identity data of 150 000 customers in a thief's hands: a large number and malicious intent, high."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["identity"],
            data_subjects=150_000,
            malicious=True,
            exfiltration="confirmed",
        )
    )
    _expect(result, "high", channel="individual")


def test_lost_paper_files_of_a_youth_care_service() -> None:
    """The only copy of case files about children is lost on a train: Art. 9 data of vulnerable people in unknown hands
    and gone for good, high."""
    result = assess(
        _facts(
            breach_types=["confidentiality", "availability"],
            data_categories=["identity", "special"],
            data_subjects=30,
            vulnerable_subjects=True,
            malicious=False,
            availability="permanent",
        )
    )
    _expect(result, "high", channel="individual")
    assert {"special_category_disclosed", "availability_harms_care"} <= set(result.codes)


# --- Misdirected mail ------------------------------------------------------------------------------


def test_invoice_mailed_to_a_trusted_partner_who_deletes_it() -> None:
    """One invoice reached the controller's auditor, bound to secrecy, who confirmed deletion: a trusted recipient
    lowers it to unlikely."""
    result = assess(
        _facts(
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
    _expect(result, "unlikely")
    assert "trusted_recipient_deleted" in result.codes


def test_medical_report_mailed_to_another_doctor() -> None:
    """A lab result went to the wrong physician, bound by medical secrecy, who deleted it: Art. 9 data keep a risk, the
    trusted recipient keeps it from high."""
    result = assess(
        _facts(
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
    _expect(result, "risk")
    assert "trusted_recipient" in result.codes


def test_parcel_slips_swapped_between_two_customers() -> None:
    """Two customers got each other's name, address and order and returned the slips: a small accidental disclosure of
    ordinary data, unlikely."""
    result = assess(
        _facts(
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
    _expect(result, "unlikely")


def test_account_statement_sent_to_the_wrong_customer() -> None:
    """A bank statement reached another customer, not bound to confidentiality: financial data out of control, risk,
    but one person and no malice keep it from high."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "financial"],
            data_subjects=1,
            malicious=False,
            exfiltration="confirmed",
            recipients="known",
            recipient_count=1,
        )
    )
    _expect(result, "risk")
    assert "sensitive_data_disclosed" in result.codes


def test_newsletter_sent_with_cc_instead_of_bcc() -> None:
    """4 000 subscribers see each other's addresses: so many recipients count as unlimited, risk, but contact data
    alone are not high."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["contact"],
            data_subjects=4_000,
            malicious=False,
            exfiltration="confirmed",
            recipients="known",
            recipient_count=4_000,
        )
    )
    _expect(result, "risk")
    assert "recipients_unlimited" in result.codes


def test_patient_group_mail_sent_with_cc() -> None:
    """A clinic's CC list reveals who is treated for addiction to 300 recipients: Art. 9 data to people not bound to
    secrecy, high."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["contact", "special"],
            data_subjects=300,
            malicious=False,
            exfiltration="confirmed",
            recipients="known",
            recipient_count=300,
        )
    )
    _expect(result, "high", channel="individual")


def test_attendee_list_with_dietary_notes_to_former_participants() -> None:
    """Two of twelve attendees noted an intolerance, health data that reveal little (dpc 1.5), sent by accident and
    deleted: unlikely."""
    result = assess(
        _facts(
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
    _expect(result, "unlikely")
    assert "special_category_reveals_little" in result.codes


# --- Attacks and insiders --------------------------------------------------------------------------


def test_credential_stuffing_on_a_web_shop() -> None:
    """Attackers logged into 800 accounts with reused passwords and saw addresses, orders and stored cards: financial
    data in malicious hands, high."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact", "behavioural", "financial"],
            data_subjects=800,
            malicious=True,
            exfiltration="confirmed",
        )
    )
    _expect(result, "high", channel="individual")


def test_leaked_salted_password_hashes() -> None:
    """A dump of e-mail addresses with strong salted hashes, salt safe: unintelligible, unlikely, with 34(3)(a)
    reported."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["contact", "credentials"],
            data_subjects=5_000,
            unintelligible=True,
            malicious=True,
            exfiltration="confirmed",
            recipients="public",
        )
    )
    _expect(result, "unlikely", exemption="34(3)(a)")


def test_leaked_plaintext_passwords() -> None:
    """Plaintext passwords of 5 000 users on a forum: account takeover and reuse at scale, high."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["contact", "credentials"],
            data_subjects=5_000,
            malicious=True,
            exfiltration="confirmed",
            recipients="public",
        )
    )
    _expect(result, "high", channel="individual")
    assert "fraud_data_many" in result.codes


def test_departing_salesperson_copies_the_customer_list() -> None:
    """A known former employee took names, contacts and purchase history to court customers: misuse by a known holder,
    risk, not the fraud that makes it high."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact", "behavioural"],
            data_subjects=3_000,
            malicious=True,
            exfiltration="confirmed",
            recipients="known",
            recipient_count=1,
        )
    )
    _expect(result, "risk")
    assert "malicious_holder" in result.codes


def test_web_form_skimmer_on_a_recruitment_site() -> None:
    """Malware sent 200 applicants' identity data to unknown servers for a month: an attacker holds identifying data of
    many, high."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact"],
            data_subjects=200,
            malicious=True,
            exfiltration="cannot_rule_out",
        )
    )
    _expect(result, "high", channel="individual")
    assert "malicious_many" in result.codes


def test_misconfigured_portal_exposes_invoices() -> None:
    """Invoices were reachable by guessing a URL and logs cannot rule out access: financial data possibly in unknown
    hands, high."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "financial"],
            data_subjects=2_500,
            malicious=False,
            exfiltration="cannot_rule_out",
            recipients="public",
        )
    )
    _expect(result, "high", channel="individual")


def test_misconfigured_portal_with_clean_logs() -> None:
    """The same exposure, but complete logs show nobody fetched an invoice: exfiltration ruled out, unlikely."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "financial"],
            data_subjects=2_500,
            malicious=False,
            exfiltration="ruled_out",
            recipients="public",
        )
    )
    _expect(result, "unlikely")


def test_published_database_of_a_sports_club() -> None:
    """Members' names, birth dates, addresses and ID numbers were posted online: data beyond contact details published,
    high."""
    result = assess(
        _facts(
            breach_types=["confidentiality"],
            data_categories=["identity", "contact", "national_id"],
            data_subjects=900,
            malicious=True,
            exfiltration="confirmed",
            recipients="public",
        )
    )
    _expect(result, "high", channel="individual")
    assert "published_data" in result.codes


def test_published_mailing_list_of_many_people() -> None:
    """A list of 100 000 names and e-mail addresses was published: mass phishing potential, at least risk."""
    result = assess(
        _facts(
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
        _facts(
            breach_types=["availability"],
            data_categories=["identity", "contact"],
            data_subjects=20_000,
            malicious=True,
            availability="restored",
        )
    )
    _expect(result, "unlikely")


def test_altered_medication_records_not_recoverable() -> None:
    """A faulty import overwrote dosages and the originals are gone: health records altered beyond recovery, high."""
    result = assess(
        _facts(
            breach_types=["integrity"],
            data_categories=["identity", "special"],
            data_subjects=400,
            vulnerable_subjects=True,
            malicious=False,
            integrity_recoverable=False,
        )
    )
    _expect(result, "high", channel="individual")


def test_altered_newsletter_preferences_recovered() -> None:
    """A bug flipped newsletter preferences and a backup restored them: ordinary data, recoverable, unlikely."""
    result = assess(
        _facts(
            breach_types=["integrity"],
            data_categories=["contact", "behavioural"],
            data_subjects=10_000,
            malicious=False,
            integrity_recoverable=True,
        )
    )
    _expect(result, "unlikely")


# --- Exemptions and channels ---------------------------------------------------------------------


_HIGH: dict[str, Any] = {
    "breach_types": ["confidentiality"],
    "data_categories": ["identity", "financial"],
    "data_subjects": 500,
    "malicious": True,
    "exfiltration": "confirmed",
}


def test_subsequent_measures_remove_the_communication_not_the_notification() -> None:
    """Art. 34(3)(b): the risk stays high and the authority is notified, but the data subjects need not be told."""
    result = assess(_facts(**_HIGH, subsequent_measures_remove_high_risk=True))
    _expect(result, "high", exemption="34(3)(b)")
    assert "exemption_subsequent_measures" in result.codes


def test_disproportionate_effort_turns_the_communication_public() -> None:
    """Art. 34(3)(c) replaces individual contact with a public communication; it is not an exemption."""
    result = assess(_facts(**_HIGH, individual_contact_disproportionate=True))
    _expect(result, "high", channel="public")
    assert "communicate_publicly" in result.codes


def test_exemption_flags_do_nothing_below_high() -> None:
    """Without a high risk there is no communication to exempt from or to make public."""
    result = assess(
        _facts(
            **{**_HIGH, "data_categories": ["contact"], "data_subjects": 5},
            subsequent_measures_remove_high_risk=True,
            individual_contact_disproportionate=True,
        )
    )
    _expect(result, "risk")


def test_unintelligibility_reported_with_a_residual_risk_to_notify() -> None:
    """Encrypted data stolen (high without the key) whose only copy is lost: 34(3)(a) is reported, the availability
    loss still goes to the authority."""
    result = assess(
        _facts(
            **{**_HIGH, "breach_types": ["confidentiality", "availability"]},
            unintelligible=True,
            availability="permanent",
        )
    )
    _expect(result, "risk", exemption="34(3)(a)")


def test_unintelligibility_does_not_exempt_a_high_availability_loss() -> None:
    """Encrypted patient records locked for days still harm care: the high risk is the availability, so the patients
    are told."""
    result = assess(
        _facts(
            breach_types=["confidentiality", "availability"],
            data_categories=["special"],
            data_subjects=2_000,
            vulnerable_subjects=True,
            unintelligible=True,
            availability="temporary",
        )
    )
    _expect(result, "high", channel="individual")


def test_fields_of_an_unlisted_breach_type_are_ignored() -> None:
    """Recipients and recoverability say nothing when neither confidentiality nor integrity is listed."""
    base = {
        "breach_types": ["availability"],
        "data_categories": ["identity"],
        "data_subjects": 50,
        "malicious": False,
        "availability": "restored",
    }
    plain = assess(_facts(**base))
    noisy = assess(_facts(**base, recipients="public", exfiltration="confirmed", integrity_recoverable=False))
    assert plain == noisy


# --- Reasons, version and storage ----------------------------------------------------------------


def test_every_rule_row_has_a_reason_code() -> None:
    """Each floor and cap names a code of REASONS, so every reason has a source and an English line."""
    assert {f.code for f in FLOORS} | {c.code for c in CAPS} <= set(REASONS)


def test_reason_table_has_sources_and_known_placeholders() -> None:
    """Every code is snake_case with a source, and its sentence uses only params the engine fills."""
    facts = _facts(**_HIGH)
    filled = {"risk", *params(facts, signals(facts))}
    for code, spec in REASONS.items():
        assert re.fullmatch(r"[a-z0-9_]+", code)
        assert spec.source
        assert spec.english.endswith(".")
        assert set(spec.params) <= filled, code


@pytest.mark.parametrize("case", ["_HIGH", "encrypted", "cc"])
def test_reasons_render_in_english(case: str) -> None:
    """Each reason of an assessment renders its English fallback from its own params."""
    facts = {
        "_HIGH": _facts(**_HIGH),
        "encrypted": _facts(**_HIGH, unintelligible=True),
        "cc": _facts(**{**_HIGH, "recipients": "known", "recipient_count": 500, "malicious": None}),
    }[case]
    for reason in assess(facts).reasons:
        assert "{" not in reason.english()
        assert reason.source == REASONS[reason.code].source


def test_an_unknown_reason_code_is_refused() -> None:
    """A code outside the table is a programming error, reported as UnknownValue."""
    with pytest.raises(UnknownValue):
        make_reason("gut_feeling", {})


def test_assessment_json_round_trip() -> None:
    """The stored JSON reads back to an equal assessment, params keeping their types."""
    result = assess(_facts(**_HIGH, individual_contact_disproportionate=True))
    again = RiskAssessment.from_json(result.to_json())
    assert again == result
    stored = json.loads(result.to_json())
    assert stored["ruleset_version"] == RULESET_VERSION
    enisa = next(r for r in again.reasons if r.code == "enisa_severity")
    assert isinstance(enisa.params["severity_score"], float)
    assert isinstance(enisa.params["severity"], str)


def test_assessment_and_reasons_are_immutable() -> None:
    """Neither the assessment nor a reason's params can be changed after the fact."""
    result = assess(_facts(**_HIGH))
    with pytest.raises(ValidationError):
        result.risk = "unlikely"  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.reasons[0].params["x"] = 1  # type: ignore[index]


def test_a_self_contradicting_stored_assessment_is_refused() -> None:
    """Stored JSON whose duties do not follow from its risk is refused on load."""
    stored = json.loads(assess(_facts(**_HIGH)).to_json())
    stored["risk"] = "risk"
    with pytest.raises(ValidationError):
        RiskAssessment.model_validate(stored)


def test_reason_model_matches_its_stored_shape() -> None:
    """A reason is exactly code, source and params, as the notice templates read it."""
    reason = Reason(code="register", source="GDPR Art. 33(5)")
    assert json.loads(reason.model_dump_json()) == {"code": "register", "source": "GDPR Art. 33(5)", "params": {}}


def test_ruleset_version_is_dated() -> None:
    """The ruleset version is a date and a serial, so stored assessments say which rules made them."""
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\d+", RULESET_VERSION)
