"""docs/breach-notice-1.x.md, the field reference other tools read (issue 21), is written from the published
schemas and says what they say: every field of the newest 1.x, when it came, stable or display."""

from __future__ import annotations

import json
from pathlib import Path

from notifications.render.schema_reference import SCHEMAS, fields, reference, versions

DOC = Path(__file__).resolve().parents[2] / "docs" / "breach-notice-1.x.md"


def test_the_committed_reference_is_the_one_the_schemas_write() -> None:
    assert DOC.read_text(encoding="utf-8") == reference(), "run: python -m notifications.render.schema_reference"


def test_every_field_is_listed_with_the_version_that_added_it() -> None:
    text = reference()
    minor, newest = versions()[-1]
    assert json.loads((SCHEMAS / f"breach-notice-1.{minor}.json").read_text())["$id"].endswith(f"1.{minor}")
    for path, _node, _required in fields(newest):
        assert f"| `{path}` |" in text
    assert "| `times_utc.sent` | string | yes | stable | 1.3 |" in text
    assert "| `narrative.nature` |" in text
    assert "| display | 1.0 |" in text
