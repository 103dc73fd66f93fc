"""``breach evidence`` and ``breach signing-key`` as a person uses them: files, exit codes, messages."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from breach.records.store import audit
from flows import db
from flows.cli import evidence as cli_evidence
from flows.settings import get_settings
from tests.cli.cli_world import closed_record_world, invoker
from tests.record_world import BREWERY

runner = CliRunner()
app = typer.Typer()
cli_evidence.register(app, typer.Typer())


@pytest.fixture
def world_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A file database with the record world in it, closed, and the CLI's clock fixed two days after."""
    with closed_record_world(tmp_path, monkeypatch, cli_evidence) as path:
        yield path


_run = invoker(app)


def test_evidence_pack_is_written_verified_and_a_change_caught(world_db: Path) -> None:
    """`evidence REF CUSTOMER` writes the signed zip; `evidence verify` says intact, then catches a changed byte."""
    target = world_db / "pack.zip"
    code, out, err = _run("evidence", "BR-2026-0001", BREWERY, "--output", str(target))
    assert code == 0, err
    assert "SHA-256" in out
    assert "signed with key" in out
    code, out, _ = _run("evidence", "verify", str(target))
    assert (code, "intact" in out) == (0, True)
    with zipfile.ZipFile(target) as source:
        files = {name: source.read(name) for name in source.namelist()}
    files["deadlines.json"] = files["deadlines.json"].replace(b"late", b"met!", 1)
    with zipfile.ZipFile(target, "w") as changed:
        for name, raw in files.items():
            changed.writestr(name, raw)
    code, _, err = _run("evidence", "verify", str(target))
    assert code == 1
    assert "deadlines.json: its SHA-256 does not match" in err
    assert "evidence pack refused" in err
    with db.unit_of_work() as session:
        assert audit.verify(session=session) is None


def test_a_missing_signing_key_refuses_the_export(world_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without our signing key no pack is written, unsigned or otherwise: exit 2 naming the setting."""
    monkeypatch.setenv("BREACH_SIGNING_KEY_FILE", str(world_db / "absent.pem"))
    get_settings.cache_clear()
    target = world_db / "pack.zip"
    code, _, err = _run("evidence", "BR-2026-0001", BREWERY, "--output", str(target))
    get_settings.cache_clear()
    assert (code, "BREACH_SIGNING_KEY_FILE" in err, target.exists()) == (2, True, False), err


def test_signing_key_create_makes_a_private_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`signing-key create` writes mode 0600 and prints the public key; a second create keeps the first key."""
    key_file = tmp_path / "signing.pem"
    monkeypatch.setenv("BREACH_SIGNING_KEY_FILE", str(key_file))
    get_settings.cache_clear()
    try:
        code, out, _ = _run("signing-key", "create")
        first, mode = key_file.read_bytes(), stat.S_IMODE(key_file.stat().st_mode)
        again, _, err = _run("signing-key", "create")
        public, printed, _ = _run("signing-key", "public")
        key_file.chmod(0o644)
        loose, _, loose_err = _run("signing-key", "public")
    finally:
        get_settings.cache_clear()
    assert (code, out.startswith("-----BEGIN PUBLIC KEY-----")) == (0, True)
    assert mode == 0o600
    assert (again, "already exists" in err, key_file.read_bytes() == first) == (2, True, True)
    assert (public, printed) == (0, out)
    assert (loose, "mode 0600" in loose_err) == (2, True)


def test_audit_new_key_prints_a_fresh_key_each_time() -> None:
    """`audit new-key` prints 64 hex characters, different each time."""
    audit_app = typer.Typer()
    cli_evidence.register(typer.Typer(), audit_app)
    first, second = runner.invoke(audit_app, ["new-key"]), runner.invoke(audit_app, ["new-key"])
    assert len(first.stdout.strip()) == 64
    assert first.stdout != second.stdout
