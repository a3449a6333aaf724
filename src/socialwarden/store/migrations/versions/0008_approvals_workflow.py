"""Approvals done one way: decisions (approve / return / reject) on an exact version of any subject, in
``approvals``; post approvals move there from ``post_approvals``. Posts may be returned or rejected, account
requests returned and amended (a revision each), exceptions rejected; what each post version needs approved is
kept with it. Accounts record daily monitoring (Gosport 5). New: policy reviews, wiki edits.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

POSTS_OLD = ("'draft', 'checked', 'awaiting_approval', 'approved', 'scheduled', 'published', 'corrected', "
             "'withdrawn', 'failed'")
POSTS_NEW = ("'draft', 'checked', 'awaiting_approval', 'returned', 'rejected', 'approved', 'scheduled', "
             "'published', 'corrected', 'withdrawn', 'failed'")
ACCOUNTS_OLD = "'requested', 'approved', 'active', 'suspended', 'closed'"
ACCOUNTS_NEW = "'requested', 'returned', 'approved', 'active', 'suspended', 'closed'"
EXCEPTIONS_OLD = "'requested', 'approved', 'withdrawn'"
EXCEPTIONS_NEW = "'requested', 'approved', 'rejected', 'withdrawn'"


def _check(table: str, name: str, values: str) -> None:
    """Replace a column's CHECK (SQLite: the table is rebuilt; migrate.upgrade has foreign keys off meanwhile).
    Earlier revisions named it twice over (ck_posts_ck_posts_status), so the current name is looked up."""
    bind = op.get_bind()
    found = [str(c["name"]) for c in sa.inspect(bind).get_check_constraints(table)
             if str(c.get("name") or "").endswith(f"_{name}")]
    with op.batch_alter_table(table, recreate="always" if bind.dialect.name == "sqlite" else "auto") as b:
        for old in found:
            b.drop_constraint(op.f(old), type_="check")
        b.create_check_constraint(op.f(f"ck_{table}_{name}"), f"{name} IN ({values})")


def upgrade() -> None:
    with op.batch_alter_table("approvals") as b:
        b.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        b.add_column(sa.Column("decision", sa.String(length=16), nullable=False, server_default="approve"))
        b.drop_constraint("uq_approvals_subject_approver", type_="unique")
        b.create_unique_constraint("uq_approvals_subject_version_approver",
                                   ["subject_type", "subject_id", "version", "approver_id"])
        b.create_check_constraint(op.f("ck_approvals_decision"), "decision IN ('approve', 'return', 'reject')")
    op.execute("INSERT INTO approvals (subject_type, subject_id, version, decision, rule_id, role, approver_id, "
               "comment, at) SELECT 'post', post_id, version, 'approve', 'legacy', role, approver_id, comment, at "
               "FROM post_approvals ORDER BY id")
    op.drop_index("ix_post_approvals_post_id", table_name="post_approvals")
    op.drop_table("post_approvals")

    with op.batch_alter_table("post_versions") as b:
        b.add_column(sa.Column("approval", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    _check("posts", "status", POSTS_NEW)

    with op.batch_alter_table("accounts") as b:
        b.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        b.add_column(sa.Column("last_monitored_at", sa.DateTime(timezone=True), nullable=True))
    _check("accounts", "status", ACCOUNTS_NEW)
    _check("policy_exceptions", "status", EXCEPTIONS_NEW)

    op.create_table(
        "policy_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.String(length=80), nullable=False),
        sa.Column("policy_version", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("outcome IN ('no_change', 'changes_recommended')", name=op.f("ck_policy_reviews_outcome")),
        sa.ForeignKeyConstraint(["reviewed_by_id"], ["people.id"], name="fk_policy_reviews_reviewed_by_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_policy_reviews"),
    )
    op.create_index("ix_policy_reviews_policy", "policy_reviews", ["policy_id", "reviewed_at"])
    op.create_table(
        "wiki_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page", sa.String(length=500), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("conflict_of_interest", sa.Boolean(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('requested', 'returned', 'approved', 'rejected', 'withdrawn')",
                           name=op.f("ck_wiki_edits_status")),
        sa.ForeignKeyConstraint(["requested_by_id"], ["people.id"], name="fk_wiki_edits_requested_by_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_wiki_edits"),
    )
    op.create_index("ix_wiki_edits_status", "wiki_edits", ["status"])


def downgrade() -> None:
    op.drop_index("ix_wiki_edits_status", table_name="wiki_edits")
    op.drop_table("wiki_edits")
    op.drop_index("ix_policy_reviews_policy", table_name="policy_reviews")
    op.drop_table("policy_reviews")
    op.execute("DELETE FROM policy_exceptions WHERE status = 'rejected'")
    _check("policy_exceptions", "status", EXCEPTIONS_OLD)
    op.execute("UPDATE accounts SET status = 'requested' WHERE status = 'returned'")
    _check("accounts", "status", ACCOUNTS_OLD)
    with op.batch_alter_table("accounts") as b:
        b.drop_column("last_monitored_at")
        b.drop_column("revision")
    op.execute("UPDATE posts SET status = 'checked' WHERE status IN ('returned', 'rejected')")
    _check("posts", "status", POSTS_OLD)
    with op.batch_alter_table("post_versions") as b:
        b.drop_column("approval")
    op.create_table(
        "post_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=80), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["approver_id"], ["people.id"], name="fk_post_approvals_approver_id_people"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name="fk_post_approvals_post_id_posts"),
        sa.PrimaryKeyConstraint("id", name="pk_post_approvals"),
    )
    op.create_index("ix_post_approvals_post_id", "post_approvals", ["post_id"])
    op.execute("INSERT INTO post_approvals (post_id, version, approver_id, role, comment, at) SELECT subject_id, "
               "version, approver_id, role, comment, at FROM approvals WHERE subject_type = 'post' AND "
               "decision = 'approve' ORDER BY id")
    op.execute("DELETE FROM approvals WHERE subject_type IN ('post', 'wiki_edit') OR decision <> 'approve'")
    op.execute("DELETE FROM approvals WHERE id NOT IN (SELECT MAX(id) FROM approvals "
               "GROUP BY subject_type, subject_id, approver_id)")
    with op.batch_alter_table("approvals") as b:
        b.drop_constraint(op.f("ck_approvals_decision"), type_="check")
        b.drop_constraint("uq_approvals_subject_version_approver", type_="unique")
        b.create_unique_constraint("uq_approvals_subject_approver", ["subject_type", "subject_id", "approver_id"])
        b.drop_column("decision")
        b.drop_column("version")
