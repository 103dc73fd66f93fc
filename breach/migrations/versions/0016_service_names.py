"""A service's name and description in each language its customers read (issue 17).

A service had one ``name`` and one ``description`` (English), so a Dutch, French or German notice and its
DPIA pack named and described it in English. ``service.names`` and ``service.descriptions`` hold them per
language (``{"nl": "...", "fr": "...", "de": "..."}``); ``service.name`` and ``service.description`` stay
the English ones. Every existing service starts with no translations: the directory import names what is
missing for the customers that use it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("names", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column("descriptions", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("descriptions")
        batch_op.drop_column("names")
