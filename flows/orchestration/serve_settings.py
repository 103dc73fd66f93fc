"""What ``make serve`` serves with, and the file a shell sources to use the same: the database (the demo's
when ``make demo`` made one and no other is set), the acknowledgement secret (the demo's for the demo,
else one generated once and kept out of git) and the Prefect server.

A notice's link is signed when the notice is rendered and checked when it is opened: a demo signed under
one secret and served under another would refuse every link it sent (issue 18).
"""

from __future__ import annotations

import os
import secrets
import shlex
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]
SECRET_FILE: Final = ROOT / ".breach-ack-secret"
ENV_FILE: Final = ROOT / ".serve.env"
DEMO_DIR: Final = ROOT / ".demo"
PREFECT_API_URL: Final = "http://127.0.0.1:4200/api"

# What a served demo needs beside its database: its own audit key, evidence key and anchor log (made fresh
# by each `make demo`), and the folder its `spool://` notices and our DPO's alerts land in.
_DEMO_FILES: Final = {
    "BREACH_AUDIT_KEY_FILE": "audit.key",
    "BREACH_SIGNING_KEY_FILE": "signing-key.pem",
    "BREACH_ANCHOR_LOG": "anchors.log",
    "BREACH_SPOOL_DIR": "spool",
}
# The settings `.serve.env` carries, in this order; each only when set.
_SHARED: Final = (
    "PREFECT_API_URL",
    "BREACH_DATABASE_URL",
    "BREACH_ACK_SECRET",
    "BREACH_PUBLIC_URL",
    *_DEMO_FILES,
    "BREACH_DPO_ALERT_URLS",
    "BREACH_DPO_NAME",
    "BREACH_DPO_EMAIL",
    "BREACH_DPO_PHONE",
)


def local_ack_secret(say: Callable[[str], None] = lambda _line: None, *, path: Path = SECRET_FILE) -> str:
    """The secret in ``path``, made on first use (0600, created exclusively, so two first runs cannot
    write two different secrets); ``say`` is told when it is made."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_text(encoding="ascii").strip()
        if len(secret) < 32:
            raise SystemExit(
                f"{path}: holds no acknowledgement secret (delete it and run `make serve` again)"
            ) from None
        return secret
    secret = secrets.token_urlsafe(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    say(f"Generated a local acknowledgement secret in {path.name} (mode 0600, ignored by git); it signs every link.")
    return secret


def serving_environment(environ: Mapping[str, str], say: Callable[[str], None], *, root: Path = ROOT) -> dict[str, str]:
    """The environment every served piece runs with: ``environ`` plus what ``make serve`` decides."""
    env = dict(environ)
    env.setdefault("PREFECT_API_URL", PREFECT_API_URL)
    demo = root / DEMO_DIR.name
    if not env.get("BREACH_DATABASE_URL") and (demo / "breach.db").exists():
        from flows.demo.__main__ import DEMO_ACK_SECRET, DEMO_DPO  # noqa: PLC0415  (the demo's module, only for a demo)

        # The demo's links were signed with the secret it ran with: the same one answers them here.
        env.setdefault("BREACH_ACK_SECRET", DEMO_ACK_SECRET)
        env["BREACH_DATABASE_URL"] = f"sqlite:///{demo / 'breach.db'}"
        for name, file in _DEMO_FILES.items():
            env[name] = str(demo / file)
        # The demo's chain is under its own key: a key in the environment would win over its file.
        env.pop("BREACH_AUDIT_KEY", None)
        env.setdefault("BREACH_DPO_ALERT_URLS", "spool://internal.example.org/dpo")
        for name, value in DEMO_DPO.items():  # the DPO its notices were signed by
            env.setdefault(name, value)
        say(f"Serving the demo's database {demo / 'breach.db'} (set BREACH_DATABASE_URL to serve another).")
    if not env.get("BREACH_ACK_SECRET"):
        env["BREACH_ACK_SECRET"] = local_ack_secret(say, path=root / SECRET_FILE.name)
    return env


def write_shell_settings(env: Mapping[str, str], *, path: Path = ENV_FILE) -> Path:
    """``path`` for ``. ./.serve.env``: `breach` in that shell then uses the served database, secret and
    Prefect server (no temporary server of its own). 0600: it holds the secret."""
    lines = ["# Written by `make serve`: `. ./.serve.env` points `breach` at what it serves."]
    if "BREACH_AUDIT_KEY_FILE" in env and "BREACH_AUDIT_KEY" not in env:
        lines.append("unset BREACH_AUDIT_KEY")
    lines += [f"export {name}={shlex.quote(env[name])}" for name in _SHARED if env.get(name)]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path
