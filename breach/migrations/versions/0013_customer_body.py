"""A customer's kind of body: which supervisory authority may be its own (issue 17).

German private bodies answer to their Land's authority (BDSG § 40), federal public bodies to the federal
commissioner (BDSG § 9); Spanish and Belgian regional authorities supervise public bodies only. The
directory import checks a customer's authorities against ``customer.body`` (private, public or federal).
Every existing customer becomes ``private``, the kind the directory assumed until now.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body", sa.String(length=32), nullable=False, server_default="private"))


def downgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("body")
