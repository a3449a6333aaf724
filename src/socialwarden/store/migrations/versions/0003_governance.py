"""Governance: people, accounts (members, documents), approvals, the vault, incidents, exceptions, duties.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "duty_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("duty", sa.String(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_duty_runs"),
        sa.UniqueConstraint("duty", "day", name="uq_duty_runs_duty_day")
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handle", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("line_manager_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(["line_manager_id"], ["people.id"], name="fk_people_line_manager_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint("handle", name="uq_people_handle")
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_by_id", sa.Integer(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["declared_by_id"], ["people.id"], name="fk_incidents_declared_by_id_people"),
        sa.ForeignKeyConstraint(["ended_by_id"], ["people.id"], name="fk_incidents_ended_by_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_incidents")
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=40), nullable=False),
        sa.Column("handle", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("suspended_by_incident_id", sa.Integer(), nullable=True),
        sa.Column("profile_text", sa.Text(), nullable=False),
        sa.Column("has_logo", sa.Boolean(), nullable=False),
        sa.Column("last_post_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('requested', 'approved', 'active', 'suspended', 'closed')",
                           name="ck_accounts_status"),
        sa.ForeignKeyConstraint(["owner_id"], ["people.id"], name="fk_accounts_owner_id_people"),
        sa.ForeignKeyConstraint(["requested_by_id"], ["people.id"], name="fk_accounts_requested_by_id_people"),
        sa.ForeignKeyConstraint(["suspended_by_incident_id"], ["incidents.id"],
                                name="fk_accounts_suspended_by_incident_id_incidents"),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint("platform", "handle", name="uq_accounts_platform_handle")
    )
    op.create_index("ix_accounts_status", "accounts", ["status"])
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=80), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["approver_id"], ["people.id"], name="fk_approvals_approver_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_approvals"),
        sa.UniqueConstraint("subject_type", "subject_id", "approver_id", name="uq_approvals_subject_approver")
    )
    op.create_index("ix_approvals_subject", "approvals", ["subject_type", "subject_id"])
    op.create_table(
        "duty_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=80), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("cite", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["recipient_id"], ["people.id"], name="fk_duty_notices_recipient_id_people"),
        sa.ForeignKeyConstraint(["run_id"], ["duty_runs.id"], name="fk_duty_notices_run_id_duty_runs"),
        sa.PrimaryKeyConstraint("id", name="pk_duty_notices")
    )
    op.create_index("ix_duty_notices_run_id", "duty_notices", ["run_id"])
    op.create_table(
        "account_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=80), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_account_documents_account_id_accounts"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["people.id"], name="fk_account_documents_recorded_by_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_account_documents"),
        sa.UniqueConstraint("account_id", "document_id", name="uq_account_documents_account_document")
    )
    op.create_table(
        "account_members",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('deputy', 'access')", name="ck_account_members_kind"),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_account_members_account_id_accounts"),
        sa.ForeignKeyConstraint(["added_by_id"], ["people.id"], name="fk_account_members_added_by_id_people"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_account_members_person_id_people"),
        sa.PrimaryKeyConstraint("account_id", "person_id", "kind", name="pk_account_members")
    )
    op.create_table(
        "incident_suspensions",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("reactivated", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_incident_suspensions_account_id_accounts"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"],
                                name="fk_incident_suspensions_incident_id_incidents"),
        sa.PrimaryKeyConstraint("incident_id", "account_id", name="pk_incident_suspensions")
    )
    op.create_table(
        "policy_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("clause", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('requested', 'approved', 'withdrawn')", name="ck_policy_exceptions_status"),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_policy_exceptions_account_id_accounts"),
        sa.ForeignKeyConstraint(["requested_by_id"], ["people.id"], name="fk_policy_exceptions_requested_by_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_policy_exceptions")
    )
    op.create_table(
        "vault_secrets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("ciphertext", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_vault_secrets_account_id_accounts"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["people.id"], name="fk_vault_secrets_updated_by_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_vault_secrets"),
        sa.UniqueConstraint("account_id", "name", name="uq_vault_secrets_account_name")
    )


def downgrade() -> None:  # dropping a table drops its indexes
    op.drop_table("vault_secrets")
    op.drop_table("policy_exceptions")
    op.drop_table("incident_suspensions")
    op.drop_table("account_members")
    op.drop_table("account_documents")
    op.drop_table("duty_notices")
    op.drop_table("approvals")
    op.drop_table("accounts")
    op.drop_table("incidents")
    op.drop_table("people")
    op.drop_table("duty_runs")
