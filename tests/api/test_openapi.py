"""The published OpenAPI document, and schemathesis against every operation it describes.

Schemathesis reads ``/openapi.json`` from the live server and draws requests from it, schema-valid and
schema-violating alike, for every operation, each with a key of a role allowed there. Its checks (no server
error, a documented status and content type, a body conforming to the documented schema, schema-violating
input refused, authentication enforced) run on every answer; around each request this test checks what
schemathesis cannot see: a refused request (4xx) stores nothing. Path parameters and a few body fields are
drawn now and then from dictionaries of real references, cases, notices, services and events, so requests
reach past the 404 and into the use cases. Bounded: ``MAX_EXAMPLES`` per operation, derandomised.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.result import Ok
from sqlalchemy import Engine

from breach.deadlines import events
from flows.web.api_keys import FailureLimiter
from tests.api.support import World, snapshot, world_for

MAX_EXAMPLES = 25
# The roles allowed on each tag of the document (tests/api/test_access_matrix.py checks the others).
# The world has no sub-processor key: intake is fuzzed for its refusals here (a notice it cannot map is refused
# AND alerts a person, a write by design: tests/api/chain/test_intake_notices.py covers it and the rest).
ROLES = {
    "incidents": ("security", "dpo"),
    "customers": ("customer_a", "customer_b"),
    "intake": ("security",),
    "communications": ("security", "dpo"),
}


@pytest.fixture
def fuzz_world(db: Engine) -> Iterator[World]:
    """The API tests' world with a failure limiter that never trips: schemathesis sends bad keys on purpose
    (``ignored_auth``), and a tripped limiter would answer 429 to everything after."""
    yield from world_for(db, limiter=FailureLimiter(limit=1_000_000, window=60))


def test_the_document_is_published_and_well_formed(world: World) -> None:
    """/openapi.json is OpenAPI 3.1 with every API route, bearer security, and valid JSON Schemas throughout."""
    document = world.client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert set(document["paths"]) == {
        "/incidents",
        "/incidents/{reference}",
        "/incidents/{reference}/facts",
        "/incidents/{reference}/confirm",
        "/incidents/{reference}/dismiss",
        "/incidents/{reference}/override",
        "/incidents/{reference}/nis2/assess",
        "/incidents/{reference}/nis2/override",
        "/me/cases",
        "/me/cases/{case_id}",
        "/me/cases/{case_id}/reports",
        "/me/cases/{case_id}/notices/{notice_id}/acknowledge",
        "/me/cases/{case_id}/evidence",
        "/me/cases/{case_id}/packs/{kind}",
        "/me/subprocessors",
        "/me/subprocessor-changes",
        "/me/subprocessor-changes/{reference}/objection",
        "/intake/notices",
        "/incidents/{reference}/intake/accept",
        "/requests",
        "/instructions",
        "/instructions/{reference}/concern",
        "/me/instructions",
        "/me/instructions/{reference}/answer",
        "/me/communications",
        "/me/communications/{notice_key}/acknowledge",
    }
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation["security"] == [{"HTTPBearer": []}], (method, path)
            assert {"401", "403", "422"} <= set(operation["responses"]), (method, path)
    refs = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', str(document).replace("'", '"'))
    assert refs
    assert set(refs) <= set(document["components"]["schemas"])


def _config(world: World) -> schemathesis.Config:
    """Checks and dictionaries: values a request must carry now and then to get past a 404 or a 422."""
    case_events = [name for name, spec in events.EVENTS.items() if spec.scope == "case"]
    dictionaries = {
        "references": [world.confirmed, world.reported],
        "cases": [str(world.case_a), str(world.case_b)],
        "notices": [str(world.notice_a), str(world.notice_b)],
        "services": ["mail-hosting", "crm-cloud"],
        "events": case_events,
        # Two plausible times, and two at the edges of the calendar that overflow when converted to UTC.
        "times": [
            "2026-03-27T08:50:00+00:00",
            "2026-03-27T09:55:00+01:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
        ],
        # Text a person might type, and a NUL (PostgreSQL text cannot hold one).
        "texts": ["Jan Peeters", "Ünïcødé ✓ <b>bold</b>", "NUL \u0000 inside"],
    }
    bindings = {
        "path.reference": "references",
        "path.case_id": "cases",
        "path.notice_id": "notices",
        "body.services[*]": "services",
        "body.event": "events",
        "body.at": "times",
        "body.detected_at": "times",
        "body.aware_at": "times",
        "body.occurred_at": "times",
        "body.title": "texts",
        "body.description": "texts",
        "body.reason": "texts",
        "body.name": "texts",
        "body.details.authority_reference": "texts",
        "body.received_at": "times",
        "body.text": "texts",
    }
    return schemathesis.Config.from_dict(
        {
            # Our keys are sent by the test (a role per operation); schemathesis's own would be refused.
            "generation": {"with-security-parameters": False},
            "checks": {
                # A schema-valid request may still be refused with 422 by a rule of the domain (an unknown
                # service, an event before the incident's awareness, an incomplete narrative at confirmation).
                "positive_data_acceptance": {"enabled": False},
            },
            "dictionaries": {name: {"values": values} for name, values in dictionaries.items()},
            "parameters": {key: {"dictionary": name, "probability": 0.7} for key, name in bindings.items()},
        }
    )


Operation = schemathesis.APIOperation[Any, Any, Any, Any]


def _fuzz(world: World, operation: Operation, statuses: Counter[int]) -> None:
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    roles = ROLES[(operation.tags or ["?"])[0]]

    # No shrinking: a failure already names the request (with a curl line), and shrinking against a live
    # server on two cores can take minutes.
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(case=strategy, data=st.data())
    def check(case: schemathesis.Case[Any], data: st.DataObject) -> None:
        headers = world.auth(data.draw(st.sampled_from(roles), label="role"))
        before = snapshot(world.engine)
        response = case.call(headers=headers, timeout=10)
        statuses[response.status_code] += 1
        if 400 <= response.status_code < 500:
            assert snapshot(world.engine) == before, (
                f"{operation.label} answered {response.status_code} but stored something:\n"
                + case.as_curl_command(headers=headers)
            )
        case.validate_response(response, headers=headers, transport_kwargs={"headers": headers})

    check()


def test_schemathesis_finds_no_server_error_and_a_refusal_stores_nothing(fuzz_world: World) -> None:
    """Every operation of /openapi.json, fuzzed with the keys of its roles: schemathesis's checks pass, and no
    4xx answer leaves a row or an audit event behind."""
    world = fuzz_world
    schema = schemathesis.openapi.from_url(f"{world.base}/openapi.json", config=_config(world))
    statuses: Counter[int] = Counter()
    labels = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # an operation the document describes badly
        operation = result.ok()
        labels.append(operation.label)
        _fuzz(world, operation, statuses)
    assert len(labels) == 27, labels  # 26 paths, two operations on /incidents
    # The run reached the use cases (not only refusals) and never tripped the limiter.
    assert statuses[200] + statuses[201] + statuses[202] >= 50, statuses
    assert 429 not in statuses, statuses
