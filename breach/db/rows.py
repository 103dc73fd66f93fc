"""Rows for bulk inserts: a table model's fields with their defaults, as its constructor would fill them.

Building thousands of SQLModel objects costs more than writing them (each constructor inspects its
fields' defaults); a fan-out or a delivery batch instead inserts plain rows in one statement. ``maker``
fills each row like the model's constructor would (default factories, such as a new UUID, called per
row), so a field added to a model later gets its default here too, and a required field left out is an
error rather than a NULL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

RowMaker = Callable[..., dict[str, Any]]


def maker(model: type[BaseModel]) -> RowMaker:
    """A function that makes one row of ``model`` from keyword values, defaults filled in."""
    static: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    required: set[str] = set()
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            factories[name] = info.default_factory  # type: ignore[assignment]
        elif info.default is not PydanticUndefined:
            static[name] = info.default
        else:
            required.add(name)

    def make(**values: Any) -> dict[str, Any]:
        missing = required.difference(values)
        if missing:
            raise TypeError(f"{model.__name__} row without {', '.join(sorted(missing))}")
        row = dict(static)
        for name, factory in factories.items():
            if name not in values:
                row[name] = factory()
        row.update(values)
        return row

    return make
