"""The record of return or destruction of a whole customer's data (DPA clause 10(2)): retention's destruction
notice in its contract scope renders in every language, country, detail and role, within 78 columns, with its
own subject and words, no English outside what a person wrote, and nothing of an incident's retention."""

from __future__ import annotations

import pytest

from notifications.context.kinds.destruction import ContractLine, Destruction
from notifications.i18n.catalogues import message
from tests.english_words import english_in
from tests.notice_kind_contexts import destruction_context
from tests.notifications.rendering.test_words_in_language import COUNTRIES
from tests.rendered_text import flattened, render_context, visible_text

CONTRACT = Destruction(
    destroyed_at="2026-11-02 07:00 CET (+01:00)",
    closed_at="2026-11-01 00:00 CET (+01:00)",
    retention_days=0,
    removed=1844,
    removed_sha256="4b2f1e0c9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c",
    scope="contract",
    action="returned",
    services=(ContractLine(service="Cloud Mail", records=1204), ContractLine(service="Backup Vault", records=640)),
)


@pytest.mark.parametrize("language", sorted(COUNTRIES))
def test_the_contract_scope_renders_everywhere(language: str) -> None:
    for country in COUNTRIES[language]:
        for detail in ("full", "minimal"):
            for role in ("controller", "processor"):
                context = destruction_context(
                    language=language, detail=detail, customer_role=role, destruction=CONTRACT
                )
                context = context.model_copy(update={"country": country})
                rendered = render_context(context)
                words = message(language, "notice", "subject_destruction_contract").split("%(customer)s")[0].strip()
                assert words in rendered.subject
                assert max(len(line) for line in rendered.text.splitlines()) <= 78
                text = flattened(" ".join((rendered.subject, rendered.text, visible_text(rendered.html))))
                # Nothing of an incident's retention period: this is the customer's whole data.
                intro = message(language, "notice", "destruction_intro").split("%(processor)s")[0].strip()
                assert not intro or intro not in text
                if detail == "full":
                    assert CONTRACT.removed_sha256 in text
                    assert "Cloud Mail" in text
                    assert "Backup Vault" in text
                else:
                    assert "Cloud Mail" not in text
                if language != "en":
                    assert english_in(text, language, context) == set(), (country, detail, role)
