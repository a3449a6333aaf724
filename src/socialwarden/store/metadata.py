"""Every domain's tables in one MetaData, for Alembic (autogenerate compares the models against the database)."""

from __future__ import annotations

from sqlalchemy import MetaData


def target_metadata() -> MetaData:
    """Import each domain's models so their tables are registered, then return the shared metadata."""
    # Imported here, not at module level: the domains import the store, not the other way round.
    # A new domain adds its models module to this list.
    from socialwarden.accounts import models as _accounts  # noqa: F401
    from socialwarden.approvals import models as _approvals  # noqa: F401
    from socialwarden.audit import models as _audit  # noqa: F401
    from socialwarden.complaints import models as _complaints  # noqa: F401
    from socialwarden.connectors import models as _connectors  # noqa: F401
    from socialwarden.duties import models as _duties  # noqa: F401
    from socialwarden.engagement import models as _engagement  # noqa: F401
    from socialwarden.incidents import models as _incidents  # noqa: F401
    from socialwarden.jobs import models as _jobs  # noqa: F401
    from socialwarden.moderation import models as _moderation  # noqa: F401
    from socialwarden.notifications import models as _notifications  # noqa: F401
    from socialwarden.people import models as _people  # noqa: F401
    from socialwarden.policy_exceptions import models as _exceptions  # noqa: F401
    from socialwarden.policy_reviews import models as _reviews  # noqa: F401
    from socialwarden.posts import models as _posts  # noqa: F401
    from socialwarden.sessions import models as _sessions  # noqa: F401
    from socialwarden.store import db as _checks  # noqa: F401
    from socialwarden.store.base import Base
    from socialwarden.vault import models as _vault  # noqa: F401
    from socialwarden.wiki_edits import models as _wiki  # noqa: F401

    return Base.metadata
