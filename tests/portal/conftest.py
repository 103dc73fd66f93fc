"""Fixtures of the portal tests: the same world as the API tests (``tests.api.support``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.api.support import World, world_for


@pytest.fixture
def world(db: Engine) -> Iterator[World]:
    """The application on the test database with two customers' cases and a key of every role."""
    yield from world_for(db)
