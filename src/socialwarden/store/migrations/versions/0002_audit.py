"""The audit trail: append-only hash-chained events, the chain-head row, and triggers that refuse changes.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

GENESIS_HASH = "0" * 64  # fixed here: a migration must not change when the code does

_SQLITE_TRIGGERS = {
    "audit_events_no_update": "BEFORE UPDATE ON audit_events BEGIN "
    "SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END",
    "audit_events_no_delete": "BEFORE DELETE ON audit_events BEGIN "
    "SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END",
    "audit_chain_head_forward": "BEFORE UPDATE ON audit_chain_head "
    "WHEN NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq + 1 BEGIN "
    "SELECT RAISE(ABORT, 'audit_chain_head only moves forward one event at a time: UPDATE refused'); END",
    "audit_chain_head_no_delete": "BEFORE DELETE ON audit_chain_head BEGIN "
    "SELECT RAISE(ABORT, 'audit_chain_head is append-only: DELETE refused'); END",
}

# No "%" in the bodies: offline (--sql) output would double it.
_PG_FUNCTIONS = {
    "audit_refuse_change": """
        BEGIN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused';
        END""",
    "audit_head_forward": """
        BEGIN
            IF TG_OP = 'DELETE' OR NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 THEN
                RAISE EXCEPTION USING ERRCODE = '55000',
                    MESSAGE = 'audit_chain_head only moves forward one event at a time: ' || TG_OP || ' refused';
            END IF;
            RETURN NEW;
        END""",
}

_PG_TRIGGERS = {
    "audit_events_no_change": "BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW "
    "EXECUTE FUNCTION audit_refuse_change()",
    # TRUNCATE skips row triggers, so it needs its own
    "audit_events_no_truncate": "BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT "
    "EXECUTE FUNCTION audit_refuse_change()",
    "audit_chain_head_forward": "BEFORE UPDATE OR DELETE ON audit_chain_head FOR EACH ROW "
    "EXECUTE FUNCTION audit_head_forward()",
    "audit_chain_head_no_truncate": "BEFORE TRUNCATE ON audit_chain_head FOR EACH STATEMENT "
    "EXECUTE FUNCTION audit_refuse_change()",
}


def upgrade() -> None:
    id_type = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "audit_events",
        sa.Column("id", id_type, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(80), nullable=False),
        sa.Column("subject_type", sa.String(80), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("before", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("after", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("policy_id", sa.String(80), nullable=True),
        sa.Column("policy_version", sa.String(40), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
        sa.UniqueConstraint("seq", name="uq_audit_events_seq"),
        sa.UniqueConstraint("prev_hash", name="uq_audit_events_prev_hash"),
        sa.UniqueConstraint("hash", name="uq_audit_events_hash"),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index("ix_audit_events_subject", "audit_events", ["subject_type", "subject_id"])
    head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_chain_head"),
        sa.CheckConstraint("id = 1", name="ck_audit_chain_head_single_row"),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS_HASH}])
    if op.get_bind().dialect.name == "postgresql":
        for name, body in _PG_FUNCTIONS.items():
            op.execute(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${body}\n$$")
        for name, spec in _PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {spec}")
    else:
        for name, spec in _SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {spec}")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in ("audit_chain_head", "audit_events"):
        op.drop_table(table)  # dropping a table drops its triggers on both databases
    if postgres:
        for name in _PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}()")
