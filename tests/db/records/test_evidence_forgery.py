"""Forged and malformed evidence packs (issue 15, finding 7): each is refused, with a named reason.

Every forgery re-hashes the manifest as the forger would; only our Ed25519 signature, which the forger
cannot make, and the pack's own consistency stand in the way. ``breach evidence verify`` needs nothing
but the pack and our public key: these tests run it with no database and no signing key configured.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from breach.records.store import audit
from flows.cli.app import app
from flows.evidence import build_pack, event_from_record, signing, verify_pack
from flows.settings import get_settings
from tests.record_world import BREWERY, NOW, build

Files = dict[str, bytes]


def _files(data: bytes) -> Files:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _rezip(files: Files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, raw in files.items():
            z.writestr(name, raw)
    return buffer.getvalue()


def _reseal(files: Files, change: Callable[[dict[str, object]], None] | None = None) -> None:
    """The forger's last step: every file re-hashed into the manifest (and any entry changed)."""
    manifest = json.loads(files["manifest.json"])
    if change is not None:
        change(manifest)
    manifest["files"] = {
        n: hashlib.sha256(files[n]).hexdigest() for n in sorted(files) if n not in ("manifest.json", "manifest.sig")
    }
    files["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode()


def _sent_folder(files: Files) -> str:
    return str(json.loads(files["manifest.json"])["sent_messages"][0]["folder"])


def _notice_folder(files: Files) -> str:
    return _sent_folder(files).rsplit("/", 1)[0]


def _empty_attempts(files: Files) -> None:
    files[f"{_notice_folder(files)}/attempts.json"] = b"[]\n"


def _remove_attempts(files: Files) -> None:
    del files[f"{_notice_folder(files)}/attempts.json"]


def _edit_deadlines(files: Files) -> None:
    deadlines = json.loads(files["deadlines.json"])
    deadlines[0]["met_at"] = deadlines[0]["start_at"]
    files["deadlines.json"] = json.dumps(deadlines).encode()


def _replace_attachment(files: Files) -> None:
    name = next(n for n in files if "/attachments/" in n)
    files[name] = b'{"all": "fine"}'


def _edit_eml_headers(files: Files) -> None:
    name = f"{_sent_folder(files)}/message.eml"
    files[name] = files[name].replace(b"X-Breach-Possible-Duplicate: no", b"X-Breach-Possible-Duplicate: yes")


def _audit(files: Files) -> list[dict[str, object]]:
    loaded: list[dict[str, object]] = json.loads(files["audit.json"])
    return loaded


def _drop_delivered_event(files: Files) -> None:
    events = [e for e in _audit(files) if e["event_type"] != "notice.delivered"]
    files["audit.json"] = json.dumps(events).encode()


def _drop_report_event(files: Files) -> None:
    """The customer's report that it notified its authority disappears from the slice."""
    events = _audit(files)
    dropped = next(e for e in events if str(e["event_type"]).startswith("report."))
    files["audit.json"] = json.dumps([e for e in events if e is not dropped]).encode()


def _remove_sent_message(files: Files) -> None:
    folder = _sent_folder(files)
    for name in [n for n in files if n.startswith(f"{folder}/")]:
        del files[name]
    _reseal(files, lambda manifest: manifest.update(sent_messages=[]))


def _rewrite_the_narrative(files: Files) -> None:
    """'intruder' becomes 'minor glitch' in what was sent, and the audit slice is re-hashed to match."""
    folder = _sent_folder(files)
    for name in [n for n in files if n.startswith(f"{folder}/message") or n == f"{folder}/document.json"]:
        files[name] = files[name].replace(b"intruder", b"minor glitch")
    digest = hashlib.sha256(files[f"{folder}/document.json"]).hexdigest()
    events = _audit(files)
    renamed: dict[object, str] = {}
    for event in events:
        data, before = event["data"], event["hash"]
        changed = event["prev_hash"] in renamed
        if changed:
            event["prev_hash"] = renamed[event["prev_hash"]]
        if event["event_type"] == "notice.delivered" and isinstance(data, dict):
            old = data["sent_sha256"]
            data["sent_sha256"] = digest
            changed = True
        if changed:
            # The best a forger can do without our audit key: plain SHA-256, re-chained to the end.
            event["key_id"] = None
            event["hash"] = audit.event_hash(event_from_record(event))
            renamed[before] = str(event["hash"])
    files["audit.json"] = json.dumps(events).encode()
    eml = f"{folder}/message.eml"
    files[eml] = files[eml].replace(str(old).encode(), digest.encode())

    def entry(manifest: dict[str, object]) -> None:
        sent = manifest["sent_messages"]
        assert isinstance(sent, list)
        sent[0]["sha256"] = digest

    _reseal(files, entry)


def _non_utf8_eml(files: Files) -> None:
    files[f"{_sent_folder(files)}/message.eml"] = b"Subject: \xff\xfe\n\nbody"


@dataclass(frozen=True)
class Forgery:
    name: str
    forge: Callable[[Files], None]
    # What the pack's own consistency says besides the broken signature (None: only the signature knows).
    reason: str | None


FORGERIES = [
    Forgery("attempts.json emptied", _empty_attempts, None),
    Forgery("attempts.json removed", _remove_attempts, "attempts.json: missing"),
    Forgery("deadlines.json edited", _edit_deadlines, None),
    Forgery("an attachment replaced", _replace_attachment, "differs from the sent document"),
    Forgery("the .eml headers edited", _edit_eml_headers, "message.eml: differs from the sent document"),
    Forgery("an audit event dropped", _drop_report_event, None),
    Forgery("the notice.delivered audit event dropped", _drop_delivered_event, "not in any notice.delivered event"),
    Forgery("a sent message removed", _remove_sent_message, "records as delivered is not in the pack"),
    Forgery("the narrative rewritten, audit slice re-hashed", _rewrite_the_narrative, None),
    Forgery("a non-UTF-8 message.eml", _non_utf8_eml, "message.eml: not UTF-8 text"),
]


@pytest.fixture
def pack_files(session: Session, db: Engine) -> Files:
    build(session, db)
    files = _files(build_pack("BR-2026-0001", BREWERY, session=session, now=NOW).data)
    assert any("/attachments/" in n for n in files)
    return files


@pytest.mark.parametrize("forgery", FORGERIES, ids=[f.name for f in FORGERIES])
def test_each_forgery_with_a_re_hashed_manifest_is_refused(pack_files: Files, forgery: Forgery) -> None:
    """The forged pack fails our signature, and its own consistency names what it can see."""
    forgery.forge(pack_files)
    if forgery.forge not in (_remove_sent_message, _rewrite_the_narrative):
        _reseal(pack_files)
    problems = verify_pack(_rezip(pack_files))
    assert any("signature does not verify" in p for p in problems), problems
    if forgery.reason is not None:
        assert any(forgery.reason in p for p in problems), problems
    # Without the signature file the forger fares no better.
    del pack_files["manifest.sig"]
    assert "manifest.sig is missing: the manifest is not signed" in verify_pack(_rezip(pack_files))


def test_a_pack_signed_with_another_key_is_refused(pack_files: Files) -> None:
    """A pack re-signed by a forger's own key does not verify with ours."""
    forger = Ed25519PrivateKey.generate()
    _edit_deadlines(pack_files)
    _reseal(pack_files)
    pack_files["manifest.sig"] = json.dumps({"signature": signing.sign(forger, pack_files["manifest.json"])}).encode()
    problems = verify_pack(_rezip(pack_files))
    assert any("signature does not verify" in p for p in problems), problems
    assert verify_pack(_rezip(pack_files), forger.public_key()) == []


def _without(name: str) -> Callable[[Files], bytes]:
    def make(files: Files) -> bytes:
        del files[name]
        return _rezip(files)

    return make


def _replaced(name: str, raw: bytes) -> Callable[[Files], bytes]:
    def make(files: Files) -> bytes:
        files[name] = raw
        return _rezip(files)

    return make


MALFORMED: list[tuple[str, Callable[[Files], bytes], str]] = [
    ("not a zip", lambda files: b"just some text, not a zip", "not a readable zip file"),
    ("a truncated zip", lambda files: _rezip(files)[:300], "not a readable zip file"),
    ("no manifest", _without("manifest.json"), "manifest.json is missing"),
    ("a manifest that is not JSON", _replaced("manifest.json", b"{not json"), "manifest.json: not valid JSON"),
    ("a manifest that is a list", _replaced("manifest.json", b"[]"), "manifest.json: not a JSON object"),
    ("bad JSON in audit.json", _replaced("audit.json", b"[{"), "audit.json: not valid JSON"),
    ("a non-UTF-8 deadlines.json", _replaced("deadlines.json", b"\xff"), "deadlines.json: not UTF-8 text"),
    ("an unreadable signature", _replaced("manifest.sig", b"\x00"), "manifest.sig: not valid JSON"),
]


@pytest.fixture
def offline(pack_files: Files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Files, Path]]:
    """The pack's files and our published public key, on a machine with no database and no signing key."""
    public = tmp_path / "public.pem"
    public.write_text(signing.public_pem(signing.own_key().public_key()))
    monkeypatch.setenv("BREACH_DATABASE_URL", f"sqlite:///{tmp_path / 'absent' / 'none.db'}")
    monkeypatch.setenv("BREACH_SIGNING_KEY_FILE", str(tmp_path / "absent" / "key.pem"))
    monkeypatch.setenv("BREACH_AUDIT_KEY", "")
    get_settings.cache_clear()
    try:
        yield pack_files, public
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("case", MALFORMED, ids=[c[0] for c in MALFORMED])
def test_the_cli_refuses_a_malformed_pack_with_a_reason_and_no_traceback(
    offline: tuple[Files, Path], case: tuple[str, Callable[[Files], bytes], str], tmp_path: Path
) -> None:
    """``breach evidence verify`` exits 1 naming the reason, with only the pack and the public key."""
    (files, public), (_, make, reason) = offline, case
    pack = tmp_path / "pack.zip"
    pack.write_bytes(make(files))
    result = CliRunner().invoke(app, ["evidence", "verify", str(pack), "--public-key", str(public)])
    assert result.exit_code == 1, result.output
    assert reason in result.stderr
    assert isinstance(result.exception, SystemExit), result.exception


def test_the_cli_verifies_an_intact_pack_with_only_the_public_key(offline: tuple[Files, Path], tmp_path: Path) -> None:
    """An untouched pack verifies on a machine with nothing but the pack and the key we publish."""
    files, public = offline
    pack = tmp_path / "pack.zip"
    pack.write_bytes(_rezip(files))
    result = CliRunner().invoke(app, ["evidence", "verify", str(pack), "--public-key", str(public)])
    bad_key = CliRunner().invoke(app, ["evidence", "verify", str(pack), "--public-key", str(pack)])
    assert (result.exit_code, "evidence pack intact" in result.stdout) == (0, True), result.output
    assert (bad_key.exit_code, "is not a PEM public key" in bad_key.stderr) == (2, True), bad_key.output


def test_the_key_signing_key_public_prints_verifies_our_pack(session: Session, db: Engine) -> None:
    """The pack verifies with the key ``breach signing-key public`` prints."""
    build(session, db)
    printed = CliRunner().invoke(app, ["signing-key", "public"])
    assert printed.exit_code == 0, printed.output
    public = signing.load_public(printed.stdout.encode(), "stdout")
    assert verify_pack(build_pack("BR-2026-0001", BREWERY, session=session, now=NOW).data, public) == []
    assert audit.verify(session=session) is None
