"""A customer's kind of body: migration 0013 round-trips with existing rows, and the import stores the field."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlmodel import Session

from breach.db import repository, schema
from breach.directory.authorities import Body
from breach.errors import DirectoryFileError
from flows.db import make_engine
from flows.usecases.directory_import import import_directory
from tests.conftest import BACKENDS, POSTGRES_URL
from tests.factories import customer, directory

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of its own (the session's shared one must stay at head for the other tests)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.db'}")
        yield engine
        engine.dispose()
        return
    run_schema = f"breach_migration_{os.getpid()}_{secrets.token_hex(4)}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{run_schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    engine = make_engine(f"{POSTGRES_URL}{separator}options=-csearch_path%3D{run_schema}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{run_schema}" CASCADE'))
        admin.dispose()


def _downgrade(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", "breach:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _columns(engine: Engine) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns("customer")}


def test_existing_customers_become_private_and_the_migration_round_trips(fresh_engine: Engine) -> None:
    """A customer stored before 0013 reads ``private`` after it; down and up again keeps the schema."""
    schema.upgrade(fresh_engine, "0012")
    table = sa.Table("customer", sa.MetaData(), autoload_with=fresh_engine)
    with fresh_engine.begin() as conn:
        conn.execute(
            table.insert().values(
                id=uuid4().hex,
                name="Autohaus Beispiel GmbH",
                role="controller",
                language="de",
                timezone="Europe/Berlin",
                lead_authority="DE-NW",
                other_authorities=[],
                financial_entity=False,
                telecom_provider=False,
                security_notices=False,
                sla_hours=24,
                account_manager="",
                included_support=[],
                created_at=NOW,
            )
        )
    schema.upgrade(fresh_engine)
    with fresh_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT body FROM customer")).scalar_one() == "private"
    _downgrade(fresh_engine, "0012")
    assert "body" not in _columns(fresh_engine)
    schema.upgrade(fresh_engine)
    assert "body" in _columns(fresh_engine)
    assert schema.current_revision(fresh_engine) == schema.head_revision()


def test_the_import_stores_and_updates_the_kind_of_body(session: Session) -> None:
    """A public body is stored as such; marking it otherwise later counts as an update."""
    pool = customer("Gemeentelijk Zwembad Noord", body="public", lead_authority="NL-AP")
    import_directory(directory(pool), session=session, actor="t", now=NOW, source="first")
    session.commit()
    assert repository.customer_by_name("Gemeentelijk Zwembad Noord", session=session).body is Body.PUBLIC
    pool["body"] = "private"
    summary = import_directory(directory(pool), session=session, actor="t", now=NOW, source="second")
    session.commit()
    session.expire_all()
    assert summary.customers_updated == 1
    assert repository.customer_by_name("Gemeentelijk Zwembad Noord", session=session).body is Body.PRIVATE


def test_a_misfit_authority_writes_nothing(session: Session) -> None:
    """The whole file or nothing: a German company named with the BfDI leaves the directory as it was."""
    bad = customer("Autohaus Beispiel GmbH", language="de", timezone="Europe/Berlin", lead_authority="DE-BFDI")
    with pytest.raises(DirectoryFileError) as info:
        import_directory(directory(customer(), bad), session=session, actor="t", now=NOW, source="bad")
    assert info.value.field == "customers[1].lead_authority"
    session.rollback()
    assert repository.list_customers(session=session) == []
