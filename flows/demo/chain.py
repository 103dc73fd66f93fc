"""``make demo``'s processing chain (issue 21): a breach enters from our sub-processor and reaches a reseller's
customers through the reseller's own engine.

The reseller (Nordic Reseller Partners Oy, a processor among the demo's customers) runs an engine of its own: a
second database under ``.demo/reseller/`` and a second ``breach serve`` on a loopback port chosen at run time,
in a process of its own, stopped at the end. It imports its three controllers (nl, fr, de) and us as its
sub-processor, and makes the key we present at its intake; the reseller then gives us its intake as a contact
(``breach://KEY@127.0.0.1:PORT/intake/notices``). Mailflow Relay BV, our sub-processor, reports a breach on its
relay (``breach intake``); we accept its facts and confirm; our pass_on notice arrives at the reseller's engine
as JSON, which opens its incident by itself; its operator accepts our facts and confirms, and its controllers
are told in their languages. The reseller's commands print as ``reseller$ breach ...``.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlmodel import Session, col, select

HERE = Path(__file__).parent
RESELLER = "Nordic Reseller Partners Oy"
OURS = "Example Cloud Services BV"
RESELLER_SECRET = "demo-only-reseller-ack-secret-0123456789"  # noqa: S105  (fictional, published on purpose)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Reseller:
    """The reseller's engine: its environment, its commands (in this process) and its server (a process)."""

    def __init__(self, demo_dir: Path, invoke: Callable[[list[str]], Any]) -> None:
        self.root = demo_dir / "reseller"
        self.root.mkdir()
        self.port = _free_port()
        self.invoke = invoke
        self.process: subprocess.Popen[bytes] | None = None
        key_file = self.root / "audit.key"
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
        self.env = {k: v for k, v in os.environ.items() if k != "BREACH_NIS2_ENTITY_TYPE"}
        self.env.update(
            {
                "BREACH_DATABASE_URL": f"sqlite:///{self.root / 'breach.db'}",
                "BREACH_SPOOL_DIR": str(self.root / "spool"),
                "BREACH_AUDIT_KEY_FILE": str(key_file),
                "BREACH_ANCHOR_LOG": str(self.root / "anchors.log"),
                "BREACH_SIGNING_KEY_FILE": str(self.root / "signing-key.pem"),
                "BREACH_ACK_SECRET": RESELLER_SECRET,
                "BREACH_PUBLIC_URL": f"http://127.0.0.1:{self.port}",
                "BREACH_PROCESSOR_NAME": RESELLER,
                "BREACH_OPERATOR": "operator@nordic-reseller.example.org",
                "BREACH_DPO_NAME": "Aino Esimerkki",
                "BREACH_DPO_EMAIL": "dpo@nordic-reseller.example.org",
                "BREACH_DPO_PHONE": "+358 9 000 0000",
                "BREACH_DPO_ALERT_URLS": "spool://internal.nordic-reseller.example.org/dpo",
                # Its server delivers in its own thread: no Prefect server to reach from there.
                "BREACH_RENDER_PROCESSES": "0",
            }
        )

    def breach(self, *args: str, shown: bool = True) -> str:
        """``breach ARGS`` as the reseller's operator runs it; ``shown``: print its output (not a key's)."""
        from flows import db  # noqa: PLC0415  (after the demo's environment is set)
        from flows.settings import get_settings  # noqa: PLC0415

        print(f"\nreseller$ breach {' '.join(args)}", flush=True)
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(self.env)
        get_settings.cache_clear()
        db.get_engine.cache_clear()
        try:
            result = self.invoke(list(args))
        finally:
            db.get_engine().dispose()
            os.environ.clear()
            os.environ.update(saved)
            get_settings.cache_clear()
            db.get_engine.cache_clear()
        output: str = result.output
        print(output if shown else "(the key, shown once: it goes to Example Cloud Services)\n", end="", flush=True)
        if result.exit_code != 0:
            raise SystemExit(result.exit_code)
        return output.strip()

    def serve(self) -> None:
        print(f"\nreseller$ breach serve --port {self.port}   # in the background, stopped at the end", flush=True)
        with (self.root / "serve.log").open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603  (our own CLI, fixed arguments)
                [sys.executable, "-c", "from flows.cli.app import app; app()", "serve", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=log,
            )

    def ready(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise SystemExit(f"the reseller's engine stopped; see {self.root / 'serve.log'}")
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/incidents", timeout=2)
            except httpx.HTTPError:
                time.sleep(0.2)
            else:
                return
        raise SystemExit(f"the reseller's engine did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def incident(self, seconds: float = 60) -> str:
        """The reference of the incident our notice opened at the reseller's engine, once it has."""
        from breach.db.models.incidents import Incident  # noqa: PLC0415
        from flows.db import make_engine  # noqa: PLC0415

        engine = make_engine(self.env["BREACH_DATABASE_URL"])
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                with Session(engine) as session:
                    found = session.exec(select(Incident.reference).where(col(Incident.title).startswith(OURS))).first()
                if found is not None:
                    return found
                time.sleep(0.2)
        finally:
            engine.dispose()
        raise SystemExit("our notice did not reach the reseller's engine")


def _engine_contact(demo_dir: Path, key: str, port: int) -> Path:
    """The reseller's directory entry with its engine's intake first (its security desk stays the fallback)."""
    entries = yaml.safe_load((HERE / "customers.yaml").read_text(encoding="utf-8"))["customers"]
    entry = next(e for e in entries if e["name"] == RESELLER)
    entry["contacts"] = [
        {"url": f"breach://{key}@127.0.0.1:{port}/intake/notices", "label": "Our breach engine's intake"},
        *entry["contacts"],
    ]
    path = demo_dir / "nordic-engine.yaml"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # it holds the key
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        yaml.safe_dump({"customers": [entry]}, handle, allow_unicode=True, sort_keys=False)
    return path


def run(breach: Callable[..., str], invoke: Callable[[list[str]], Any], demo_dir: Path) -> None:
    """The chain, after the demo's main story; ``breach`` runs our commands, ``invoke`` the CLI in-process."""
    print("\n# The processing chain (issue 21): our sub-processor's breach, through a reseller's own engine.")
    reseller = Reseller(demo_dir, invoke)
    reseller.breach("init")
    reseller.breach("customers", "import", str(HERE / "reseller" / "customers.yaml"))
    reseller.breach("subprocessors", "import", str(HERE / "reseller" / "subprocessors.yaml"))
    key = reseller.breach(
        "keys", "create", "--role", "subprocessor", "--holder", f"{OURS} engine", "--subprocessor", OURS, shown=False
    ).splitlines()[-1]
    reseller.serve()
    try:
        breach("customers", "import", str(_engine_contact(demo_dir, key, reseller.port)))
        breach("subprocessors", "import", str(HERE / "subprocessors.yaml"))
        opened = breach("intake", str(HERE / "mailflow-notice.json"), "--from", "Mailflow Relay BV")
        reference = re.findall(r"BR-\d{4}-\d{4}", opened)[0]
        breach("intake", "pending", reference)
        breach("intake", "accept", reference)
        reseller.ready()
        breach("confirm", reference, "--fallback-language", "en")
        theirs = reseller.incident()
        reseller.breach("intake", "pending", theirs)
        reseller.breach("intake", "accept", theirs)
        reseller.breach("confirm", theirs, "--fallback-language", "en")
    finally:
        reseller.stop()
    files = sorted(p for p in (reseller.root / "spool").rglob("*") if p.is_file())
    print(f"\nThe reseller's engine wrote {len(files)} message files under {reseller.root / 'spool'}:")
    for path in files:
        print(f"  {path.relative_to(demo_dir)}")
