"""The evidence pack of an incident our sub-processor reported shows our link of the chain (issue 21): what we
received (their notice key, form and the notice's hash), when and from whom, and our awareness from it."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from sqlmodel import Session

from breach.vocabulary import Language
from flows.evidence import build_pack, verify_pack
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
from tests.db.chain.test_chain_awareness import CONFIRMED, NOTICE, RECEIVED, facts, reported_by_subprocessor, world
from tests.factories import customer


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_the_pack_holds_what_we_received_when_and_from_whom(session: Session) -> None:
    reference = reported_by_subprocessor(session)
    confirm_incident(reference, session=session, actor="dpo", now=CONFIRMED, fallback_language=Language.EN)
    session.commit()
    pack = build_pack(reference, customer()["name"], session=session, now=CONFIRMED)
    files = _files(pack.data)
    chain = json.loads(files["chain.json"])
    canonical = json.dumps(NOTICE, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert chain == {
        "received": [
            {
                "from": {"subprocessor": "Mailflow Relay BV", "country": "NL"},
                "notice_key": "MF-2026-17",
                "form": "minimal",
                "schema_version": None,
                "received_at": RECEIVED.isoformat(),
                "received_by": "t",
                "their_aware_at": "2026-03-27T08:30:00+00:00",
                "services": [{"theirs": "relay-eu", "ours": ["mail-hosting"]}],
                "notice_sha256": hashlib.sha256(canonical.encode()).hexdigest(),
            }
        ],
        "our_awareness": RECEIVED.isoformat(),
    }
    assert b"mailflow.example.org" not in files["chain.json"]
    assert b"wrong tenant" not in files["chain.json"]
    assert "chain.json" in json.loads(files["manifest.json"])["files"]
    assert verify_pack(pack.data) == []


def test_a_pack_of_an_incident_no_subprocessor_reported_has_no_chain_file(session: Session) -> None:
    world(session)
    draft = IncidentDraft("Relay misdelivery", "Mail went astray.", ["mail-hosting"], RECEIVED)
    reference = open_incident(draft, session=session, actor="sec", now=RECEIVED).reference
    facts(reference, session)
    confirm_incident(reference, session=session, actor="dpo", now=CONFIRMED, fallback_language=Language.EN)
    session.commit()
    pack = build_pack(reference, customer()["name"], session=session, now=CONFIRMED)
    assert "chain.json" not in _files(pack.data)
    assert verify_pack(pack.data) == []
