"""The per-person rate limit's counters (shared by every web worker).

Revision ID: 0013
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "action_counts",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("slot", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "slot", name="pk_action_counts"),
    )
    op.create_index("ix_action_counts_slot", "action_counts", ["slot"])


def downgrade() -> None:
    op.drop_table("action_counts")
