"""Verifying an evidence pack with nothing but the pack and our public key (issue 15, finding 7).

The manifest lists every file with its SHA-256 and is signed with our Ed25519 key: a file edited, added,
removed or re-hashed into the manifest breaks the signature. Beside it, the pack must be whole and
consistent, so a refusal says what is wrong: the files every pack holds are present; each JSON file is
UTF-8 JSON; each sent document hashes to its recorded SHA-256, that hash is a ``notice.delivered``
event's ``sent_sha256`` in the audit slice and every such event's message is in the pack; the
``.eml``, the HTML and the attachments are exactly the ones derived from the document; consecutive audit
events chain. The audit events' MACs need our secret audit key, so a customer cannot recompute them:
the signature vouches for them, and ``breach audit verify --anchors PACK`` checks them against our chain.

Every problem is one sentence; a pack that cannot be read at all (not a zip, no manifest) is refused with
one reason, never a traceback.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from breach.db.models.audit import AuditEvent
from flows.evidence import signing
from flows.evidence.chain_check import CHAIN, check_chain
from flows.evidence.records import (
    MANIFEST,
    PACK_FORMAT,
    PER_NOTICE,
    SIGNATURE,
    TOP_LEVEL,
    attachment_name,
    eml,
    event_from_record,
    sha,
)

# A pack is a few megabytes; these bounds refuse a zip bomb before it is inflated.
MAX_FILES: Final = 20_000
MAX_BYTES: Final = 512 * 1024 * 1024


class Unreadable(Exception):
    """The pack cannot be read at all; the message is the reason."""


def read_zip(data: bytes) -> dict[str, bytes]:
    """The files of a zip by name; ``Unreadable`` with a reason for anything that is not a sound zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive_file:
            infos = archive_file.infolist()
            if len(infos) > MAX_FILES or sum(i.file_size for i in infos) > MAX_BYTES:
                raise Unreadable(f"the zip holds more than {MAX_FILES} files or {MAX_BYTES} bytes")
            names = [i.filename for i in infos]
            if len(set(names)) != len(names):
                raise Unreadable("the zip holds two files of the same name")
            return {i.filename: archive_file.read(i) for i in infos if not i.is_dir()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise Unreadable(f"not a readable zip file ({exc})") from None
    except (RuntimeError, ValueError, OSError) as exc:
        raise Unreadable(f"not a readable zip file ({type(exc).__name__})") from None


def _json_of(contents: Mapping[str, bytes], name: str) -> tuple[Any, str | None]:
    try:
        return json.loads(contents[name].decode("utf-8")), None
    except UnicodeDecodeError:
        return None, f"{name}: not UTF-8 text"
    except ValueError as exc:
        return None, f"{name}: not valid JSON ({exc.__class__.__name__} at line {getattr(exc, 'lineno', '?')})"


def verify_pack(data: bytes, public_key: Ed25519PublicKey | None = None) -> list[str]:
    """Every problem found in a pack, one sentence each; an empty list means it is intact and ours.

    ``public_key`` defaults to the public half of our own signing key (in-house checks); a third party
    passes the key we publish.
    """
    try:
        contents = read_zip(data)
    except Unreadable as exc:
        return [str(exc)]
    if MANIFEST not in contents:
        return ["manifest.json is missing: this is not an evidence pack"]
    manifest, problem = _json_of(contents, MANIFEST)
    if problem is not None or not isinstance(manifest, dict):
        return [problem or "manifest.json: not a JSON object"]
    key = public_key if public_key is not None else signing.own_key().public_key()
    problems = _check_signature(manifest, contents, key)
    if manifest.get("format") != PACK_FORMAT:
        problems.append(f"manifest.json: format {manifest.get('format')!r} is not {PACK_FORMAT}")
    listed = manifest.get("files")
    problems += _check_files(listed if isinstance(listed, dict) else {}, contents)
    problems += _check_structure(contents)
    parsed: dict[str, Any] = {}
    for name in sorted(n for n in contents if n.endswith(".json") and n != MANIFEST):
        parsed[name], problem = _json_of(contents, name)
        problems += [problem] if problem else []
    try:
        records = parsed.get("audit.json")
        events = [event_from_record(r) for r in records] if isinstance(records, list) else []
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        problems.append(f"audit.json: an event cannot be read ({type(exc).__name__})")
        events = []
    problems += _check_audit(events, manifest.get("chain_head"))
    problems += check_chain(contents, parsed.get(CHAIN), events)
    entries = manifest.get("sent_messages")
    problems += _check_sent(entries if isinstance(entries, list) else [], contents, parsed, events)
    return problems


def _check_signature(manifest: Mapping[str, Any], contents: Mapping[str, bytes], key: Ed25519PublicKey) -> list[str]:
    if SIGNATURE not in contents:
        return [f"{SIGNATURE} is missing: the manifest is not signed"]
    signed, problem = _json_of(contents, SIGNATURE)
    if problem is not None or not isinstance(signed, dict) or not isinstance(signed.get("signature"), str):
        return [problem or f"{SIGNATURE}: not a signature record"]
    if not signing.signature_holds(key, contents[MANIFEST], signed["signature"]):
        named, given = manifest.get("signing_key"), signing.key_id(key)
        whose = f"our key {given}" if named == given else f"key {given}, while the manifest names key {named}"
        return [f"manifest.json: its signature does not verify with {whose}: the pack was changed after signing"]
    return []


def _check_files(listed: Mapping[str, Any], contents: Mapping[str, bytes]) -> list[str]:
    problems = []
    for name in sorted(set(contents) - {MANIFEST, SIGNATURE}):
        if name not in listed:
            problems.append(f"{name}: not listed in the manifest")
        elif sha(contents[name]) != listed[name]:
            problems.append(f"{name}: its SHA-256 does not match the manifest (it was changed)")
    problems += [f"{name}: listed in the manifest but missing" for name in sorted(set(listed) - set(contents))]
    return problems


def _check_structure(contents: Mapping[str, bytes]) -> list[str]:
    problems = [f"{name}: missing (every pack holds it)" for name in TOP_LEVEL if name not in contents]
    for name in sorted(n for n in contents if n.endswith((".eml", ".html"))):
        try:
            contents[name].decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{name}: not UTF-8 text")
    folders = {"/".join(name.split("/")[:2]) for name in contents if name.startswith("notices/")}
    for folder in sorted(folders):
        problems += [f"{folder}/{name}: missing" for name in PER_NOTICE if f"{folder}/{name}" not in contents]
    return problems


def _check_audit(events: Sequence[AuditEvent], head: Any) -> list[str]:
    problems = []
    previous: AuditEvent | None = None
    for event in events:
        if previous is not None and (previous.seq or 0) + 1 == event.seq and event.prev_hash != previous.hash:
            problems.append(f"audit event {event.seq}: does not chain to event {previous.seq}")
        if previous is not None and (event.seq or 0) <= (previous.seq or 0):
            problems.append(f"audit event {event.seq}: out of order after event {previous.seq}")
        previous = event
    last = events[-1].seq if events else 0
    if not (isinstance(head, dict) and isinstance(head.get("seq"), int)) or head["seq"] < (last or 0):
        problems.append("manifest.json: its chain_head is missing or before the last audit event of the pack")
    return problems


def _check_sent(
    entries: Sequence[Any], contents: Mapping[str, bytes], parsed: Mapping[str, Any], events: Sequence[AuditEvent]
) -> list[str]:
    delivered = {e.data.get("sent_sha256"): e.seq for e in events if e.event_type == "notice.delivered"}
    listed = {entry.get("sha256") for entry in entries if isinstance(entry, dict)}
    problems = [
        f"audit event {seq}: the message it records as delivered is not in the pack"
        for digest, seq in sorted(delivered.items(), key=lambda item: item[1] or 0)
        if digest not in listed
    ]
    for entry in entries:
        if not isinstance(entry, dict):
            problems.append("manifest.json: a sent-message entry is not an object")
            continue
        problems += _check_one_sent(entry, contents, parsed, delivered)
    return problems


def _check_one_sent(
    entry: Mapping[str, Any], contents: Mapping[str, bytes], parsed: Mapping[str, Any], delivered: Mapping[Any, Any]
) -> list[str]:
    folder, digest, name = entry.get("folder"), entry.get("sha256"), entry.get("document")
    problems = []
    if digest not in delivered:
        problems.append(f"{folder}: its hash is not in any notice.delivered event of the audit slice")
    if name is None:
        return problems
    raw = contents.get(str(name))
    if raw is None:
        return [*problems, f"{name}: missing"]
    if sha(raw) != digest:
        return [*problems, f"{name}: its SHA-256 is not the sent message's recorded hash"]
    doc = parsed.get(str(name))
    if not isinstance(doc, dict):
        return problems
    try:
        expected = {f"{folder}/message.eml": eml(entry, doc)}
        if doc.get("html"):
            expected[f"{folder}/message.html"] = str(doc["html"]).encode("utf-8")
        for number, attachment in enumerate(doc.get("attachments") or (), 1):
            expected[f"{folder}/{attachment_name(number, attachment)}"] = base64.b64decode(attachment["base64"])
    except (KeyError, TypeError, ValueError) as exc:
        return [*problems, f"{name}: not a sent-message document ({type(exc).__name__})"]
    for file_name, wanted in expected.items():
        if contents.get(file_name) != wanted:
            problems.append(f"{file_name}: differs from the sent document (what the customer received)")
    extra = {n for n in contents if n.startswith(f"{folder}/")} - set(expected) - {str(name)}
    problems += [f"{n}: not part of the sent document" for n in sorted(extra)]
    return problems
