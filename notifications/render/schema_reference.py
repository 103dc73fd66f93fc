"""The field reference of our breach notice (schema 1.x) for other tools: ``docs/breach-notice-1.x.md``.

Written from the published JSON Schemas themselves (``notifications/schemas/breach-notice-1.*.json``), so the
reference cannot drift from them: every field with its JSON type, whether it is always present, whether it is
stable (a code or value whose meaning holds within major version 1) or display (text for people, never to be
parsed), the minor version that added it, and what it means. ``python -m notifications.render.schema_reference``
prints it; ``tests/chain/test_notice_reference.py`` holds the committed file to it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

SCHEMAS: Final = Path(__file__).resolve().parents[1] / "schemas"
_VERSION: Final = re.compile(r"breach-notice-1\.(\d+)\.json$")

HEADER: Final = """# Our breach notice, schema 1.x: the field reference

<!-- Written by `python -m notifications.render.schema_reference` from notifications/schemas/; do not edit. -->

Every full notice we send carries this JSON document: attached as `breach-notice.json` to an e-mail, as the
body of a JSON webhook (with `message`, the notice as a person reads it), and posted to another breach
engine's intake (`breach://`, issue 21), which reads it as its own incident's first notice or as an update.
Its JSON Schemas are published in `notifications/schemas/` (`$id`
`https://breach-engine.example.org/schema/notice/1.N`), every version kept.

**How versions evolve.** `schema_version` is `MAJOR.MINOR`. A minor version only adds fields: a 1.N document
validates against every 1.M schema before it, and a reader written for 1.M reads it by ignoring what it does
not know (as `breach intake` does for any 1.x). A changed meaning, a removed field or a new required
reading would be a major version (2.0), published beside 1.x; a reader refuses a major version it does not
know. **Stable** fields hold codes, numbers and instants whose meaning does not change within major version
1: compare and compute with those. **Display** fields are text for people, in the notice's language,
whose wording may change: show them, never parse them (read `times_utc.*` and `deadlines.*.due_utc`, never
`times.*`). A receiver drops a message whose `notice_key` it already processed (`possible_duplicate` marks a
re-send); a later notice about the same incident carries the same `reference` and a higher `phase`.

| field | type | always | nature | since | meaning |
|---|---|---|---|---|---|
"""


def versions(folder: Path = SCHEMAS) -> list[tuple[int, dict[str, Any]]]:
    """The published 1.x schemas, oldest first, by minor version."""
    found = []
    for path in folder.glob("breach-notice-1.*.json"):
        match = _VERSION.search(path.name)
        if match is not None:
            found.append((int(match.group(1)), json.loads(path.read_text(encoding="utf-8"))))
    return sorted(found, key=lambda item: item[0])


def _resolved(node: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _type(node: Mapping[str, Any]) -> str:
    if "const" in node:
        return "const"
    if "enum" in node:
        return (
            "one of "
            + ", ".join(f"`{v}`" for v in node["enum"] if v is not None)
            + (" or null" if None in node["enum"] else "")
        )
    kind = node.get("type")
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    return str(kind) if kind else "any"


def fields(schema: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any], bool]]:
    """(path, node, required) of every property, depth first; array items as ``name[]``."""

    def walk(node: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, Mapping[str, Any], bool]]:
        node = _resolved(node, schema)
        required = set(node.get("required", ()))
        for name, given in (node.get("properties") or {}).items():
            child = _resolved(given, schema)
            path = f"{prefix}{name}"
            yield path, child, name in required
            if child.get("properties"):
                yield from walk(child, f"{path}.")
            items = child.get("items")
            if isinstance(items, Mapping) and _resolved(items, schema).get("properties"):
                yield from walk(items, f"{path}[].")

    yield from walk(schema, "")


def _nature(description: str) -> str:
    if re.search(r"\bStable\b", description):
        return "stable"
    if re.search(r"\bDisplay\b", description):
        return "display"
    return ""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def reference(folder: Path = SCHEMAS) -> str:
    """The reference as Markdown, from the newest 1.x schema; ``since`` from the oldest that has each field."""
    published = versions(folder)
    since: dict[str, int] = {}
    for minor, schema in published:
        for path, _node, _required in fields(schema):
            since.setdefault(path, minor)
    _minor, newest = published[-1]
    rows = [
        f"| `{path}` | {_cell(_type(node))} | {'yes' if required else ''} | {_nature(node.get('description', ''))}"
        f" | 1.{since[path]} | {_cell(node.get('description', ''))} |"
        for path, node, required in fields(newest)
    ]
    return HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(reference(), end="")
