"""A pydantic validation error as the engine's refusal: the field where it is, the value, and a problem a
person can act on. The one place where the CLI (facts and other files) and the HTTP API (request bodies)
turn pydantic's errors into words, so both say the same.

A misspelt field is named with the closest known one (``data_subject: unknown field; did you mean
data_subjects?``), or with the fields that are known when none is close (issue 18).
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from breach.errors import InvalidInput


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation holds, through ``X | None``, ``list[X]``, ``dict[str, X]`` and ``Annotated``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if (found := _model_in(arg)) is not None:
            return found
    return None


def known_fields(model: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    """The field names (as written in input: aliases first) of the model found at ``loc`` under ``model``;
    empty when ``loc`` leaves the models (a free-form mapping)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int) or part not in _names(current):
            # A list index or a mapping key: the model stays the one the container holds.
            continue
        field = _names(current)[part]
        current = _model_in(current.model_fields[field].annotation)
    return sorted(_names(current)) if current is not None else []


def _names(model: type[BaseModel]) -> dict[str, str]:
    return {(info.alias or name): name for name, info in model.model_fields.items()}


def problem(error: ErrorDetails, model: type[BaseModel] | None = None) -> str:
    """pydantic's message without its ``Value error,`` prefix; for an unknown field, the closest known one."""
    if error["type"] == "extra_forbidden" and model is not None and error["loc"]:
        known = known_fields(model, error["loc"][:-1])
        if known:
            close = difflib.get_close_matches(str(error["loc"][-1]), known, n=1, cutoff=0.6)
            if close:
                return f"unknown field; did you mean {close[0]}?"
            return f"unknown field; known fields: {', '.join(known)}"
        return "unknown field"
    return str(error["msg"]).removeprefix("Value error, ")


def reported(errors: Sequence[ErrorDetails]) -> ErrorDetails:
    """The error to report: an unknown field before the rest, as a misspelt field also leaves the field it
    meant missing, and "did you mean data_subjects?" explains both."""
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def refusal(errors: Sequence[ErrorDetails], section: str, model: type[BaseModel] | None = None) -> InvalidInput:
    """The error to report as ``InvalidInput``, its field under ``section`` (``facts.data_subject``)."""
    first = reported(errors)
    where = ".".join(str(p) for p in first["loc"])
    field = f"{section}.{where}" if section and where else (where or section)
    value = None if first["type"] == "missing" else first.get("input")
    return InvalidInput(field, value, problem(first, model))
