"""`make serve` works without a secret set, and a shell can use what it serves (issue 18)."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

from flows.demo.__main__ import DEMO_ACK_SECRET
from flows.orchestration import serve_settings


def test_a_secret_is_generated_once_private_and_announced(tmp_path: Path) -> None:
    """First run: a 0600 file and a line saying so; later runs: the same secret, silently."""
    said: list[str] = []
    env = serve_settings.serving_environment({}, said.append, root=tmp_path)
    secret_file = tmp_path / ".breach-ack-secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert env["BREACH_ACK_SECRET"] == secret_file.read_text().strip()
    assert len(env["BREACH_ACK_SECRET"]) >= 32
    assert any(".breach-ack-secret" in line and "0600" in line for line in said)
    again: list[str] = []
    assert (
        serve_settings.serving_environment({}, again.append, root=tmp_path)["BREACH_ACK_SECRET"]
        == (env["BREACH_ACK_SECRET"])
    )
    assert again == []


def test_a_secret_in_the_environment_wins_and_no_file_is_made(tmp_path: Path) -> None:
    """An operator's own secret is used as given."""
    env = serve_settings.serving_environment({"BREACH_ACK_SECRET": "s" * 40}, lambda _: None, root=tmp_path)
    assert env["BREACH_ACK_SECRET"] == "s" * 40
    assert not (tmp_path / ".breach-ack-secret").exists()


def test_the_demo_is_served_with_its_own_database_keys_and_secret(tmp_path: Path) -> None:
    """After `make demo`, its links open on the served application: same database, same secret."""
    (tmp_path / ".demo").mkdir()
    (tmp_path / ".demo" / "breach.db").touch()
    said: list[str] = []
    env = serve_settings.serving_environment({"BREACH_AUDIT_KEY": "k" * 43}, said.append, root=tmp_path)
    assert env["BREACH_DATABASE_URL"] == f"sqlite:///{tmp_path / '.demo' / 'breach.db'}"
    assert env["BREACH_ACK_SECRET"] == DEMO_ACK_SECRET
    assert env["BREACH_AUDIT_KEY_FILE"] == str(tmp_path / ".demo" / "audit.key")
    assert "BREACH_AUDIT_KEY" not in env
    assert any("demo's database" in line for line in said)


def test_the_shell_settings_file_is_private_and_sourceable(tmp_path: Path) -> None:
    """`. ./.serve.env` sets what `breach` needs to reach the served database and Prefect server."""
    env = {
        "PREFECT_API_URL": "http://127.0.0.1:4200/api",
        "BREACH_DATABASE_URL": "sqlite:////srv/a b/breach.db",
        "BREACH_ACK_SECRET": "it's-a-secret-" + "x" * 30,
        "BREACH_AUDIT_KEY_FILE": str(tmp_path / "audit.key"),
        "HOME": "/nowhere",
    }
    path = serve_settings.write_shell_settings(env, path=tmp_path / ".serve.env")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    echo = 'echo "$PREFECT_API_URL|$BREACH_DATABASE_URL|$BREACH_ACK_SECRET|${BREACH_AUDIT_KEY-unset}"'
    script = f'BREACH_AUDIT_KEY=old; . "{path}"; {echo}'
    shown = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603,S607
    assert shown == f"http://127.0.0.1:4200/api|sqlite:////srv/a b/breach.db|{env['BREACH_ACK_SECRET']}|unset"
    assert "HOME" not in path.read_text()
