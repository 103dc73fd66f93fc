"""Anchors: the chain's head as recorded outside the database, and the check of a chain against them.

A keyed chain (``breach.records.audit_keys``) cannot be forged without the key, but it can still be cut short:
delete the last events and move the head row back, and what is left verifies. The cut is caught by a
record of the head kept elsewhere (issue 15, finding 6): the anchor log the watchdog appends to, the
head every notice carried when it was sent, an evidence pack a customer holds. An anchor with a higher
seq than the chain's end, or a different MAC at its seq, proves the chain was cut or rewritten.

An anchor log line is JSON with its own MAC under the audit key, so lines cannot be forged either; a
line that fails its MAC is reported, never used.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from breach.clock import to_utc
from breach.records.audit_keys import AuditKey, Keyring

LINE_FORMAT: Final = "breach-anchor-1"


@dataclass(frozen=True, slots=True)
class Anchor:
    """The chain's event ``seq`` had MAC ``hash``, as recorded at ``source`` (a file and a line, a notice)."""

    seq: int
    hash: str
    source: str


def _signed_body(seq: int, mac: str, at: datetime, key_id: str) -> bytes:
    body = {"format": LINE_FORMAT, "seq": seq, "hash": mac, "at": to_utc(at, "at").isoformat(), "key_id": key_id}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def anchor_line(seq: int, mac: str, at: datetime, key: AuditKey) -> str:
    """One line of the anchor log (no newline): the head and the line's own MAC."""
    body = json.loads(_signed_body(seq, mac, at, key.key_id))
    body["mac"] = key.mac(_signed_body(seq, mac, at, key.key_id))
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def read_anchor_line(text: str, source: str, keyring: Keyring) -> Anchor | str:
    """The anchor of one log line, or why it cannot be used (one sentence)."""
    try:
        raw: Any = json.loads(text)
        if not isinstance(raw, dict) or raw.get("format") != LINE_FORMAT:
            return f"{source}: not an anchor line of format {LINE_FORMAT}"
        seq, mac, key_id = int(raw["seq"]), str(raw["hash"]), str(raw["key_id"])
        at = datetime.fromisoformat(str(raw["at"]))
        expected = keyring.key(key_id)
        if expected is None:
            return f"{source}: keyed with an unknown audit key {key_id}"
        if expected.mac(_signed_body(seq, mac, at, key_id)) != raw.get("mac"):
            return f"{source}: the line's MAC does not verify (the line was edited or forged)"
    except (ValueError, KeyError, TypeError) as exc:
        return f"{source}: not a readable anchor line ({type(exc).__name__})"
    return Anchor(seq, mac, source)


def check_anchors(chain: Mapping[int, str], end: int, anchors: Iterable[Anchor]) -> list[tuple[int, str]]:
    """(seq, problem) for every anchor the chain contradicts: ``chain`` maps seq to MAC, ``end`` is its last seq."""
    problems: list[tuple[int, str]] = []
    for anchor in anchors:
        if anchor.seq > end:
            problems.append(
                (
                    anchor.seq,
                    f"the chain ends at event {end} but {anchor.source} records event {anchor.seq} "
                    "(events after it were removed)",
                )
            )
        elif anchor.seq > 0 and chain.get(anchor.seq) != anchor.hash:
            problems.append(
                (anchor.seq, f"its MAC differs from the one {anchor.source} records (the chain was rewritten)")
            )
    return problems
