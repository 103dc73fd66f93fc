"""``make demo`` as a newcomer runs it, then a search of everything Prefect stored for the demo's personal
data and secrets: its database (flow and task runs, parameters, logs, artifacts, events) and its result
storage, byte for byte. Organisation names and incident references may appear (the DPO's register shows
them); a person's address, a contact, a narrative's words and a secret never.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "flows" / "demo"


def _private_values() -> list[str]:
    """What the demo knows that Prefect must not: every contact, the account managers, the narrative's
    sentences, and the demo's secrets."""
    directory = yaml.safe_load((DEMO / "customers.yaml").read_text(encoding="utf-8"))
    incident = yaml.safe_load((DEMO / "incident.yaml").read_text(encoding="utf-8"))
    values: list[str] = []
    for entry in directory["customers"]:
        values += [c["url"].removeprefix("spool://").split("?")[0] for c in entry.get("contacts", [])]
        if entry.get("account_manager"):
            values.append(entry["account_manager"])
        if entry.get("account_manager_contact"):
            values.append(entry["account_manager_contact"].removeprefix("spool://"))
    for item in incident["narrative"].values():
        # Each text is one string or one per language (breach.incidents.languages): every language's counts.
        for text in item.values() if isinstance(item, dict) else [item]:
            if isinstance(text, str):
                values += [part.strip() for part in text.split(";") if len(part.strip()) > 25]
    values += ["demo-only-ack-secret-0123456789abcdef", "internal.example.org/dpo"]
    return values


@pytest.mark.flow
def test_the_demo_leaves_no_personal_data_or_secret_with_prefect(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BREACH_", "PREFECT_"))}
    command = [sys.executable, "-m", "flows.demo"]
    done = subprocess.run(  # noqa: S603  (a fixed argument list)
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    stored = tmp_path / ".demo" / "prefect"
    files = [p for p in stored.rglob("*") if p.is_file()]
    assert any(p.name.startswith("prefect.db") for p in files), "the demo's Prefect database was not found"
    data = b"".join(p.read_bytes() for p in files)
    # The search looks where Prefect keeps things: the run named after the incident, and the register
    # artifact with the organisations it lists.
    assert b"BR-2026-0001" in data
    assert b"Brouwerij De Voorbeeldige BV" in data
    # The demo's own keys: the audit key and the body of the signing key must never reach Prefect either.
    demo = tmp_path / ".demo"
    signing_key = "".join((demo / "signing-key.pem").read_text().splitlines()[1:-1])
    keys = [(demo / "audit.key").read_text().strip(), signing_key]
    private = _private_values() + keys
    assert len(private) > 15
    found = [value for value in private if value.encode() in data]
    assert found == []
