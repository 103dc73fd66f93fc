"""The processing chain (issue 21): our sub-processors, the services of ours each supports, the breach
notices they send us, and API keys bound to a sub-processor.

DPA clause 6(2) names sub-processors to the customer on request; 6(4) needs a Chapter V ground for one
outside the EU/EEA; GDPR Art. 33(2) and 28(4) make a sub-processor tell us of a breach without undue delay.
A notice is unique per sub-processor and its own notice key, so a repeat opens nothing.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subprocessor",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("agreement_date", sa.Date(), nullable=False),
        sa.Column("transfer_mechanism", sa.String(length=32), nullable=True),
        sa.Column("transfer_reference", sa.Text(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "subprocessorservice",
        sa.Column("subprocessor_id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("their_services", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.ForeignKeyConstraint(["subprocessor_id"], ["subprocessor.id"]),
        sa.PrimaryKeyConstraint("subprocessor_id", "service_id"),
    )
    with op.batch_alter_table("subprocessorservice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subprocessorservice_service_id"), ["service_id"], unique=False)
    op.create_table(
        "subprocessornotice",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subprocessor_id", sa.Uuid(), nullable=False),
        sa.Column("notice_key", sa.String(length=200), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("schema_version", sa.String(length=16), nullable=True),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_by", sa.String(length=200), nullable=False),
        sa.Column("their_aware_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("their_services", sa.JSON(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.ForeignKeyConstraint(["subprocessor_id"], ["subprocessor.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subprocessor_id", "notice_key"),
    )
    with op.batch_alter_table("subprocessornotice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subprocessornotice_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_subprocessornotice_subprocessor_id"), ["subprocessor_id"], unique=False)
    with op.batch_alter_table("apikey", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subprocessor_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_apikey_subprocessor_id"), ["subprocessor_id"], unique=False)
        batch_op.create_foreign_key("fk_apikey_subprocessor_id", "subprocessor", ["subprocessor_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("apikey", schema=None) as batch_op:
        batch_op.drop_constraint("fk_apikey_subprocessor_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_apikey_subprocessor_id"))
        batch_op.drop_column("subprocessor_id")
    with op.batch_alter_table("subprocessornotice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subprocessornotice_subprocessor_id"))
        batch_op.drop_index(batch_op.f("ix_subprocessornotice_incident_id"))
    op.drop_table("subprocessornotice")
    with op.batch_alter_table("subprocessorservice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subprocessorservice_service_id"))
    op.drop_table("subprocessorservice")
    op.drop_table("subprocessor")
