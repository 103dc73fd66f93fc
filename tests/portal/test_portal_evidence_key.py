"""The case page points the customer at our evidence public key, and the pack it downloads verifies with it."""

from __future__ import annotations

import httpx

from flows.evidence import signing, verify_pack
from tests.api.support import World, sign_in


def test_the_case_page_links_the_public_key_that_verifies_the_pack(world: World) -> None:
    """The linked key, fetched without a session, verifies the pack downloaded from the same page."""
    with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as client:
        assert sign_in(client, world.keys["customer_a"]).status_code == 303
        page = client.get(f"/portal/cases/{world.case_a}")
        pack = client.get(f"/portal/cases/{world.case_a}/evidence")
    assert page.status_code == 200
    assert 'href="/evidence/public-key.pem"' in page.text
    published = world.client.get("/evidence/public-key.pem")
    key = signing.load_public(published.content, "the portal's link")
    assert verify_pack(pack.content, key) == []
