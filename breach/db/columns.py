"""Column types that make SQLite and PostgreSQL return the same values.

SQLite drops the offset of a ``DateTime(timezone=True)`` value, so an overdue query compared naive
local strings and returned nothing where PostgreSQL returned the right row (DESIGN.md section 4). We
normalise every instant to UTC on write and re-attach UTC on read.

An Enum column would store the member *name* and SQLite accepts any text; we store the value and
refuse unknown values on both write and read.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import JSON, Column
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.types import DateTime, String, TypeDecorator
from sqlmodel import Field

from breach.clock import require_aware


class UTCDateTime(TypeDecorator[datetime]):
    """A tz-aware instant, stored in UTC, returned tz-aware in UTC on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = require_aware(value, "datetime column").astimezone(UTC)
        # SQLite stores text: a fixed naive UTC form compares correctly as a string.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


E = TypeVar("E", bound=StrEnum)


class EnumText(TypeDecorator[E], Generic[E]):
    """A ``StrEnum`` stored by value as text; an unknown value is an error, not a silent string."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum: type[E], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        if value is None:
            return None
        return self.enum(value)


# The column shapes the tables share (breach.db.models): a SQLModel ``Field`` over one of the types above.


def instant_field(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def enum_field(enum: type[Any], *, index: bool = False) -> Any:
    return Field(sa_column=Column(EnumText(enum), nullable=False, index=index))


def json_field(*, nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=nullable))
