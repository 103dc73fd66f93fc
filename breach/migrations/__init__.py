"""Alembic migrations of the engine's schema; ``breach init`` upgrades to head."""
