"""GET /me/cases/{id}/packs/{kind}: a customer downloads our drafts for its own case, in its own language."""

from __future__ import annotations

import html
from typing import Final

import pytest

from notifications.packs.case_packs import PACK_FORMATS, PACK_KINDS, PackKind
from tests.api.support import CUSTOMER_A, CUSTOMER_B, World, snapshot

CONTENT_TYPES: Final = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}
# Each pack's title in the customers' languages: A writes Dutch, B French (templates/_packs).
TITLES: Final[dict[str, dict[PackKind, str]]] = {
    "nl": {
        "authority": "Ontwerpen van melding aan de toezichthoudende autoriteiten",
        "subjects": "Ontwerp van mededeling aan de betrokkenen",
        "dpia": "Ondersteuning bij uw gegevensbeschermingseffectbeoordeling",
    },
    "fr": {
        "authority": "Projets de notification aux autorités de contrôle",
        "subjects": "Projet de communication aux personnes concernées",
        "dpia": "Aide à votre analyse d'impact relative à la protection des données",
    },
}


@pytest.mark.parametrize("kind", PACK_KINDS)
def test_each_pack_in_each_format_in_the_customers_language(world: World, kind: PackKind) -> None:
    """Markdown (the default), HTML and JSON: the right content type, a PACK-REF-KIND.FMT attachment, the
    customer's language, its own case only; reading writes nothing."""
    before = snapshot(world.engine)
    for fmt in (None, *PACK_FORMATS):
        query = {} if fmt is None else {"format": fmt}
        answer = world.client.get(
            f"/me/cases/{world.case_a}/packs/{kind}", params=query, headers=world.auth("customer_a")
        )
        assert answer.status_code == 200, answer.text
        shown = fmt or "md"
        assert answer.headers["content-type"] == CONTENT_TYPES[shown]
        disposition = answer.headers["content-disposition"]
        assert disposition == f'attachment; filename="PACK-{world.confirmed}-{kind}.{shown}"'
        assert CUSTOMER_B not in answer.text
        assert "json://" not in answer.text
        if shown == "json":
            payload = answer.json()
            assert (payload["kind"], payload["language"], payload["reference"]) == (kind, "nl", world.confirmed)
            assert payload["customer_name"] == CUSTOMER_A
        elif shown == "md":
            assert answer.text.splitlines()[0] == f"# {TITLES['nl'][kind]} — {world.confirmed}"
        else:
            assert '<html lang="nl">' in answer.text
            assert TITLES["nl"][kind] in html.unescape(answer.text)
    assert snapshot(world.engine) == before


def test_a_french_customer_gets_its_packs_in_french(world: World) -> None:
    """Customer B's packs are in French, named for its case; the Dutch customer's name is nowhere."""
    for kind in PACK_KINDS:
        answer = world.client.get(f"/me/cases/{world.case_b}/packs/{kind}", headers=world.auth("customer_b"))
        assert answer.status_code == 200, answer.text
        assert answer.text.splitlines()[0] == f"# {TITLES['fr'][kind]} — {world.confirmed}"
        assert CUSTOMER_A not in answer.text
    page = world.client.get(
        f"/me/cases/{world.case_b}/packs/subjects", params={"format": "html"}, headers=world.auth("customer_b")
    )
    assert '<html lang="fr">' in page.text


@pytest.mark.parametrize(
    ("path", "query", "field", "value"),
    [
        ("packs/consultation", {}, "kind", "consultation"),
        ("packs/AUTHORITY", {}, "kind", "AUTHORITY"),
        ("packs/authority", {"format": "pdf"}, "format", "pdf"),
        ("packs/authority", {"format": ""}, "format", ""),
        ("packs/dpia", {"fmt": "md"}, "fmt", "md"),
    ],
)
def test_an_unknown_kind_or_format_is_a_422_naming_the_field(
    world: World, path: str, query: dict[str, str], field: str, value: str
) -> None:
    """An unknown pack, format or query parameter answers 422 in the API's error shape, naming it."""
    answer = world.client.get(f"/me/cases/{world.case_a}/{path}", params=query, headers=world.auth("customer_a"))
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert (error["field"], error["value"]) == (field, value)
    assert error["problem"]


def test_another_customers_case_is_not_found(world: World) -> None:
    """Customer A asking for a pack of B's case gets 404, as if the case did not exist; nothing of B shows."""
    before = snapshot(world.engine)
    for kind in PACK_KINDS:
        answer = world.client.get(f"/me/cases/{world.case_b}/packs/{kind}", headers=world.auth("customer_a"))
        assert answer.status_code == 404
        assert set(answer.json()) == {"error"}
        assert CUSTOMER_B not in answer.text
        assert world.confirmed not in answer.text
    assert snapshot(world.engine) == before
