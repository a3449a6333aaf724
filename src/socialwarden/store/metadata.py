"""Every domain's tables in one MetaData, for Alembic (autogenerate compares the models against the database)."""

from __future__ import annotations

from sqlalchemy import MetaData


def target_metadata() -> MetaData:
    """Import each domain's models so their tables are registered, then return the shared metadata."""
    # Imported here, not at module level: the domains import the store, not the other way round.
    # A new domain adds its models module to this list.
    from socialwarden.audit import models as _audit  # noqa: F401
    from socialwarden.store import db as _checks  # noqa: F401
    from socialwarden.store.base import Base

    return Base.metadata
