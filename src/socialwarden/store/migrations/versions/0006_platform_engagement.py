"""Engagement with our published posts over time (likes, shares, replies as each platform counts them), and when
each connector link last read them.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "post_engagement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("platform_post_id", sa.String(length=200), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("likes", sa.Integer(), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.Column("replies", sa.Integer(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_post_engagement_account_id_accounts"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name="fk_post_engagement_post_id_posts"),
        sa.PrimaryKeyConstraint("id", name="pk_post_engagement"),
    )
    op.create_index("ix_post_engagement_post_read", "post_engagement", ["post_id", "read_at"])
    op.create_index("ix_post_engagement_account_id", "post_engagement", ["account_id"])
    with op.batch_alter_table("connector_links") as batch:
        batch.add_column(sa.Column("engagement_read_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("connector_links") as batch:
        batch.drop_column("engagement_read_at")
    op.drop_index("ix_post_engagement_account_id", table_name="post_engagement")
    op.drop_index("ix_post_engagement_post_read", table_name="post_engagement")
    op.drop_table("post_engagement")
