"""What each customer reports about its case (and we about the incident): the events that move the clocks.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "casereport",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("event", sa.String(length=48), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["controllercase.id"],
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("casereport", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casereport_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_casereport_incident_id"), ["incident_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("casereport", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casereport_incident_id"))
        batch_op.drop_index(batch_op.f("ix_casereport_case_id"))

    op.drop_table("casereport")
