"""The API world with our sub-processors imported and a key bound to each (issue 21)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from flows.usecases.chain.directory import import_subprocessors
from flows.web import api_keys
from tests.api.support import T0, World

SUBPROCESSORS = {
    "subprocessors": [
        {
            "name": "Mailflow Relay BV",
            "country": "NL",
            "agreement_date": "2025-03-01",
            "contacts": [{"label": "security desk", "email": "security@mailflow.example.org"}],
            "services": [{"ours": "mail-hosting", "theirs": ["relay-eu", "smtp-out"]}],
        },
        {
            "name": "Datastore Inc.",
            "country": "US",
            "agreement_date": "2024-06-15",
            "transfer_mechanism": "scc",
            "transfer_reference": "Commission Implementing Decision (EU) 2021/914, module 3",
            "contacts": [{"email": "ir@datastore.example.org"}],
            "services": [{"ours": "crm-cloud", "theirs": ["db-eu"]}],
        },
    ]
}


def add_chain(world: World) -> dict[str, str]:
    """Import the sub-processors; a key for Mailflow, one revoked; returns the keys by name."""
    with Session(world.engine, expire_on_commit=False) as session:
        import_subprocessors(SUBPROCESSORS, session=session, actor="setup", now=T0 - timedelta(days=1), source="test")
        keys = {}
        for name, holder in (("mailflow", "Mailflow intake"), ("mailflow_revoked", "Mailflow old")):
            _row, keys[name] = api_keys.create_key(
                session=session,
                role="subprocessor",
                holder=holder,
                customer=None,
                subprocessor="Mailflow Relay BV",
                actor="setup",
                now=T0 - timedelta(days=1),
            )
        api_keys.revoke_key(keys["mailflow_revoked"][4:12], session=session, actor="setup", now=T0 - timedelta(hours=1))
        session.commit()
    return keys
