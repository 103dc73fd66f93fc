"""Without our signing key the API serves no evidence pack, unsigned or otherwise: a 503 naming why."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.settings import get_settings
from tests.api.support import World


def test_no_signing_key_is_a_503_not_an_unsigned_pack(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GET /me/cases/{id}/evidence answers 503 in the API's error shape when the key file is missing."""
    monkeypatch.setenv("BREACH_SIGNING_KEY_FILE", str(tmp_path / "absent.pem"))
    get_settings.cache_clear()
    try:
        answer = world.client.get(f"/me/cases/{world.case_a}/evidence", headers=world.auth("customer_a"))
    finally:
        get_settings.cache_clear()
    assert answer.status_code == 503, answer.text
    assert answer.json()["error"]["field"] == "evidence"
    assert "absent.pem" not in answer.text
