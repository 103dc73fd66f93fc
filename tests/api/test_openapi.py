"""The published OpenAPI document, and a bounded property test against every operation it describes.

Schemathesis is not a dependency (it brings some 25 packages and its own pytest plugin); instead Hypothesis
draws requests from the document's own schemas, half of them well-typed and half arbitrary JSON, with every
key role, and checks what schemathesis would: no server error, an answer in the documented error shape, and
nothing stored from a rejected request.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.support import T0, World, snapshot

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


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
        "/me/cases",
        "/me/cases/{case_id}",
        "/me/cases/{case_id}/reports",
        "/me/cases/{case_id}/notices/{notice_id}/acknowledge",
        "/me/cases/{case_id}/evidence",
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


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _typed(  # noqa: PLR0911  (one answer per JSON Schema type)
    schema: dict[str, Any], document: dict[str, Any], depth: int = 0
) -> st.SearchStrategy[Any]:
    """Values of roughly the schema's type (edge cases included); arbitrary JSON where it says nothing."""
    schema = _resolve(schema, document)
    if "anyOf" in schema:
        return st.one_of([_typed(s, document, depth + 1) for s in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"]) | st.text(max_size=10)
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date-time":
            return st.sampled_from(
                [T0.isoformat(), "2026-03-27T08:00:00", "2099-01-01T00:00:00+00:00", "not a time", ""]
            )
        return st.text(max_size=40) | st.sampled_from(["mail-hosting", "authority-notified", "high", ""])
    if kind == "integer":
        return st.integers(min_value=-(2**40), max_value=2**40)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array" and depth < 3:
        return st.lists(_typed(schema.get("items", {}), document, depth + 1), max_size=3)
    if kind == "object" and depth < 3:
        properties = schema.get("properties", {})
        if not properties:
            return st.dictionaries(st.text(max_size=10), JSON, max_size=3)
        return st.fixed_dictionaries(
            {}, optional={name: _typed(sub, document, depth + 1) for name, sub in properties.items()}
        )
    return JSON


def test_no_request_breaks_the_server_or_stores_anything_when_refused(world: World) -> None:
    """Bounded random requests to every operation: never a 5xx, errors in our shape, a refusal writes nothing."""
    document = world.client.get("/openapi.json").json()
    operations = [(path, method, op) for path, item in document["paths"].items() for method, op in item.items()]
    roles = ["security", "dpo", "customer_a", "customer_b"]  # a bad key is tested beside; it would trip the limiter

    @settings(
        max_examples=120,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        path, method, operation = data.draw(st.sampled_from(operations))
        values = {
            "reference": data.draw(st.sampled_from([world.confirmed, world.reported, "BR-2026-0999", "x"])),
            "case_id": data.draw(st.sampled_from([str(world.case_a), str(world.case_b), str(uuid4()), "1"])),
            "notice_id": data.draw(st.sampled_from([str(world.notice_a), str(world.notice_b), str(uuid4())])),
        }
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        headers = world.auth(data.draw(st.sampled_from(roles)))
        body: Any = None
        if "requestBody" in operation:
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            body = data.draw(_typed(schema, document) | JSON)
        if method == "post" and path == "/incidents" and data.draw(st.booleans()):
            headers["Idempotency-Key"] = data.draw(st.sampled_from(["k1", "k2", "bad key"]))
        query = (
            {"status": data.draw(st.sampled_from(["reported", "nope"]))}
            if method == "get" and path == "/incidents"
            else None
        )
        before = snapshot(world.engine)
        answer = world.client.request(method.upper(), url, json=body, headers=headers, params=query)
        assert answer.status_code < 500, (method, url, body, answer.text)
        if answer.status_code >= 400:
            assert set(answer.json()) == {"error"}, answer.text
            assert set(answer.json()["error"]) == {"field", "value", "problem"}
            assert snapshot(world.engine) == before, (method, url, body, answer.status_code)

    check()
