"""Rendering is strict: missing kind content, an unknown alert, event or changed field is a RenderError; and every
reason, vocabulary and change group has its labels in the catalogues."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest

from breach.deadlines.events import EVENTS
from breach.incidents.diffing import FIELDS
from breach.risk.assessment import REASONS, Channel, Exemption
from notifications.context.build import (
    ALERTS,
    Change,
    ReportLine,
)
from notifications.render.rendering import RenderError, render
from tests.notice_contexts import internal_alert_context
from tests.notice_kind_contexts import (
    BUILDERS,
    CLOSING,
    all_clear_context,
    closing_context,
    update_context,
)
from tests.notifications.rendering.kind_phrases import (
    DETAILS,
    LABELS,
    LANGUAGES,
    LOCAL_TIME,
    PLACEHOLDER,
)
from tests.rendered_text import render_context

# --- missing content is an error ---------------------------------------------------------------

MISSING: dict[str, tuple[str, dict[str, Any]]] = {
    "all_clear-retraction": ("all_clear", {"retraction": None}),
    "closing-closing": ("closing", {"closing": None}),
    "security-security": ("security_incident", {"security": None}),
    "recommendation-assessment": ("risk_recommendation", {"assessment": None}),
    "check-ack_url": ("contact_check", {"ack_url": None}),
}


@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("case", MISSING, ids=list(MISSING))
def test_missing_kind_content_is_a_render_error(case: str, detail: str) -> None:
    """A kind whose stored details lack what it must say fails instead of rendering a gap."""
    kind, overrides = MISSING[case]
    with pytest.raises(RenderError, match="required"):
        render_context(BUILDERS[kind](detail=detail, **overrides))


def test_unknown_alert_is_a_render_error() -> None:
    """An alert code without a text stops the alert instead of sending an empty one."""
    with pytest.raises(RenderError, match=r"alert\.no_such_alert"):
        render_context(internal_alert_context(alert="no_such_alert"))


def test_unknown_event_is_a_render_error() -> None:
    """A reported event without a text stops the closing notice."""
    closing = CLOSING.model_copy(update={"reports": (ReportLine(event="no-such-event", occurred_at=LOCAL_TIME),)})
    with pytest.raises(RenderError, match=r"event\.no-such-event"):
        render_context(closing_context(closing=closing))


def test_unknown_changed_field_is_a_render_error() -> None:
    """A changed field without a name in the ``field`` labels stops the update."""
    changes = (Change(path="facts.no_such_field", kind="number", before=1, after=2),)
    with pytest.raises(RenderError, match=r"field\.facts\.no_such_field"):
        render_context(update_context(changes=changes))


@pytest.mark.parametrize("template", ["{{ changes.no_such_field }}", "{{ retraction.no_such_field }}"])
def test_missing_field_is_a_render_error(tmp_path: Path, template: str) -> None:
    """A template asking for a field the context lacks fails instead of printing nothing."""
    (tmp_path / "all_clear").mkdir()
    for suffix in ("subject", "txt", "html"):
        (tmp_path / "all_clear" / f"en.{suffix}").write_text(template, encoding="utf-8")
    with pytest.raises(RenderError):
        render("all_clear", "en", all_clear_context(), directory=str(tmp_path))


# --- labels ----------------------------------------------------------------------------------------


def test_reason_labels_use_the_params_of_the_english_line() -> None:
    """Each language words every reason code with exactly the params of its line in breach.risk.reasons."""
    for language in LANGUAGES:
        assert set(LABELS[language]["reason"]) == set(REASONS), language
        for code, spec in REASONS.items():
            used = PLACEHOLDER.findall(LABELS[language]["reason"][code])
            assert sorted(used) == sorted(spec.params), f"{language} {code}"
            assert "%" not in PLACEHOLDER.sub("", LABELS[language]["reason"][code]), f"{language} {code}"


def test_labels_cover_the_new_vocabularies() -> None:
    """Exemptions, channels, alerts, reported events and changed fields each have a text for every code."""
    assert set(LABELS["en"]["exemption"]) == set(get_args(Exemption))
    assert set(LABELS["en"]["channel"]) == set(get_args(Channel))
    assert set(LABELS["en"]["alert"]) == set(ALERTS)
    assert set(LABELS["en"]["event"]) == set(EVENTS)
    assert set(LABELS["en"]["field"]) == {path for path, _, _ in FIELDS}


def test_change_groups_have_labels() -> None:
    """Every label group a changed field's codes belong to exists."""
    for _, _, group in FIELDS:
        assert group is None or group in LABELS["en"]
