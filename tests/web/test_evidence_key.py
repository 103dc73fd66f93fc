"""Our evidence public key served at its stable paths, by a live server on loopback (flows.evidence.publish)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import Engine

from flows.db import unit_of_work
from flows.evidence import signing
from flows.settings import Settings
from flows.web.app import create_app
from tests.api.support import serve
from tests.servers import free_port

SECRET = "web-test-secret-0123456789-abcdefghijkl"


def _serve(db: Engine, key_file: Path) -> Iterator[httpx.Client]:
    port = free_port()
    settings = Settings(
        database_url="sqlite://",
        ack_secret=SecretStr(SECRET),
        public_url=f"http://127.0.0.1:{port}",
        signing_key_file=str(key_file),
    )
    app = create_app(settings, unit_of_work=partial(unit_of_work, db))
    for base in serve(app, port):
        with httpx.Client(base_url=base, timeout=5) as client:
            yield client


@pytest.fixture
def served(db: Engine, tmp_path: Path) -> Iterator[tuple[httpx.Client, Path]]:
    key_file = tmp_path / "signing.pem"
    for client in _serve(db, key_file):
        yield client, key_file


def test_the_public_key_is_served_without_a_key_and_matches_ours(served: tuple[httpx.Client, Path]) -> None:
    """Before the key exists the paths answer 503; after ``create_key`` they serve its PEM and id, no login."""
    client, key_file = served
    assert client.get("/evidence/public-key.pem").status_code == 503
    public = signing.create_key(key_file).public_key()
    pem = client.get("/evidence/public-key.pem")
    assert (pem.status_code, pem.text) == (200, signing.public_pem(public))
    assert signing.key_id(signing.load_public(pem.content, "served")) == signing.key_id(public)
    described = client.get("/evidence/public-key").json()
    assert described == {"algorithm": "Ed25519", "key_id": signing.key_id(public), "pem": pem.text}
