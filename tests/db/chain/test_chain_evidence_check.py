"""`breach evidence verify` ties an incident pack's chain.json to the audit events it holds (issue 21): a file
that drifted from what we recorded is named even when the pack is signed."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session

from breach.vocabulary import Language
from flows.evidence import build_pack, verify_pack
from flows.evidence.build import _zip, sealed
from flows.evidence.records import MANIFEST, SIGNATURE
from flows.evidence.verify import read_zip
from flows.usecases.intake import confirm_incident
from tests.db.chain.test_chain_awareness import CONFIRMED, reported_by_subprocessor
from tests.factories import customer


def _resigned(data: bytes, key: Ed25519PrivateKey, session: Session, edit: dict[str, object] | None) -> bytes:
    """The pack with chain.json's first notice edited (or the file removed: ``None``), signed again with our key,
    as a faulty builder would sign it."""
    files = read_zip(data)
    manifest = json.loads(files.pop(MANIFEST))
    files.pop(SIGNATURE)
    if edit is None:
        files.pop("chain.json")
    else:
        chain = json.loads(files["chain.json"])
        chain["received"][0].update(edit)
        files["chain.json"] = json.dumps(chain).encode()
    sealed(
        files,
        reference=manifest["reference"],
        customer=manifest["customer"],
        now=CONFIRMED,
        key=key,
        sent=manifest["sent_messages"],
        session=session,
    )
    return _zip(files)


def test_chain_json_must_agree_with_the_audit_events(session: Session) -> None:
    reference = reported_by_subprocessor(session)
    confirm_incident(reference, session=session, actor="dpo", now=CONFIRMED, fallback_language=Language.EN)
    session.commit()
    key = Ed25519PrivateKey.generate()
    pack = build_pack(reference, customer()["name"], session=session, now=CONFIRMED, signing_key=key)
    assert verify_pack(pack.data, key.public_key()) == []

    later = _resigned(pack.data, key, session, {"received_at": "2026-03-27T09:40:00+00:00", "form": "breach-notice"})
    problems = verify_pack(later, key.public_key())
    assert any("received_at 2026-03-27T09:40:00+00:00 is not its audit event" in p for p in problems), problems
    assert any("form 'breach-notice'" in p for p in problems), problems

    other = _resigned(pack.data, key, session, {"notice_key": "MF-2026-99"})
    problems = verify_pack(other, key.public_key())
    assert any("(MF-2026-99 from Mailflow Relay BV) has no audit event" in p for p in problems), problems
    assert any("(MF-2026-17) that chain.json does not list" in p for p in problems), problems

    missing = _resigned(pack.data, key, session, None)
    problems = verify_pack(missing, key.public_key())
    assert any("the pack has no chain.json" in p for p in problems), problems
