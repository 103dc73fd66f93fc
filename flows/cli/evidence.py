"""``breach evidence``, ``breach audit`` and ``breach signing-key``: proof a third party can check.

``breach evidence REF CUSTOMER`` writes a signed evidence pack (an audit event); ``breach evidence verify
PACK --public-key FILE`` checks one with nothing but the pack and our public key. ``breach audit verify``
checks the keyed chain against its head, the anchor log, the anchors given with ``--anchors`` (anchor
logs, evidence packs, notices' JSON) and the heads our sent messages carried. ``breach audit anchor``
appends the head to the anchor log now (the watchdog does it every run). Exit codes: 0 intact, 1 a
break or a refused pack, 2 bad input or configuration.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from breach.errors import InvalidInput
from breach.records.store import audit
from flows import audit_wiring, db
from flows.cli.common import clock, err, handled, out
from flows.evidence import audit_anchors, build_pack, signing, verify_pack
from flows.settings import get_settings

signing_app = typer.Typer(no_args_is_help=True, help="Our Ed25519 key that signs evidence packs.")


def _read(path: Path, field: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(field, str(path), f"cannot be read ({exc.strerror})") from None


def _write_new(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InvalidInput("output", str(path), f"cannot be written ({exc.strerror})") from None


def evidence(
    first: Annotated[str, typer.Argument(help="The incident reference, or 'verify'.")],
    second: Annotated[str, typer.Argument(help="The customer's name, or (after 'verify') the pack file.")],
    output: Annotated[Path | None, typer.Option(help="The zip to write (default: EVIDENCE-REF-CUSTOMER.zip).")] = None,
    public_key: Annotated[
        Path | None, typer.Option("--public-key", help="With verify: our published public key (PEM); default ours.")
    ] = None,
) -> None:
    """`breach evidence REF CUSTOMER` writes the signed pack; `... verify FILE --public-key KEY` checks one."""
    if first == "verify":
        _verify_pack(Path(second), public_key)
        return
    settings = get_settings()
    with handled():
        now = clock.now()
        key = signing.own_key()
        with db.unit_of_work() as session:
            pack = build_pack(first, second, session=session, now=now, signing_key=key)
            audit.append(
                session=session,
                event_type="evidence.exported",
                actor=settings.operator,
                at=now,
                data={"reference": first, "sha256": pack.sha256, "files": pack.files},
                content=pack.data,
            )
        target = output or Path(f"EVIDENCE-{first}-{''.join(c if c.isalnum() else '-' for c in second)}.zip")
        _write_new(target, pack.data)
    out.print(
        f"{target}: {pack.files} files, {pack.sent_messages} sent messages, {pack.audit_events} audit events; "
        f"SHA-256 {pack.sha256}; signed with key {signing.key_id(key.public_key())}"
    )


def _verify_pack(path: Path, public_key: Path | None) -> None:
    with handled():
        data = _read(path, "file")
        key = (
            signing.load_public(_read(public_key, "public key"), str(public_key))
            if public_key is not None
            else signing.own_key().public_key()
        )
    problems = verify_pack(data, key)
    for problem in problems:
        err.print(f"error: {problem}", markup=False)
    if problems:
        err.print(f"{path}: evidence pack refused ({len(problems)} problems)", markup=False)
        raise typer.Exit(1)
    out.print(f"{path}: evidence pack intact, signed by key {signing.key_id(key)}", markup=False)


def audit_verify(
    anchors: Annotated[
        list[Path] | None,
        typer.Option("--anchors", help="An anchor log, an evidence pack or a notice's JSON; repeat for more."),
    ] = None,
) -> None:
    """Check the keyed chain against its head, the anchors given, the anchor log and our sent messages."""
    settings = get_settings()
    with handled():
        keyring = audit_wiring.settings_keyring()
        found = audit_anchors.Found()
        files = list(anchors or [])
        log = Path(settings.anchor_log)
        if log.exists() and all(p.resolve() != log.resolve() for p in files):
            files.insert(0, log)
        elif not log.exists():
            found.problems.append(f"{log}: no anchor log yet (BREACH_ANCHOR_LOG; the watchdog writes it)")
        for path in files:
            audit_anchors.read_file(path, keyring, found)
        with db.unit_of_work() as session:
            found.anchors.extend(audit_anchors.sent_heads(session=session))
            breaks = audit.check(session=session, anchors=found.anchors)
            head = audit.head_of(session=session)
    for problem in found.problems:
        err.print(f"warning: {problem}", markup=False)
    for item in breaks:
        err.print(f"error: audit chain broken at event {item.seq}: {item.problem}", markup=False)
    if breaks:
        raise typer.Exit(1)
    end = head[0] if head is not None else 0
    sources = ", ".join(str(p) for p in files) or "no anchor file"
    out.print(f"audit chain intact: {end} events, checked against {len(found.anchors)} anchors ({sources})")


def audit_anchor() -> None:
    """Append the chain's head to the anchor log now (BREACH_ANCHOR_LOG); the watchdog does it every run."""
    settings = get_settings()
    with handled():
        keyring = audit_wiring.settings_keyring()
        path = Path(settings.anchor_log)
        with db.unit_of_work() as session:
            try:
                anchor = audit_anchors.append_head(path, session=session, keyring=keyring, now=clock.now())
            except OSError as exc:
                raise InvalidInput("BREACH_ANCHOR_LOG", str(path), f"cannot be appended to ({exc.strerror})") from None
    if anchor is None:
        out.print(f"{path}: already records the head (or the chain is empty)")
    else:
        out.print(f"{path}: head anchored at event {anchor.seq}")


def audit_new_key() -> None:
    """Print a fresh audit key (64 hex characters) for BREACH_AUDIT_KEY; keep it outside the database."""
    print(audit_wiring.new_key())


@signing_app.command("create")
def signing_create() -> None:
    """Make our evidence signing key at BREACH_SIGNING_KEY_FILE (mode 0600; an existing key is kept)."""
    path = Path(get_settings().signing_key_file)
    with handled():
        key = signing.create_key(path)
    err.print(f"{path}: signing key {signing.key_id(key.public_key())} created (mode 0600)", markup=False)
    print(signing.public_pem(key.public_key()), end="")


@signing_app.command("public")
def signing_public() -> None:
    """Print our public key (PEM): what customers verify evidence packs with."""
    with handled():
        key = signing.own_key()
    print(signing.public_pem(key.public_key()), end="")


def register(app: typer.Typer, audit_app: typer.Typer) -> None:
    app.command("evidence")(evidence)
    app.add_typer(signing_app, name="signing-key")
    audit_app.command("verify")(audit_verify)
    audit_app.command("anchor")(audit_anchor)
    audit_app.command("new-key")(audit_new_key)
