"""Actions carried out on the platforms (hide, reply, correct, withdraw …) with their outcome, and each comment's
thread context: the post it hangs off and that post's text.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "platform_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("verb", sa.String(length=24), nullable=False),
        sa.Column("subject_type", sa.String(length=24), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("platform", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.String(length=200), nullable=True),
        sa.Column("method", sa.String(length=24), nullable=True),
        sa.Column("result_id", sa.String(length=200), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_platform_actions_account_id_accounts"),
        sa.PrimaryKeyConstraint("id", name="pk_platform_actions"),
        sa.UniqueConstraint("key", name="uq_platform_actions_key"),
    )
    op.create_index("ix_platform_actions_subject_id", "platform_actions", ["subject_id"])
    op.create_index("ix_platform_actions_outcome", "platform_actions", ["outcome"])
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("post_id", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("post_text", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("post_text")
        batch.drop_column("post_id")
    op.drop_index("ix_platform_actions_outcome", table_name="platform_actions")
    op.drop_index("ix_platform_actions_subject_id", table_name="platform_actions")
    op.drop_table("platform_actions")
