"""The API's refusals, in one shape: ``{"error": {"field", "value", "problem"}}`` with its HTTP status.

Our own refusals (``ApiError``, the legal core's ``InvalidInput``, ``NotFound``, ``Contradiction``,
``IllegalTransition``, an acknowledgement already recorded, a setting of ours missing: 503) and FastAPI's
(validation, unknown paths and methods, an undecodable body) all answer in it, so a security tool parses
one format.
"""

from __future__ import annotations

import json
from typing import Any, Final, cast

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pydantic_core import ErrorDetails
from starlette.exceptions import HTTPException as StarletteHTTPException

from breach import refusals
from breach.errors import ConfigurationError, Contradiction, IllegalTransition, InvalidInput, NotFound
from flows.web.api.text import TextRefused, has_lone_surrogate, lone_surrogate_at
from flows.web.limits import BodyTooLarge
from notifications import ack

# A refused value is echoed so its sender sees what was wrong, cut short so a body cannot be mirrored back.
_VALUE_LENGTH: Final = 120


class ApiError(Exception):
    """A refusal with its HTTP status, in the engine's error shape."""

    def __init__(
        self, status: int, field: str, value: object, problem: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(problem)
        self.status = status
        self.field = field
        self.value = value
        self.problem = problem
        self.headers = headers


def _shown(value: object) -> object:
    try:
        encoded = jsonable_encoder(value)
    except (TypeError, ValueError):
        encoded = str(value)
    # A value that is not Unicode text cannot be written as JSON in UTF-8: it is left out, never "repaired".
    if lone_surrogate_at(encoded) is not None:
        return None
    if isinstance(encoded, str) and len(encoded) > _VALUE_LENGTH:
        return encoded[:_VALUE_LENGTH] + "…"
    if isinstance(encoded, dict | list):
        # Too long to echo whole: its JSON text, cut, never a Python repr ({'a': 1}) a JSON client cannot read.
        text = json.dumps(encoded, ensure_ascii=False, separators=(", ", ": "))
        if len(text) > _VALUE_LENGTH:
            return text[:_VALUE_LENGTH] + "…"
    return encoded


def error_response(
    status: int, field: str, value: object, problem: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    field = field if not has_lone_surrogate(field) else "body"
    body = {"error": {"field": field, "value": _shown(value), "problem": problem}}
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_field(error: dict[str, Any]) -> str:
    if error.get("type") == "json_invalid":
        return "body"
    loc = [str(p) for p in error.get("loc", ())]
    if loc and loc[0] in {"body", "query", "path", "header", "cookie"}:
        loc = loc[1:]
    return ".".join(loc) or "body"


def _body_model(request: Request, error: dict[str, Any]) -> type[BaseModel] | None:
    """The model of the route's body, for naming the closest known field of a misspelt one."""
    route = request.scope.get("route")
    body = getattr(route, "body_field", None)
    if not error.get("loc") or error["loc"][0] != "body" or body is None:
        return None
    annotation = getattr(getattr(body, "field_info", None), "annotation", None)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def install_handlers(app: FastAPI) -> None:
    """Every refusal in the API's error shape."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI answers a body it cannot decode (not UTF-8) with a bare 400; like invalid JSON, it is a 422
        # here. Unknown paths and methods keep their status, in our error shape.
        if exc.status_code == 400:
            return error_response(422, "body", None, "not JSON in UTF-8")
        headers = dict(exc.headers) if exc.headers else None
        return error_response(exc.status_code, "path", None, str(exc.detail), headers)

    @app.exception_handler(BodyTooLarge)
    async def too_large(_request: Request, exc: BodyTooLarge) -> JSONResponse:
        return error_response(413, "body", None, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(TextRefused)
    async def not_text(_request: Request, exc: TextRefused) -> JSONResponse:
        return error_response(422, exc.field, None, exc.problem)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.field, exc.value, exc.problem, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = cast("list[ErrorDetails]", list(exc.errors()))
        first: dict[str, Any] = dict(refusals.reported(errors)) if errors else {}
        value = None if first.get("type") == "missing" else first.get("input")
        if "type" in first and "msg" in first:
            model = _body_model(request, first)
            # The body's own fields: the model's, under the "body" FastAPI puts first.
            in_body = {**first, "loc": tuple(first["loc"])[1:]} if model is not None else first
            problem = refusals.problem(cast("ErrorDetails", in_body), model)
        else:
            problem = str(first.get("msg", "invalid"))
        return error_response(422, _validation_field(first), value, problem)

    @app.exception_handler(ack.AlreadyAcknowledged)
    async def acknowledged(_request: Request, exc: ack.AlreadyAcknowledged) -> JSONResponse:
        return error_response(409, "notice", None, exc.problem)

    @app.exception_handler(Contradiction)
    async def contradiction(_request: Request, exc: Contradiction) -> JSONResponse:
        return error_response(409, exc.field, exc.value, exc.problem)

    @app.exception_handler(InvalidInput)
    async def invalid(_request: Request, exc: InvalidInput) -> JSONResponse:
        return error_response(422, exc.field, exc.value, exc.problem)

    @app.exception_handler(NotFound)
    async def not_found(_request: Request, exc: NotFound) -> JSONResponse:
        return error_response(404, exc.kind, exc.key, f"no such {exc.kind}")

    @app.exception_handler(ConfigurationError)
    async def unconfigured(_request: Request, exc: ConfigurationError) -> JSONResponse:
        # Our side is not set up for what was asked (our DPO's contact before a real notice): nothing was
        # written, and the same request succeeds once the named settings are complete.
        return error_response(503, "settings", None, str(exc))

    @app.exception_handler(IllegalTransition)
    async def illegal(_request: Request, exc: IllegalTransition) -> JSONResponse:
        return error_response(409, "status", exc.current, str(exc).removeprefix("status: "))
