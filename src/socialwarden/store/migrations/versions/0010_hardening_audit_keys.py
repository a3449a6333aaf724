"""A keyed audit chain: an HMAC per event and on the chain head, a signed anchor row, and triggers that refuse
INSERTs that would replace an audit row (SQLite's REPLACE / INSERT OR REPLACE delete the old row without firing
DELETE triggers unless recursive triggers are on).

Existing events keep their plain hashes and get no HMAC: the first time the audit key meets the store (right
after this migration, in ``warden db upgrade``) one signed ``audit_anchor`` row pins the chain head as it stands,
so those legacy events stay covered (a change to any of them breaks the plain chain up to the anchored hash).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None

_REFUSE = "SELECT RAISE(ABORT, '{table} is append-only: {what} refused'); END"

_SQLITE_TRIGGERS = {
    "audit_events_no_replace": "BEFORE INSERT ON audit_events WHEN EXISTS (SELECT 1 FROM audit_events "
    "WHERE id = NEW.id OR seq = NEW.seq OR hash = NEW.hash OR prev_hash = NEW.prev_hash) BEGIN "
    + _REFUSE.format(table="audit_events", what="an INSERT that would replace a row"),
    "audit_chain_head_no_insert": "BEFORE INSERT ON audit_chain_head WHEN EXISTS (SELECT 1 FROM audit_chain_head) "
    "BEGIN " + _REFUSE.format(table="audit_chain_head", what="a second or replacing INSERT"),
    "audit_anchor_no_update": "BEFORE UPDATE ON audit_anchor BEGIN "
    + _REFUSE.format(table="audit_anchor", what="UPDATE"),
    "audit_anchor_no_delete": "BEFORE DELETE ON audit_anchor BEGIN "
    + _REFUSE.format(table="audit_anchor", what="DELETE"),
    "audit_anchor_no_replace": "BEFORE INSERT ON audit_anchor WHEN EXISTS (SELECT 1 FROM audit_anchor) BEGIN "
    + _REFUSE.format(table="audit_anchor", what="a second or replacing INSERT"),
}

# audit_refuse_change() comes from 0002. PostgreSQL has no REPLACE; INSERT … ON CONFLICT DO UPDATE fires the
# UPDATE triggers 0002 made.
_PG_TRIGGERS = {
    "audit_anchor_no_change": "BEFORE UPDATE OR DELETE ON audit_anchor FOR EACH ROW "
    "EXECUTE FUNCTION audit_refuse_change()",
    "audit_anchor_no_truncate": "BEFORE TRUNCATE ON audit_anchor FOR EACH STATEMENT "
    "EXECUTE FUNCTION audit_refuse_change()",
}


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("mac", sa.String(64), nullable=True))
    op.add_column("audit_chain_head", sa.Column("mac", sa.String(64), nullable=True))
    op.create_table(
        "audit_anchor",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("legacy_seq", sa.BigInteger(), nullable=False),
        sa.Column("legacy_hash", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_anchor"),
        sa.CheckConstraint("id = 1", name="ck_audit_anchor_single_row"),
    )
    triggers = _PG_TRIGGERS if op.get_bind().dialect.name == "postgresql" else _SQLITE_TRIGGERS
    for name, spec in triggers.items():
        op.execute(f"CREATE TRIGGER {name} {spec}")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if not postgres:
        for name in _SQLITE_TRIGGERS:
            if not name.startswith("audit_anchor"):
                op.execute(f"DROP TRIGGER {name}")
    op.drop_table("audit_anchor")  # its triggers go with it
    for table in ("audit_chain_head", "audit_events"):
        op.execute(f"ALTER TABLE {table} DROP COLUMN mac")  # not batch mode: that would copy the audit table
