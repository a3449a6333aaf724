"""Shared helpers for the audit tests: append events, and tamper with the table as a DBA would."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.audit.models import AuditEventOut

DROP_TRIGGERS = {
    "sqlite": ["DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete",
               "DROP TRIGGER audit_chain_head_forward", "DROP TRIGGER audit_chain_head_no_delete"],
    "postgresql": ["DROP TRIGGER audit_events_no_change ON audit_events",
                   "DROP TRIGGER audit_chain_head_forward ON audit_chain_head"],
}


def append(engine: Engine, count: int, **overrides: Any) -> list[AuditEventOut]:
    """Append ``count`` events, one commit each, as separate requests would."""
    events = []
    for i in range(count):
        with Session(engine) as session:
            fields: dict[str, Any] = {"actor": "officer@example.org", "action": "account.update",
                                      "subject_type": "account", "subject_id": f"acc-{i}",
                                      "before": {"status": "approved", "n": i}, "after": {"status": "active"},
                                      "reason": f"change {i}", "policy_id": "gen", "policy_version": "2024-06"}
            fields.update(overrides)
            events.append(audit.record(session, **fields))
            session.commit()
    return events


def as_dba(engine: Engine, *statements: str, params: dict[str, Any] | None = None) -> None:
    """Drop the append-only triggers, then run raw SQL in one transaction (what a DBA with full rights can do)."""
    with engine.begin() as connection:
        for statement in DROP_TRIGGERS[engine.dialect.name]:
            connection.execute(text(statement))
        for statement in statements:
            connection.execute(text(statement), params or {})
