"""Update notices say exactly what changed since the previous notice."""

from __future__ import annotations

from breach.incidents.diffing import FIELDS, changes

FACTS = {
    "breach_types": ["confidentiality"],
    "data_categories": ["contact"],
    "data_subjects": 100,
    "exfiltration": "cannot_rule_out",
    "malicious": None,
}


def test_nothing_changed_is_no_change() -> None:
    """The same facts and narrative produce no change, whatever the order of a set."""
    reordered = {**FACTS, "data_categories": ["contact"]}
    assert changes(FACTS, reordered, {"nature": "x"}, {"nature": "x"}) == []


def test_each_kind_of_change_is_named_with_its_values() -> None:
    """A number, a set, an enum and a text change are each reported with before and after."""
    after = {**FACTS, "data_subjects": 250, "data_categories": ["contact", "financial"], "exfiltration": "confirmed"}
    found = {c["path"]: c for c in changes(FACTS, after, {"nature": "a"}, {"nature": "b"})}
    assert found["facts.data_subjects"] == {
        "path": "facts.data_subjects",
        "group": None,
        "kind": "number",
        "before": 100,
        "after": 250,
    }
    assert found["facts.data_categories"]["after"] == ["contact", "financial"]
    assert found["facts.exfiltration"]["group"] == "exfiltration"
    assert found["narrative.nature"]["before"] == "a"


def test_first_facts_are_all_new() -> None:
    """Facts recorded for the first time show as changes from nothing."""
    found = changes(None, FACTS, None, None)
    assert {c["path"] for c in found} == {
        "facts.breach_types",
        "facts.data_categories",
        "facts.data_subjects",
        "facts.exfiltration",
    }


def test_every_path_is_unique() -> None:
    """The table names each field once."""
    paths = [path for path, _, _ in FIELDS]
    assert len(paths) == len(set(paths))
