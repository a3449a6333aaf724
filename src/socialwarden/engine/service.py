"""The public entry points: ``check`` a text under a policy, with engines cached per policy."""

from __future__ import annotations

import threading

from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Decision
from socialwarden.engine.engine import Engine
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import Policy

_LOCK = threading.Lock()
_ENGINES: dict[tuple[str, str, int], tuple[Policy, Engine]] = {}
_MAX_ENGINES = 16


def engine_for(policy: Policy | str) -> Engine:
    """A ready engine for ``policy`` (a Policy, a pack name or a file path), built once and reused."""
    loaded = load_policy(policy) if isinstance(policy, str) else policy
    key = (loaded.policy.id, loaded.policy.version, id(loaded))
    with _LOCK:
        cached = _ENGINES.get(key)
        if cached is not None and cached[0] is loaded:
            return cached[1]
    engine = Engine(loaded)  # built outside the lock: detectors may take a moment to load
    with _LOCK:
        if len(_ENGINES) >= _MAX_ENGINES:
            _ENGINES.pop(next(iter(_ENGINES)))
        _ENGINES[key] = (loaded, engine)
    return engine


def check(text: str, policy: Policy | str, context: Context | None = None, *, inbound: bool = False,
          as_role: str | None = None, account: str | None = None) -> Decision:
    """Check ``text`` under ``policy``. Either pass a full ``context`` or the common keyword shortcuts."""
    if context is None:
        context = Context(direction=Direction.INBOUND if inbound else Direction.OUTBOUND, author_role=as_role,
                          account_category=account)
    return engine_for(policy).check(text, context)
