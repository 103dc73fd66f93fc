"""Instructions (issue 22; DPA clause 9): what a customer told us to do, with its state.

An oral instruction is confirmed in writing (9(1)); one we believe infringes data-protection law is told to
the customer with our reasons and may be suspended until the customer confirms or changes it (9(2)). One
``instruction`` row each: the customer, how and when it reached us, what it says, its state
(``breach.instructions.states``), our reasons, the customer's amendment, who confirmed it and when, and the
communications that asked for its confirmation (``request_id``) and told our concern (``concern_id``).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "instruction",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("given_by", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("concern", sa.Text(), nullable=True),
        sa.Column("amendment", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by", sa.String(length=200), nullable=True),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.Column("concern_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["communication.id"]),
        sa.ForeignKeyConstraint(["concern_id"], ["communication.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("instruction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_instruction_customer_id"), ["customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("instruction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instruction_customer_id"))
    op.drop_table("instruction")
