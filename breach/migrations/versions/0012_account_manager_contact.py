"""The account manager's contact: an unreached customer's alert reaches its account manager too (issue 15).

A customer still unreached after ``RetryPolicy.unreached_after`` is raised to our DPO and security lead
naming its account manager; with ``customer.account_manager_contact`` (an Apprise URL from the directory)
that manager is sent one alert per incident listing their own customers. NULL for every existing
customer: a manager without a contact is named in the DPO's alert, as before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_manager_contact", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("account_manager_contact")
