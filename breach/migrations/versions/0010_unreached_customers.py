"""Unreached customers: when a notice still undelivered became a person's task.

Notices are now retried for as long as their duty stands (``breach.incidents.duty``); a customer still unreached
after ``RetryPolicy.unreached_after`` is raised once, in one aggregated alert, and ``notice.unreached_at``
records that moment so the alert is not repeated and the worklist and register show it first. The new
notice status ``reached_otherwise`` is text in the existing column: no schema change.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unreached_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_column("unreached_at")
