"""The notice's JSON attachment, schema 1.4 (issues 17 and 20): what a machine reads without parsing display text.

Built by ``notifications.context.build.notice_context`` from rows, as the sender builds it: every display
time has an ISO 8601 UTC twin denoting the same instant, authorities and services carry their ids and
codes, null facts are listed, our DPO's phone is null when not set, a financial entity gets its DORA
block (1.4); and the document stays valid against every earlier 1.x schema (a minor version only adds).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import jsonschema
import pytest

from breach.db.models.directory import Customer
from breach.db.models.incidents import Incident
from breach.db.models.outbox import Notice
from breach.dora import DoraFacts, information
from breach.vocabulary import CustomerRole, DetailLevel, Language, NoticeKind
from notifications.context.build import FactsView, Person, ServiceLine, notice_context
from notifications.context.dora import dora_view
from notifications.context.models import facts_not_yet_known
from notifications.context.notice import NoticeContext
from notifications.render import payload
from tests.notice_contexts import SENDER

# The night the clocks go back in Brussels: 02:30 happens twice, only the offset tells which.
OCCURRED = datetime(2025, 10, 26, 0, 30, 5, tzinfo=UTC)
DETECTED = datetime(2025, 10, 26, 1, 30, tzinfo=UTC)
AWARE = datetime(2025, 10, 26, 9, 5, tzinfo=UTC)
NOW = datetime(2025, 10, 27, 15, 30, tzinfo=UTC)
FACTS: dict[str, Any] = {
    "breach_types": ["confidentiality"],
    "data_categories": ["contact", "identity"],
    "data_subjects": 1200,
    "exfiltration": "cannot_rule_out",
}
SERVICES = (
    ServiceLine(code="crm-cloud", name="CRM cloud", data_subjects=1200, data_kinds=("contact_details",)),
    ServiceLine(code="hosted-mail", name="Hosted e-mail", data_subjects=40),
)
FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER


def _schema(version: str) -> dict[str, Any]:
    text = resources.files("notifications").joinpath(f"schemas/breach-notice-{version}.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _as_earlier(version: str) -> dict[str, Any]:
    """An earlier schema with its version stamp relaxed: everything else it says must still hold."""
    schema = _schema(version)
    for stamp in ("schema", "schema_version"):
        schema["properties"][stamp] = {"type": "string"}
    return schema


def _context(
    *,
    facts: dict[str, Any] | None = FACTS,
    occurred: datetime | None = OCCURRED,
    aware: datetime | None = AWARE,
    timezone: str = "Europe/Brussels",
    others: tuple[str, ...] = ("NL-AP", "FR-CNIL"),
    sender_phone: str = "+32 2 000 00 00",
) -> NoticeContext:
    notice = Notice(notice_key="nk-json-1", kind=NoticeKind.INITIAL, phase=1, language=Language.EN, details={})
    incident = Incident(
        reference="INC-2025-0077",
        title="Unauthorised access to the CRM database",
        description="Found by the SIEM.",
        reported_by="soc@wolkenwerk.example.org",
        occurred_at=occurred,
        detected_at=DETECTED,
        aware_at=aware,
        narrative={"nature": "An attacker read the CRM database.", "not_yet_known": ["likely_consequences"]},
        facts=facts,
    )
    customer = Customer(
        name="Brouwerij Voorbeeld BV",
        role=CustomerRole.CONTROLLER,
        language=Language.EN,
        timezone=timezone,
        lead_authority="BE-GBA",
        other_authorities=list(others),
    )
    sender = SENDER.model_copy(update={"dpo": Person(name="An Janssens", email=SENDER.dpo.email, phone=sender_phone)})
    return notice_context(
        notice=notice,
        incident=incident,
        customer=customer,
        case=None,
        services=SERVICES,
        detail=DetailLevel.FULL,
        sender=sender,
        now=NOW,
    )


def _document(context: NoticeContext) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(payload.encode(context))
    return loaded


DISPLAY = re.compile(r"^(\d{4}-\d\d-\d\d) (\d\d:\d\d(?::\d\d)?) \S+ \(([+-]\d\d:\d\d)\)$")


def _display_instant(text: str) -> datetime:
    """The instant a display time (``format_local``'s form, e.g. "2025-10-26 02:30 CET (+01:00)") denotes."""
    match = DISPLAY.match(text)
    assert match is not None, text
    day, clock, offset = match.groups()
    return datetime.fromisoformat(f"{day}T{clock}{offset}")


def _utc_instant(text: str) -> datetime:
    assert text.endswith("+00:00"), text
    return datetime.fromisoformat(text)


CASES: dict[str, dict[str, Any]] = {
    "complete": {},
    "no facts, no occurrence, not yet aware": {"facts": None, "occurred": None, "aware": None},
    "a half-hour zone": {"timezone": "Asia/Kolkata", "others": ()},
    "no DPO phone (spool only)": {"sender_phone": ""},
}


@pytest.mark.parametrize("case", CASES)
def test_the_document_is_valid_against_1_4_and_every_earlier_schema(case: str) -> None:
    """Version 1.4 stamps itself and validates; so does it against 1.3, 1.2, 1.1 and 1.0 with their stamp
    relaxed, except the DPO's null phone (before 1.3), which only a spool (demo, test) delivery can carry."""
    document = _document(_context(**CASES[case]))
    assert (document["schema_version"], document["schema"]) == ("1.4", _schema("1.4")["$id"])
    jsonschema.validate(document, _schema("1.4"), format_checker=FORMAT_CHECKER)
    jsonschema.validate(document, _as_earlier("1.3"), format_checker=FORMAT_CHECKER)
    if document["processor"]["dpo"]["phone"] is None:
        with pytest.raises(jsonschema.ValidationError, match="None is not of type 'string'"):
            jsonschema.validate(document, _as_earlier("1.2"))
        return
    for earlier in ("1.2", "1.1", "1.0"):
        jsonschema.validate(document, _as_earlier(earlier), format_checker=FORMAT_CHECKER)


def test_a_financial_entity_gets_the_dora_block_and_others_null() -> None:
    """1.4: per criterion of 2024/1772 what we know, a moment with its UTC twin; null for other customers."""
    assert _document(_context())["dora"] is None
    lines = dora_view(
        information(DoraFacts(detected_at=DETECTED, data_subjects=1200, services=("CRM cloud",), countries=("BE",))),
        "Europe/Brussels",
    )
    context = _context().model_copy(update={"financial_entity": True, "dora": lines})
    document = _document(context)
    jsonschema.validate(document, _schema("1.4"), format_checker=FORMAT_CHECKER)
    jsonschema.validate(document, _as_earlier("1.3"), format_checker=FORMAT_CHECKER)
    dora = document["dora"]
    assert [c["criterion"] for c in dora["criteria"]] == [line.criterion for line in lines]
    facts = [f for c in dora["criteria"] for f in c["facts"]]
    moments = [f for f in facts if f["kind"] == "moment" and f["value"] is not None]
    assert moments
    assert all(_display_instant(f["value"]) == _utc_instant(f["value_utc"]) for f in moments)
    assert all(f["value_utc"] is None for f in facts if f["kind"] != "moment")
    assert {"key": "data_subjects", "kind": "number", "value": 1200, "value_utc": None} in facts


@pytest.mark.parametrize("case", CASES)
def test_every_display_time_has_a_utc_twin_that_denotes_the_same_instant(case: str) -> None:
    """times_utc has the keys of times; each pair parses to one instant, both null together; deadlines too."""
    document = _document(_context(**CASES[case]))
    times, twins = document["times"], document["times_utc"]
    assert set(twins) == set(times)
    for key, shown in times.items():
        assert (shown is None) == (twins[key] is None), key
        if shown is not None:
            assert _display_instant(shown) == _utc_instant(twins[key]), key
    deadlines = [d for d in document["deadlines"].values() if d is not None]
    assert deadlines
    for deadline in deadlines:
        assert _display_instant(deadline["due"]) == _utc_instant(deadline["due_utc"])


def test_the_utc_twins_are_the_stored_instants() -> None:
    """Not merely consistent with the display: exactly the incident's instants and the sending time, on UTC."""
    twins = _document(_context())["times_utc"]
    assert twins == {
        "occurred": "2025-10-26T00:30:05+00:00",
        "detected": "2025-10-26T01:30:00+00:00",
        "processor_aware": "2025-10-26T09:05:00+00:00",
        "sent": "2025-10-27T15:30:00+00:00",
    }


def test_the_facts_not_yet_known_are_the_null_facts_in_field_order() -> None:
    """With four facts left null, exactly those are listed, in the facts' field order; with none recorded,
    every fact is; narrative items stay in not_yet_known."""
    document = _document(_context())
    null_facts = [name for name, value in document["facts"].items() if value is None]
    assert len(null_facts) == 4
    assert sorted(document["not_yet_known_facts"]) == sorted(null_facts)
    assert document["not_yet_known_facts"] == ["data_subjects_max", "records", "malicious", "integrity_recoverable"]
    assert document["not_yet_known"] == ["likely_consequences"]
    empty = _document(_context(facts=None))
    assert (empty["facts"], empty["not_yet_known_facts"]) == (None, list(FactsView.model_fields))


def test_facts_not_yet_known_follows_each_null_fact() -> None:
    """Filling a fact takes it off the list, whichever it is."""
    full = {**FACTS, "data_subjects_max": 1500, "records": 9000, "malicious": True, "integrity_recoverable": None}
    facts = _context(facts=full).facts
    assert facts is not None
    assert facts_not_yet_known(facts) == ("integrity_recoverable",)
    assert facts_not_yet_known(facts.model_copy(update={"integrity_recoverable": False})) == ()


def test_authorities_and_services_carry_their_ids_and_codes() -> None:
    """The lead and other authorities as {id, name} in the directory's order; each service its code."""
    document = _document(_context())
    customer = document["customer"]
    assert customer["lead_authority"]["id"] == "BE-GBA"
    assert customer["lead_authority"]["name"] == _context().lead_authority
    assert [a["id"] for a in customer["other_authorities"]] == ["NL-AP", "FR-CNIL"]
    # An English reader under the Belgian authority: the CNIL's French name says its country (issue 17).
    assert customer["other_authorities"][1]["name"] == "Commission nationale de l'informatique et des libertés (France)"
    assert [(s["code"], s["name"]) for s in document["services"]] == [
        ("crm-cloud", "CRM cloud"),
        ("hosted-mail", "Hosted e-mail"),
    ]


def test_the_dpo_contact_is_complete_and_an_unset_phone_is_null() -> None:
    """Name, e-mail and phone; a phone not set is null, never an empty string."""
    assert _document(_context())["processor"]["dpo"] == {
        "name": "An Janssens",
        "email": SENDER.dpo.email,
        "phone": "+32 2 000 00 00",
    }
    assert _document(_context(sender_phone=""))["processor"]["dpo"]["phone"] is None


def test_the_1_4_schema_describes_every_field() -> None:
    """A receiver reads what each field means, and whether it is stable, from the schema itself."""
    undescribed: list[str] = []

    def walk(node: dict[str, Any], path: str) -> None:
        for name, child in node.get("properties", {}).items():
            if "description" not in child and "$ref" not in child:
                undescribed.append(f"{path}.{name}")
            walk(child, f"{path}.{name}")
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}[]")

    schema = _schema("1.4")
    walk(schema, "")
    for name, definition in schema["$defs"].items():
        walk(definition, f"$defs.{name}")
    assert undescribed == []
