"""A key's prefix is what an operator types to revoke it, so it never starts with "-" (an option to the CLI)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from flows.db import unit_of_work
from flows.web import api_keys


def test_a_prefix_never_reads_as_an_option(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter(["-0qm-_eO" + "a" * 35, "Rz0qm-_e" + "b" * 35])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda _n: next(draws))
    with unit_of_work(db) as session:
        row, key = api_keys.create_key(
            session=session,
            role="security",
            holder="SOC tooling",
            customer=None,
            actor="test",
            now=datetime(2026, 12, 5, tzinfo=UTC),
        )
    assert row.prefix == "Rz0qm-_e"
    assert key.startswith(api_keys.KEY_MARK + "Rz0qm-_e")
