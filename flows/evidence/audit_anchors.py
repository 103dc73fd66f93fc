"""The chain's head anchored outside the database, and the anchors ``breach audit verify`` reads back.

The watchdog (``flows.orchestration.watchdog``) appends the head to the anchor log each run it has moved: one JSON line
with its own MAC (``breach.records.anchors``), opened in append mode, locked, flushed and synced. The default
file lies in the working directory beside the SQLite database; in production point
``BREACH_ANCHOR_LOG`` at a write-once location (an append-only file, ``chattr +a``, a WORM bucket's
mount) or ship its lines off the machine, since an anchor on the database's own disk is only as safe as
that disk.

Anchors are read from an anchor log, an evidence pack (its manifest's head and every event of its audit
slice, once its signature holds under our key), a notice's JSON document (its ``audit_head``), and the
documents of the messages we sent, whose ``audit_head`` is the head when each left.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from breach.db.models.outbox import SentMessage
from breach.records.anchors import LINE_FORMAT, Anchor, anchor_line, read_anchor_line
from breach.records.audit_keys import Keyring
from breach.records.store import audit
from flows import audit_wiring, db
from flows.evidence.records import MANIFEST
from flows.evidence.verify import Unreadable, read_zip, verify_pack
from flows.settings import get_settings
from notifications.delivery import archive

_TAIL = 4096


@dataclass(slots=True)
class Found:
    """Anchors read from the sources given, and why any source (or line) could not be used."""

    anchors: list[Anchor] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _last_line(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - _TAIL))
            lines = handle.read().decode("utf-8", errors="replace").strip().splitlines()
    except FileNotFoundError:
        return None
    return lines[-1] if lines else None


def append_head(path: Path, *, session: Session, keyring: Keyring, now: datetime) -> Anchor | None:
    """Append the chain's head to the anchor log unless its last line already records it; the anchor or ``None``."""
    head = audit.head_of(session=session)
    if head is None or head[0] == 0:
        return None
    seq, mac = head
    last = _last_line(path)
    if last is not None:
        previous = read_anchor_line(last, str(path), keyring)
        if isinstance(previous, Anchor) and (previous.seq, previous.hash) == (seq, mac):
            return None
    line = anchor_line(seq, mac, now, keyring.current) + "\n"
    with path.open("a", encoding="utf-8") as handle:
        # Two watchdogs (or a watchdog and `breach audit anchor`) never interleave half lines.
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return Anchor(seq, mac, str(path))


def _from_log(text: str, source: str, keyring: Keyring, found: Found) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        anchor = read_anchor_line(line, f"{source} line {number}", keyring)
        if isinstance(anchor, Anchor):
            found.anchors.append(anchor)
        else:
            found.problems.append(anchor)


def _head_of_document(doc: Any, source: str) -> Anchor | None:
    """The ``audit_head`` of a notice's JSON, or of the JSON document attached to a sent message."""
    head = doc.get("audit_head") if isinstance(doc, dict) else None
    if isinstance(head, dict) and isinstance(head.get("seq"), int) and isinstance(head.get("hash"), str):
        return Anchor(head["seq"], head["hash"], source)
    attachments = doc.get("attachments") if isinstance(doc, dict) else None
    for attachment in attachments if isinstance(attachments, list) else ():
        # A sent message stores the notice document a full-detail contact received as an attachment.
        if isinstance(attachment, dict) and str(attachment.get("name", "")).endswith(".json"):
            try:
                attached = json.loads(base64.b64decode(str(attachment.get("base64", ""))))
            except ValueError:
                continue
            if isinstance(attached, dict) and "audit_head" in attached:
                return _head_of_document({"audit_head": attached["audit_head"]}, source)
    return None


def _from_pack(data: bytes, source: str, found: Found) -> None:
    problems = verify_pack(data)
    if problems:
        found.problems.append(f"{source}: not an intact pack of ours, its anchors are not used ({problems[0]})")
        return
    files = read_zip(data)
    manifest = json.loads(files[MANIFEST])
    head = manifest.get("chain_head") or {}
    found.anchors.append(Anchor(int(head["seq"]), str(head["hash"]), f"{source} (its chain head)"))
    for record in json.loads(files["audit.json"]):
        found.anchors.append(Anchor(int(record["seq"]), str(record["hash"]), f"{source} (its audit slice)"))


def read_file(path: Path, keyring: Keyring, found: Found) -> None:
    """Add the anchors of one file (anchor log, evidence pack or notice JSON) to ``found``."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        found.problems.append(f"{source}: cannot be read ({exc.strerror})")
        return
    if data.startswith(b"PK"):
        try:
            _from_pack(data, source, found)
        except (Unreadable, ValueError, KeyError, TypeError) as exc:
            found.problems.append(f"{source}: not a readable evidence pack ({exc})")
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        found.problems.append(f"{source}: neither a zip nor UTF-8 text")
        return
    try:
        whole = json.loads(text)
    except ValueError:
        _from_log(text, source, keyring, found)
        return
    if isinstance(whole, dict) and whole.get("format") == LINE_FORMAT:
        _from_log(text, source, keyring, found)
        return
    anchor = _head_of_document(whole, f"{source} (the notice's audit_head)")
    if anchor is None:
        found.problems.append(f"{source}: holds no audit_head, anchor line or evidence pack")
    else:
        found.anchors.append(anchor)


def sent_heads(*, session: Session) -> Iterator[Anchor]:
    """The head each of our sent messages carried when it left (those whose content retention kept)."""
    rows = session.exec(
        select(SentMessage.sent_at, SentMessage.content)
        .where(col(SentMessage.content).is_not(None))
        .order_by(col(SentMessage.sent_at))
        .execution_options(yield_per=500)
    )
    for sent_at, content in rows:
        if content is None:
            continue
        anchor = _head_of_document(archive.unpack(content), f"the message we sent at {sent_at.isoformat()}")
        if anchor is not None:
            yield anchor


def anchor_now(now: datetime) -> int:
    """The watchdog's step: anchor the head in ``BREACH_ANCHOR_LOG`` if it moved; 1 when a line was added."""
    keyring = audit_wiring.settings_keyring()
    with db.unit_of_work() as session:
        added = append_head(Path(get_settings().anchor_log), session=session, keyring=keyring, now=now)
    return 0 if added is None else 1
