"""Publishing and the moderation desk: posts (versions, approvals, media, publish attempts), comments, moderation
actions and evidence.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table('moderation_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=40), nullable=False),
    sa.Column('comment_id', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.String(length=200), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=True),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('thread_context', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('taken_by', sa.String(length=80), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decision', sa.JSON(), nullable=False),
    sa.Column('captured_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('legal_hold', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name='pk_moderation_evidence')
    )
    op.create_index('ix_moderation_evidence_author_id', 'moderation_evidence', ['author_id'])
    op.create_index('ix_moderation_evidence_author_name', 'moderation_evidence', ['author_name'])
    op.create_index('ix_moderation_evidence_captured_at', 'moderation_evidence', ['captured_at'])
    op.create_index('ix_moderation_evidence_comment_id', 'moderation_evidence', ['comment_id'])

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=40), nullable=False),
    sa.Column('comment_id', sa.String(length=200), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.String(length=200), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=True),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('thread', sa.String(length=500), nullable=True),
    sa.Column('parent_id', sa.String(length=200), nullable=True),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('verdict', sa.String(length=32), nullable=False),
    sa.Column('recommended', sa.String(length=32), nullable=False),
    sa.Column('decision', sa.JSON(), nullable=False),
    sa.Column('escalate_to', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('legal_hold', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name='fk_comments_account_id_accounts'),
    sa.PrimaryKeyConstraint('id', name='pk_comments'),
    sa.UniqueConstraint('platform', 'comment_id', name='uq_comments_platform_comment_id')
    )
    op.create_index('ix_comments_due_at', 'comments', ['due_at'])
    op.create_index('ix_comments_state', 'comments', ['state'])

    op.create_table('posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('approved_version', sa.Integer(), nullable=True),
    sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('platform_post_id', sa.String(length=200), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('engagement', sa.Integer(), nullable=False),
    sa.Column('legal_hold', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'checked', 'awaiting_approval', 'approved', 'scheduled', 'published', "
                       "'corrected', 'withdrawn', 'failed')", name='ck_posts_status'),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name='fk_posts_account_id_accounts'),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name='fk_posts_author_id_people'),
    sa.PrimaryKeyConstraint('id', name='pk_posts')
    )
    op.create_index('ix_posts_account_id', 'posts', ['account_id'])
    op.create_index('ix_posts_author_id', 'posts', ['author_id'])
    op.create_index('ix_posts_created_at', 'posts', ['created_at'])
    op.create_index('ix_posts_scheduled_at', 'posts', ['scheduled_at'])
    op.create_index('ix_posts_status', 'posts', ['status'])

    op.create_table('moderation_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_pk', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('escalate_to', sa.JSON(), nullable=False),
    sa.Column('reply_text', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name='fk_moderation_actions_actor_id_people'),
    sa.ForeignKeyConstraint(['comment_pk'], ['comments.id'], name='fk_moderation_actions_comment_pk_comments'),
    sa.PrimaryKeyConstraint('id', name='pk_moderation_actions')
    )
    op.create_index('ix_moderation_actions_comment_pk', 'moderation_actions', ['comment_pk'])

    op.create_table('post_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('approver_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approver_id'], ['people.id'], name='fk_post_approvals_approver_id_people'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name='fk_post_approvals_post_id_posts'),
    sa.PrimaryKeyConstraint('id', name='pk_post_approvals')
    )
    op.create_index('ix_post_approvals_post_id', 'post_approvals', ['post_id'])

    op.create_table('post_media',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=500), nullable=False),
    sa.Column('identifiable_people', sa.Boolean(), nullable=False),
    sa.Column('consent_ref', sa.String(length=500), nullable=True),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.Column('licence', sa.String(length=200), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name='fk_post_media_post_id_posts'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['people.id'], name='fk_post_media_recorded_by_id_people'),
    sa.PrimaryKeyConstraint('id', name='pk_post_media')
    )
    op.create_index('ix_post_media_post_id', 'post_media', ['post_id'])

    op.create_table('post_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('diff', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('verdict', sa.String(length=32), nullable=True),
    sa.Column('decision', sa.JSON(), nullable=True),
    sa.Column('approvers', sa.JSON(), nullable=False),
    sa.Column('policy_version', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name='fk_post_versions_created_by_id_people'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name='fk_post_versions_post_id_posts'),
    sa.PrimaryKeyConstraint('id', name='pk_post_versions'),
    sa.UniqueConstraint('post_id', 'number', name='uq_post_versions_post_number')
    )
    op.create_table('publish_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('platform_post_id', sa.String(length=200), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name='fk_publish_attempts_post_id_posts'),
    sa.PrimaryKeyConstraint('id', name='pk_publish_attempts'),
    sa.UniqueConstraint('post_id', 'version', 'attempt', name='uq_publish_attempts_post_try')
    )


def downgrade() -> None:
    for table in ("publish_attempts", "post_versions", "post_media", "post_approvals", "moderation_actions",
                  "posts", "comments", "moderation_evidence"):
        op.drop_table(table)  # indexes go with their tables
