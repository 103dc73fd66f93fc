"""``breach customers authorities`` lists the ids a directory file may name, with whom each supervises."""

from __future__ import annotations

from flows.cli.app import app
from tests.cli.cli_world import invoker

_run = invoker(app)


def test_the_listing_shows_every_authority_and_whom_it_supervises() -> None:
    """Without a filter: the BfDI and the Land authorities side by side, each with its competence."""
    code, out, _ = _run("customers", "authorities")
    assert code == 0
    for authority_id in ("BE-GBA", "DE-BFDI", "DE-BY-LDA", "ES-APDCAT", "NO-DT"):
        assert authority_id in out


def test_a_country_filter_keeps_that_country_only() -> None:
    """``--country es`` shows Spain's national and regional authorities, nothing of Germany."""
    code, out, _ = _run("customers", "authorities", "--country", "es")
    assert code == 0
    assert "ES-AEPD" in out
    assert "ES-CTPDA" in out
    assert "DE-BFDI" not in out
