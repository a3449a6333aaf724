"""The public entry points: ``check`` a text under a policy, with engines cached per policy content.

Engines are cached by what the policy says, not by which object holds it: a pack name or file is read and
hashed on each call (the YAML is parsed and validated only when its text is new), and a ``Policy`` object is
hashed once (by its JSON) and then known by identity. So ``check(text, "gosport")`` costs a file read and a
hash after the first call, and editing the file takes effect on the next call.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Decision
from socialwarden.engine.engine import Engine
from socialwarden.policy.loader import parse_policy, resolve
from socialwarden.policy.models import Policy

_LOCK = threading.Lock()
_MAX_ENGINES = 16
_ENGINES: OrderedDict[str, Engine] = OrderedDict()  # content digest -> engine, least recently used first
_KNOWN: OrderedDict[int, tuple[Policy, str]] = OrderedDict()  # id(policy) -> (the policy, its digest)
_TEXTS: OrderedDict[str, str] = OrderedDict()  # digest of a policy file's text -> the policy's digest
_MAX_KNOWN = 64


def _digest(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _policy_digest(policy: Policy) -> str:
    with _LOCK:
        known = _KNOWN.get(id(policy))
        if known is not None and known[0] is policy:
            return known[1]
    digest = _digest(policy.model_dump_json(by_alias=True))
    with _LOCK:
        _KNOWN[id(policy)] = (policy, digest)  # holding the policy keeps its id from being reused
        while len(_KNOWN) > _MAX_KNOWN:
            _KNOWN.popitem(last=False)
    return digest


def _cached(digest: str | None) -> Engine | None:
    if digest is None:
        return None
    with _LOCK:
        engine = _ENGINES.get(digest)
        if engine is not None:
            _ENGINES.move_to_end(digest)
        return engine


def _keep(digest: str, engine: Engine) -> Engine:
    with _LOCK:
        existing = _ENGINES.get(digest)
        if existing is not None:  # another thread built it meanwhile: everyone shares one
            return existing
        _ENGINES[digest] = engine
        while len(_ENGINES) > _MAX_ENGINES:
            _ENGINES.popitem(last=False)
    return engine


def engine_for(policy: Policy | str) -> Engine:
    """A ready engine for ``policy`` (a Policy, a pack name or a file path), built once per policy content."""
    if isinstance(policy, str):
        display, text = resolve(policy)
        text_digest = _digest(text)
        with _LOCK:
            digest = _TEXTS.get(text_digest)
        engine = _cached(digest)
        if engine is not None:
            return engine
        loaded = parse_policy(text, display)  # only for a text not seen (or an engine since dropped)
        digest = _policy_digest(loaded)
        with _LOCK:
            _TEXTS[text_digest] = digest
            while len(_TEXTS) > _MAX_KNOWN:
                _TEXTS.popitem(last=False)
    else:
        loaded = policy
        digest = _policy_digest(policy)
    engine = _cached(digest)
    if engine is not None:
        return engine
    return _keep(digest, Engine(loaded))  # built outside the lock: detectors may take a moment to load


def clear_cache() -> None:
    """Forget every cached engine (tests; a long-running process after a policy change needs nothing: the
    next call with a changed file builds a new engine)."""
    with _LOCK:
        _ENGINES.clear()
        _KNOWN.clear()
        _TEXTS.clear()


def check(text: str, policy: Policy | str, context: Context | None = None, *, inbound: bool = False,
          as_role: str | None = None, account: str | None = None) -> Decision:
    """Check ``text`` under ``policy``. Either pass a full ``context`` or the common keyword shortcuts."""
    if context is None:
        context = Context(direction=Direction.INBOUND if inbound else Direction.OUTBOUND, author_role=as_role,
                          account_category=account)
    return engine_for(policy).check(text, context)
