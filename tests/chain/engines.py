"""The two engines of tests/chain/test_two_engines.py: each a database, a port, keys and a ``breach serve``
process, with its operator's commands run in this process under its environment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine
from typer.testing import CliRunner

from flows import db
from flows.cli.app import app
from flows.settings import get_settings
from tests.servers import HttpSink, free_port

AUDIT_KEY = "two-engines-audit-key-0123456789abcdefghijklmnop"
OURS = "Example Cloud Services BV"
RESELLER = "Reseller Voorbeeld BV"
CONTROLLERS = {
    "nl": "Tandartspraktijk Voorbeeld",
    "fr": "Cabinet Exemple SRL",
    "de": "Praxis Beispiel GmbH",
}
NAMES = {"en": "Hosted e-mail", "nl": "Gehoste e-mail", "fr": "Messagerie hébergée", "de": "Gehostete E-Mail"}
FACTS: dict[str, Any] = {
    "breach_types": ["confidentiality"],
    "data_categories": ["contact"],
    "data_subjects": 2300,
    "malicious": True,
    "exfiltration": "cannot_rule_out",
}
NARRATIVE: dict[str, Any] = {
    "nature": "Mailboxes on a shared cluster were read by an intruder.",
    "likely_consequences": "Targeted phishing using real correspondence.",
    "measures_taken": "The intruder's account was disabled and credentials rotated.",
    "failed_measures": ["electronic_access"],
    "not_yet_known": ["categories_and_numbers"],
}


@dataclass
class Side:
    """One engine: its database, its port, its keys and its server process."""

    name: str
    root: Path
    port: int = field(default_factory=free_port)
    keys: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.root / f'{self.name}.db'}"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def engine(self) -> Engine:
        return db.make_engine(self.url)

    def environment(self, sink: HttpSink, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BREACH_", "PREFECT_API_URL"))}
        env.update(
            {
                "BREACH_DATABASE_URL": self.url,
                "BREACH_AUDIT_KEY": AUDIT_KEY,
                "BREACH_ACK_SECRET": f"two-engines-{self.name}-secret-0123456789abcdefgh",
                "BREACH_PUBLIC_URL": self.base,
                "BREACH_PROCESSOR_NAME": OURS if self.name == "a" else RESELLER,
                "BREACH_DPO_NAME": f"Dana Example ({self.name.upper()})",
                "BREACH_DPO_EMAIL": f"dpo@{self.name}.example.org",
                "BREACH_DPO_PHONE": "+32 2 000 00 00",
                "BREACH_DPO_ALERT_URLS": sink.url(f"dpo-{self.name}"),
                "BREACH_OPERATOR": f"operator@{self.name}.example.org",
                "BREACH_RENDER_PROCESSES": "0",
                "BREACH_SEND_LEASE_SECONDS": "2",
                "BREACH_SEND_CONNECT_TIMEOUT_SECONDS": "2",
                "BREACH_SEND_READ_TIMEOUT_SECONDS": "5",
                "COLUMNS": "200",
            }
        )
        env.update(extra)
        return env

    @property
    def log(self) -> Path:
        return self.root / f"{self.name}-serve.log"

    def serve(self, sink: HttpSink, **extra: str) -> None:
        self.env = self.environment(sink, **extra)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603  (our own CLI, fixed arguments)
                [sys.executable, "-c", "from flows.cli.app import app; app()", "serve", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=log,
            )

    def ready(self, seconds: float = 120) -> None:
        """Answering (any answer: an unauthenticated request is refused 401). Starting takes a few seconds
        of imports; on a loaded machine many more."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"engine {self.name} exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base}/incidents", timeout=2).status_code == 401:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"engine {self.name} did not answer on {self.base}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - a server that ignores SIGTERM
                self.kill()

    def cli(self, *args: str) -> str:
        """``breach ARGS`` as this engine's operator runs it (its environment), in this process: a process of its
        own would spend seconds importing what this one has loaded."""
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(self.env)
        get_settings.cache_clear()
        db.get_engine.cache_clear()
        try:
            done = CliRunner().invoke(app, list(args), catch_exceptions=False)
        finally:
            db.get_engine().dispose()
            os.environ.clear()
            os.environ.update(saved)
            get_settings.cache_clear()
            db.get_engine.cache_clear()
        assert done.exit_code == 0, f"breach {' '.join(args)}: {done.output}"
        return done.output

    def api(self, method: str, path: str, body: object | None = None) -> dict[str, Any]:
        answer = httpx.request(
            method,
            f"{self.base}{path}",
            json=body,
            headers={"Authorization": f"Bearer {self.keys['security']}"},
            timeout=20,
        )
        assert answer.status_code < 300, f"{method} {path}: {answer.status_code} {answer.text}"
        result: dict[str, Any] = answer.json()
        return result


def wait_for(condition: Any, seconds: float = 90, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    assert condition(), f"not within {seconds} s: {what}"
