"""Notices exactly as sent, for the evidence pack.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sentmessage",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("notice_id", sa.Uuid(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("possible_duplicate", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["notice_id"], ["notice.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sentmessage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sentmessage_notice_id"), ["notice_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sentmessage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sentmessage_notice_id"))
    op.drop_table("sentmessage")
