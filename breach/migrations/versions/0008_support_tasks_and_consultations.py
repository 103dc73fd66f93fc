"""Prior consultations (DPA 8(1)(e), GDPR Art. 36) and support tasks with their time (DPA 8(2)).

A deadline may now belong to a consultation instead of an incident: ``deadline.incident_id`` becomes
nullable and ``deadline.consultation_id`` is added. Customers get the support their service description
includes (``customer.included_support``, empty for the existing ones).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite's batch mode recreates the table and needs every constraint it adds to be named.
_DEADLINE_FK = "fk_deadline_consultation_id_consultationrequest"


def upgrade() -> None:
    op.create_table(
        "consultationrequest",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("purposes", sa.Text(), nullable=False),
        sa.Column("means", sa.Text(), nullable=False),
        sa.Column("safeguards", sa.Text(), nullable=False),
        sa.Column("joint_controllers", sa.Text(), nullable=False),
        sa.Column("dpia_reference", sa.String(length=200), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("authority", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("advised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("consultationrequest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultationrequest_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultationrequest_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultationrequest_status"), ["status"], unique=False)

    op.create_table(
        "consultationevent",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("consultation_id", sa.Uuid(), nullable=False),
        sa.Column("event", sa.String(length=48), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultationrequest.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consultationevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultationevent_consultation_id"), ["consultation_id"], unique=False)

    op.create_table(
        "supporttask",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("consultation_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("proposed_billable", sa.Boolean(), nullable=False),
        sa.Column("billable_rule", sa.String(length=40), nullable=False),
        sa.Column("billable_decision", sa.String(length=32), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["controllercase.id"]),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultationrequest.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("supporttask", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supporttask_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supporttask_consultation_id"), ["consultation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supporttask_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supporttask_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index("ix_supporttask_status_due", ["status", "due_at"], unique=False)

    op.create_table(
        "tasktimeentry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["supporttask.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tasktimeentry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasktimeentry_task_id"), ["task_id"], unique=False)

    # Existing customers: a service description that includes no support (all of it may be billable).
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("included_support", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.alter_column("included_support", existing_type=sa.JSON(), server_default=None)

    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consultation_id", sa.Uuid(), nullable=True))
        batch_op.alter_column("incident_id", existing_type=sa.Uuid(), nullable=True)
        batch_op.create_index(batch_op.f("ix_deadline_consultation_id"), ["consultation_id"], unique=False)
        batch_op.create_foreign_key(_DEADLINE_FK, "consultationrequest", ["consultation_id"], ["id"])


def downgrade() -> None:
    # A consultation's clocks have no incident: they go with the consultations.
    op.execute("DELETE FROM deadline WHERE incident_id IS NULL")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_constraint(_DEADLINE_FK, type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_deadline_consultation_id"))
        batch_op.alter_column("incident_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.drop_column("consultation_id")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("included_support")
    with op.batch_alter_table("tasktimeentry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasktimeentry_task_id"))
    op.drop_table("tasktimeentry")
    with op.batch_alter_table("supporttask", schema=None) as batch_op:
        batch_op.drop_index("ix_supporttask_status_due")
        batch_op.drop_index(batch_op.f("ix_supporttask_incident_id"))
        batch_op.drop_index(batch_op.f("ix_supporttask_customer_id"))
        batch_op.drop_index(batch_op.f("ix_supporttask_consultation_id"))
        batch_op.drop_index(batch_op.f("ix_supporttask_case_id"))
    op.drop_table("supporttask")
    with op.batch_alter_table("consultationevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultationevent_consultation_id"))
    op.drop_table("consultationevent")
    with op.batch_alter_table("consultationrequest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultationrequest_status"))
        batch_op.drop_index(batch_op.f("ix_consultationrequest_incident_id"))
        batch_op.drop_index(batch_op.f("ix_consultationrequest_customer_id"))
    op.drop_table("consultationrequest")
