"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel

from breach.db import schema


def test_models_and_migrations_agree(engine: Engine) -> None:
    """Autogenerate finds nothing to add: no model change lacks its migration."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_the_database_is_at_head(engine: Engine) -> None:
    """``breach init`` upgrades to the newest revision."""
    assert schema.current_revision(engine) == schema.head_revision()
