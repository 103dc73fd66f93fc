"""Objections to a change of sub-processor (issue 21; GDPR Art. 28(2), DPA clause 6).

A change of our sub-processors is a communication of kind ``subprocessor_change`` (its facts: what changes,
from when, and until when a customer may object); each customer concerned may object once, with its reasons,
through the portal, the API or our staff. One ``subprocessorobjection`` row per objection: the communication,
the customer, its reasons, when and by whom it was recorded and through which channel.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subprocessorobjection",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("communication_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["communication_id"], ["communication.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("communication_id", "customer_id"),
    )
    with op.batch_alter_table("subprocessorobjection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subprocessorobjection_communication_id"), ["communication_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_subprocessorobjection_customer_id"), ["customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("subprocessorobjection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subprocessorobjection_customer_id"))
        batch_op.drop_index(batch_op.f("ix_subprocessorobjection_communication_id"))
    op.drop_table("subprocessorobjection")
