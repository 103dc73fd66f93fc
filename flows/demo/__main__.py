"""``make demo``: the engine's main job end to end on fictional data, from a fresh database each run.

A ransomware incident on one shared service is opened, its facts recorded, and confirmed; the Prefect
flow then notifies every affected customer in its own language. One customer then gets our drafts of its
authority notification, data-subject communication and DPIA support; our own NIS2 facts make the incident
significant for us (the early warning clock, our DPO's alert, the early warning's draft), and the DPO's
worklist follows. Last, the processing chain (``flows.demo.chain``): our sub-processor's breach reaches a
reseller's controllers through the reseller's own engine, a second database and server on loopback.
Messages land as files under ``.demo/spool/`` through the ``spool://`` Apprise scheme; nothing leaves this
machine (the two engines talk over loopback).
"""

from __future__ import annotations

import os
import secrets
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

DEMO_DIR = Path(".demo").resolve()
HERE = Path(__file__).parent
# Fictional, for the demo only; `make serve` serves the demo's database with it, so its links open there.
DEMO_ACK_SECRET = "demo-only-ack-secret-0123456789abcdef"  # noqa: S105  (fictional, published on purpose)
# Our DPO's name and direct contact, fictional: every notice carries them (DPA clause 5(a)), and a notice
# signed with the placeholders reads "Data Protection Officer" where a name belongs. `make serve` serves the
# demo's database with the same (its portal's footer, the drafts it hands out). The address is not the
# placeholder's dpo@example.org, which `breach check` and the delivery path count as unset.
DEMO_DPO = {
    "BREACH_DPO_NAME": "Dana Example",
    "BREACH_DPO_EMAIL": "dpo@cloud.example.org",
    "BREACH_DPO_PHONE": "+32 2 000 00 00",
}


def _environment() -> None:
    os.environ["BREACH_DATABASE_URL"] = f"sqlite:///{DEMO_DIR / 'breach.db'}"
    os.environ["BREACH_SPOOL_DIR"] = str(DEMO_DIR / "spool")
    os.environ.setdefault("BREACH_OPERATOR", "demo-operator@cloud.example.org")
    # Demo-only values: a fictional signing secret for acknowledgement links, and our DPO's alerts spooled
    # to a folder like the customers' notices.
    os.environ.setdefault("BREACH_ACK_SECRET", DEMO_ACK_SECRET)
    os.environ.setdefault("BREACH_DPO_ALERT_URLS", "spool://internal.example.org/dpo")
    # The demo only spools, which would pass with the placeholders, but it shows notices as a deployment sends them.
    for name, value in DEMO_DPO.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("COLUMNS", "180")
    # We are a cloud computing service provider under NIS2 (Implementing Regulation (EU) 2024/2690 Art. 7).
    os.environ.setdefault("BREACH_NIS2_ENTITY_TYPE", "cloud")
    # The demo's own keys, made fresh each run and kept beside its database, never in it: the audit key
    # (the chain's HMAC), our evidence signing key (`breach signing-key create` below) and the anchor log.
    key_file = DEMO_DIR / "audit.key"
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
    os.environ["BREACH_AUDIT_KEY_FILE"] = str(key_file)
    os.environ.pop("BREACH_AUDIT_KEY", None)
    os.environ["BREACH_SIGNING_KEY_FILE"] = str(DEMO_DIR / "signing-key.pem")
    os.environ["BREACH_ANCHOR_LOG"] = str(DEMO_DIR / "anchors.log")
    # Prefect: its own home inside the demo folder, no telemetry, and only warnings on the console
    # (the flow's own logs still reach the dashboard).
    os.environ["PREFECT_HOME"] = str(DEMO_DIR / "prefect")
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    # Prefect waits 20 s for its ephemeral server by default; a busy 2-core machine needs longer (seen: a
    # demo that failed with "Timed out while attempting to connect to ephemeral Prefect API server").
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_FLOW_RUNS_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_TASK_RUNS_LEVEL", "WARNING")


def main() -> int:
    if DEMO_DIR.exists():
        shutil.rmtree(DEMO_DIR)
    DEMO_DIR.mkdir()
    _environment()

    from typer.testing import CliRunner  # noqa: PLC0415  (after the environment is set)

    from flows.cli.app import app  # noqa: PLC0415
    from flows.demo import chain  # noqa: PLC0415

    runner = CliRunner()

    def breach(*args: str) -> str:
        print(f"\n$ breach {' '.join(args)}", flush=True)
        result = runner.invoke(app, list(args), catch_exceptions=False)
        print(result.output, end="", flush=True)
        if result.exit_code != 0:
            raise SystemExit(result.exit_code)
        return result.output.strip()

    detected = (datetime.now(UTC) - timedelta(hours=3)).replace(microsecond=0).isoformat()
    breach("init")
    breach("signing-key", "create")
    breach("customers", "import", str(HERE / "customers.yaml"))
    reference = breach(
        "open",
        "--title",
        "Ransomware on hosted mail cluster BE-1",
        "--description",
        "Mail storage encrypted; administrator account compromised.",
        "--service",
        "cloud-mail",
        "--detected-at",
        detected,
    ).splitlines()[-1]
    breach("facts", reference, str(HERE / "incident.yaml"))
    breach("confirm", reference)
    # Our help with what the controller owes next (DPA clause 8(1)(c)-(d)): drafts in its language, attached
    # to a notice, and a support task per draft for the follow-up.
    breach("pack", reference, "Zorggroep Het Lindehof vzw", "--kind", "authority,subjects,dpia", "--send")
    breach("outbox", "run")
    # Our own NIS2 duty (issue 20): as a cloud provider the same incident may be significant for us. Its facts
    # in a nis2 section are tested at once: significant, so the 24-hour early warning clock starts from now and
    # our DPO's alert lands in the spool; then our early warning to the CCB as a draft in Dutch.
    breach("facts", reference, str(HERE / "nis2.yaml"))
    breach("nis2", "assess", reference)
    early_warning = DEMO_DIR / "nis2-early-warning.nl.md"
    breach("nis2", "draft", reference, "--report", "early-warning", "--language", "nl", "--output", str(early_warning))
    breach("worklist")
    # Proof a third party can check: the chain's head anchored outside the database, a signed evidence
    # pack, and its verification with nothing but the pack and our public key.
    breach("audit", "anchor")
    pack = DEMO_DIR / "EVIDENCE-lindehof.zip"
    breach("evidence", reference, "Zorggroep Het Lindehof vzw", "--output", str(pack))
    public_key = DEMO_DIR / "evidence-public-key.pem"
    public_key.write_text(breach("signing-key", "public") + "\n", encoding="ascii")
    breach("evidence", "verify", str(pack), "--public-key", str(public_key))
    breach("audit", "verify", "--anchors", str(pack))
    # Engine to engine (issue 21): our sub-processor's breach reaches a reseller's controllers through its engine.
    chain.run(breach, lambda args: runner.invoke(app, args, catch_exceptions=False), DEMO_DIR)

    files = sorted(p for p in (DEMO_DIR / "spool").rglob("*") if p.is_file())
    print(
        f"\nThe {len(files)} message files (one per notice, plus its JSON attachment) are under {DEMO_DIR / 'spool'}:"
    )
    for path in files:
        print(f"  {path.relative_to(DEMO_DIR)}")
    print("\nEach notice carries a signed acknowledgement link; `breach serve` answers it (GET shows, POST records).")
    print(f"Its keys (audit.key, signing-key.pem: demo only) and the anchor log are beside it in {DEMO_DIR}.")
    print("Run `make demo` again for a fresh run; `.venv/bin/breach` with")
    print(f"BREACH_DATABASE_URL=sqlite:///{DEMO_DIR / 'breach.db'} explores the result (worklist, show, outbox list).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
