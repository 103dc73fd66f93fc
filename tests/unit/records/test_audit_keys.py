"""The audit key and anchor lines (breach.records.audit_keys, breach.records.anchors): pure, no database."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from breach.errors import ConfigurationError
from breach.records.anchors import Anchor, anchor_line, check_anchors, read_anchor_line
from breach.records.audit_keys import AuditKey, keyring_from_texts

KEY = "k" * 40
AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("current", "previous", "named"),
    [
        ("", "", "no audit key is configured"),
        ("short", "", "at least 32 bytes (got 5)"),
        (KEY, "also-short", "BREACH_AUDIT_OLD_KEYS: the audit key must be at least 32 bytes"),
    ],
)
def test_a_missing_or_short_key_is_a_clear_configuration_error(current: str, previous: str, named: str) -> None:
    """No key, or one under 32 bytes, is refused naming the setting, and the key is never echoed."""
    with pytest.raises(ConfigurationError) as caught:
        keyring_from_texts(current, previous)
    assert named in str(caught.value)
    assert current not in str(caught.value) or not current


def test_the_key_id_reveals_nothing_and_the_repr_hides_the_secret() -> None:
    """The id is stable per key, differs between keys, and neither it nor repr contains the secret."""
    key = AuditKey.from_text(KEY)
    assert key.key_id == AuditKey.from_text(KEY).key_id != AuditKey.from_text("j" * 40).key_id
    assert KEY not in repr(key)
    assert len(key.key_id) == 16


def test_a_rotated_keyring_finds_old_keys_by_id() -> None:
    """After rotation the new key writes and the old one is still found by its id."""
    ring = keyring_from_texts("n" * 40, f"{KEY}, {'o' * 40}")
    assert ring.key(AuditKey.from_text(KEY).key_id) is not None
    assert ring.key(ring.current.key_id) is ring.current
    assert ring.key("0" * 16) is None


def test_an_anchor_line_round_trips_and_an_edited_line_is_refused() -> None:
    """A line reads back as its anchor; a changed seq, a line under another key or garbage is named."""
    ring = keyring_from_texts(KEY)
    line = anchor_line(7, "a" * 64, AT, ring.current)
    assert read_anchor_line(line, "log line 1", ring) == Anchor(7, "a" * 64, "log line 1")
    edited = json.loads(line)
    edited["seq"] = 9
    assert "MAC does not verify" in str(read_anchor_line(json.dumps(edited), "log line 2", ring))
    other = keyring_from_texts("z" * 40)
    assert "unknown audit key" in str(read_anchor_line(line, "log line 3", other))
    assert "not an anchor line" in str(read_anchor_line("[1, 2]", "log line 4", ring))
    assert "not a readable anchor line" in str(read_anchor_line("{nope", "log line 5", ring))


def test_anchors_catch_a_cut_and_a_rewrite_but_not_an_intact_chain() -> None:
    """An anchor past the end, or with another MAC at its seq, is a problem; matching anchors are not."""
    chain = {1: "a", 2: "b", 3: "c"}
    assert check_anchors(chain, 3, [Anchor(3, "c", "log"), Anchor(1, "a", "pack")]) == []
    problems = check_anchors(chain, 3, [Anchor(5, "e", "log line 4"), Anchor(2, "x", "a notice")])
    assert [seq for seq, _ in problems] == [5, 2]
    assert "ends at event 3 but log line 4 records event 5" in problems[0][1]
    assert "differs from the one a notice records" in problems[1][1]
