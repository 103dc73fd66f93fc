"""The table of notice kinds (breach.notices.kinds): complete, and the only place that decides by kind."""

from __future__ import annotations

import re
from pathlib import Path

from breach.notices.kinds import FIRST_NOTICES, KINDS, Audience, FailureAlert, kinds_where
from breach.notices.store.queue import PHASED
from breach.vocabulary import CustomerRole, DetailLevel, NoticeKind
from notifications.context.kinds import CONTEXTS

ROOT = Path(__file__).resolve().parents[3]


def test_every_notice_kind_has_a_row() -> None:
    """A kind without a row would be a KeyError at the first delivery: each NoticeKind has one."""
    assert set(KINDS) == set(NoticeKind)


def test_the_clock_starts_with_the_first_notices_only() -> None:
    """Art. 33(2): the initial notice and the pass-on notice make a customer aware; nothing else does."""
    assert FIRST_NOTICES == (NoticeKind.INITIAL, NoticeKind.PASS_ON)
    assert kinds_where(lambda spec: spec.escalates) == FIRST_NOTICES


def test_updates_continue_the_first_notices_series() -> None:
    """Art. 33(4): the initial, pass-on and update notices share one numbered series."""
    assert PHASED == (NoticeKind.INITIAL, NoticeKind.PASS_ON, NoticeKind.UPDATE)


def test_what_an_incident_s_end_owes_outlives_it() -> None:
    """The closing notice, the all-clear and the record of destruction are owed because the incident ended
    (breach.incidents.duty): no other kind's duty survives the end."""
    assert kinds_where(lambda spec: spec.owed_after_end) == (
        NoticeKind.ALL_CLEAR,
        NoticeKind.CLOSING,
        NoticeKind.DESTRUCTION,
    )


def test_packs_and_records_of_destruction_carry_no_breach_document() -> None:
    """The JSON breach document travels with the notices about a breach, not with packs, records of
    destruction, contact checks, communications or our own alerts."""
    assert set(kinds_where(lambda spec: not spec.carries_payload)) == {
        NoticeKind.SUPPORT_PACK,
        NoticeKind.DESTRUCTION,
        NoticeKind.CONTACT_CHECK,
        NoticeKind.INTERNAL_ALERT,
        NoticeKind.SUBJECT_REQUEST,
        NoticeKind.DPO_CHANGE,
        NoticeKind.AUTHORITY_INSPECTION,
        NoticeKind.SUBPROCESSOR_CHANGE,
        NoticeKind.INSTRUCTION_CONFIRMATION,
        NoticeKind.INSTRUCTION_CONCERN,
    }


def test_support_packs_never_go_to_a_chat_channel() -> None:
    """Packs hold the facts: full-detail contacts only (LAW.md section 3)."""
    minimal_excluded = kinds_where(lambda spec: DetailLevel.MINIMAL not in spec.detail_levels)
    assert NoticeKind.SUPPORT_PACK in minimal_excluded
    assert NoticeKind.INITIAL not in minimal_excluded


def test_a_contact_check_stays_with_its_contact_and_fails_as_one() -> None:
    """A contact check is retried to its own contact only, and its failure is that contact's alert."""
    spec = KINDS[NoticeKind.CONTACT_CHECK]
    assert not spec.tries_other_contacts
    assert spec.failure_alert is FailureAlert.CONTACT_CHECK_FAILED
    others = [k for k in NoticeKind if k is not NoticeKind.CONTACT_CHECK]
    assert all(KINDS[k].failure_alert is FailureAlert.DELIVERY_FAILED for k in others)


def test_internal_alerts_are_for_us_and_not_acknowledged_by_link() -> None:
    """Only the internal alert is internal; it asks for no acknowledgement link."""
    assert kinds_where(lambda spec: spec.audience is Audience.INTERNAL) == (NoticeKind.INTERNAL_ALERT,)
    assert kinds_where(lambda spec: not spec.asks_acknowledgement) == (NoticeKind.INTERNAL_ALERT,)


def test_the_first_notices_address_a_fixed_role() -> None:
    """The initial notice speaks to a controller, the pass-on notice to a processor; others to the customer's role."""
    assert KINDS[NoticeKind.INITIAL].addresses is CustomerRole.CONTROLLER
    assert KINDS[NoticeKind.PASS_ON].addresses is CustomerRole.PROCESSOR
    assert kinds_where(lambda spec: spec.addresses is not None) == FIRST_NOTICES


def test_no_code_decides_by_naming_a_kind() -> None:
    """Code asks the table, never ``kind is NoticeKind.X`` (DESIGN.md habit 1)."""
    branch = re.compile(r"kind (is|==) NoticeKind\.")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("breach", "notifications", "flows")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != "kinds.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if branch.search(line)
    ]
    assert offenders == []


def test_every_customer_kind_has_its_context_model() -> None:
    """Each kind for a customer renders from its own typed model (notifications.context.kinds), and only
    those kinds have one (an internal alert has the AlertContext)."""
    assert set(CONTEXTS) == set(kinds_where(lambda spec: spec.audience is Audience.CUSTOMER))
    for kind, model in CONTEXTS.items():
        assert model.model_fields["kind"].default is kind


def test_no_template_decides_by_the_kinds_name() -> None:
    """The frame and the bodies ask the kind's row (``spec``) or the context, never ``kind == "..."``."""
    decides = re.compile(r"(?<![.\w])kind\s*(==|!=)|\bvariant\b")
    templates = ROOT / "templates"
    folders = [templates / "_shared", *(templates / kind.value for kind in NoticeKind)]
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in folders
        for path in sorted(folder.iterdir())
        if path.suffix in (".txt", ".html", ".subject")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if decides.search(line)
    ]
    assert offenders == []
