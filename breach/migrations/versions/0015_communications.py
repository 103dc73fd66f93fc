"""Communications (issue 22): what the DPA asks us to tell a customer "immediately" besides a breach.

A data subject's request forwarded (DPA clause 4(1)), a change of our DPO (5(a)), an inspection or measure
by an authority (5(e)): one ``communication`` row each, and one ``communicationrecipient`` row per customer
told, with our clock for telling it and the notice that did. ``communication.content`` holds a request as
received (personal data): retention clears it and keeps its hash.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "communication",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    op.create_table(
        "communicationrecipient",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("communication_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("notice_id", sa.Uuid(), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["communication_id"], ["communication.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["notice_id"], ["notice.id"]),
        sa.ForeignKeyConstraint(["task_id"], ["supporttask.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("communication_id", "customer_id"),
    )
    with op.batch_alter_table("communicationrecipient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_communicationrecipient_communication_id"), ["communication_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_communicationrecipient_customer_id"), ["customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("communicationrecipient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_communicationrecipient_customer_id"))
        batch_op.drop_index(batch_op.f("ix_communicationrecipient_communication_id"))
    op.drop_table("communicationrecipient")
    op.drop_table("communication")
