"""The keyed audit chain: each event names the audit key of its HMAC-SHA-256 (issue 15, finding 6).

Events already written keep their plain SHA-256 and get ``key_id`` NULL: nothing is re-hashed, so the
history stays exactly as it was written. They verify while their seq is at most
``BREACH_AUDIT_LEGACY_UNTIL`` (a setting, outside the database); every event after the upgrade is keyed.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))


def downgrade() -> None:
    # Keyed events stay in the table; without their key_id the old code reads their MAC as a broken
    # plain hash, which is the truth for a chain it cannot verify.
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_column("key_id")
