"""The connector plugin base: one class per platform, each declaring what it can do.

A connector turns a platform's API into SocialWarden's few verbs. Every verb is optional; a connector lists the
ones it implements in ``capabilities`` so the desk and the UI offer only what the platform really supports, and
calling one it lacks raises ``NotSupported``. Connectors hold no state about sync progress: the caller passes the
cursor in and stores the one that comes back, so a restart resumes exactly where it stopped.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from socialwarden.connectors import redact
from socialwarden.connectors.http import Clock, HttpClient, RetryPolicy, SystemClock
from socialwarden.exceptions import InputError, MalformedPayload, NotSupported

__all__ = ["Account", "Capability", "Comment", "CommentPage", "Connector", "Credentials", "OutgoingPost",
           "Profile", "connector_class", "platforms", "register"]


class Capability(enum.StrEnum):
    FETCH_COMMENTS = "fetch_comments"
    PUBLISH = "publish"
    FIND_PUBLISHED = "find_published"  # look a post up by its idempotency key / text after a crash
    HIDE = "hide"
    DELETE = "delete"
    BLOCK = "block"
    REPORT = "report"
    PROFILE = "profile"


class Credentials:
    """Secrets for one account (from the vault). Never printed: repr and str show only the key names."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)
        redact.register(*self._values.values())

    def get(self, key: str, default: str | None = None) -> str | None:
        return self._values.get(key, default)

    def require(self, key: str, *, platform: str) -> str:
        """The secret named ``key``; InputError naming the key (never the value) when it is missing."""
        value = self._values.get(key)
        if not value:
            raise InputError(f"{platform}: the account's credentials have no {key!r}: reconnect the account")
        return value

    def __repr__(self) -> str:
        return f"Credentials(keys={sorted(self._values)})"

    __str__ = __repr__


@dataclass(frozen=True)
class Account:
    """What a connector needs to know about one account: where it lives and how to sign in as it."""

    id: str  # SocialWarden's account id
    platform: str
    handle: str
    external_id: str | None = None  # the platform's id for the page/channel/user, where calls need it
    api_base_url: str | None = None  # Mastodon instance, feed URL, webhook URL, or a test server
    credentials: Credentials = field(default_factory=lambda: Credentials({}), repr=False, compare=False)


@dataclass(frozen=True)
class Comment:
    """A third-party comment or mention, as the desk ingests it (idempotent on platform + platform_id)."""

    platform: str
    platform_id: str
    text: str
    author_id: str
    author_name: str
    created_at: dt.datetime
    url: str | None = None
    in_reply_to: str | None = None  # the platform id of the post or comment it answers
    thread: tuple[str, ...] = ()  # context for evidence: the parent text(s), oldest first


@dataclass(frozen=True)
class CommentPage:
    """One page of comments and the cursor to pass next time; ``more`` says another page is ready now."""

    comments: tuple[Comment, ...]
    cursor: str | None
    more: bool


@dataclass(frozen=True)
class OutgoingPost:
    """A post to publish; ``idempotency_key`` is the same on every retry of the same post."""

    post_id: str
    text: str
    idempotency_key: str
    link: str | None = None
    media_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """The account's public face, for the branding checks (logo on official accounts, bio wording)."""

    platform: str
    handle: str
    display_name: str
    bio: str
    avatar_url: str | None
    banner_url: str | None = None
    url: str | None = None


class Connector:
    """Base class for a platform; subclasses set ``platform`` and ``capabilities`` and override those verbs."""

    platform: ClassVar[str] = ""
    capabilities: ClassVar[frozenset[Capability]] = frozenset()
    idempotent_publish: ClassVar[bool] = False  # the platform itself deduplicates on OutgoingPost.idempotency_key

    def __init__(self, *, retry: RetryPolicy | None = None, clock: Clock | None = None) -> None:
        self.retry = retry or RetryPolicy()
        self.clock = clock or SystemClock()
        self._http: dict[tuple[str, str, int], HttpClient] = {}

    def http_client(self, account: Account, make: Callable[[], HttpClient], *, token: str) -> HttpClient:
        """One pooled httpx client per account and token (a new token after reconnecting gets a new one)."""
        key = (account.id, account.api_base_url or "", hash(token))
        client = self._http.get(key)
        if client is None:
            client = self._http[key] = make()
        return client

    def close(self) -> None:
        """Close pooled connections."""
        for client in self._http.values():
            client.close()
        self._http.clear()

    def supports(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def _unsupported(self, capability: Capability) -> NotSupported:
        return NotSupported(f"cannot {capability.value.replace('_', ' ')} on this platform", platform=self.platform)

    def fetch_comments(self, account: Account, cursor: str | None) -> CommentPage:
        """The next page of comments after ``cursor`` (None: start from now-ish, per platform)."""
        raise self._unsupported(Capability.FETCH_COMMENTS)

    def publish(self, account: Account, post: OutgoingPost) -> str:
        """Publish and return the platform's id for the new post."""
        raise self._unsupported(Capability.PUBLISH)

    def find_published(self, account: Account, post: OutgoingPost) -> str | None:
        """The platform id of ``post`` if an earlier attempt did publish it (checked before any retry)."""
        raise self._unsupported(Capability.FIND_PUBLISHED)

    def hide(self, account: Account, comment_id: str) -> None:
        raise self._unsupported(Capability.HIDE)

    def delete(self, account: Account, comment_id: str) -> None:
        raise self._unsupported(Capability.DELETE)

    def block(self, account: Account, author_id: str) -> None:
        raise self._unsupported(Capability.BLOCK)

    def report(self, account: Account, comment_id: str, *, author_id: str, reason: str) -> None:
        raise self._unsupported(Capability.REPORT)

    def profile(self, account: Account) -> Profile:
        raise self._unsupported(Capability.PROFILE)


_REGISTRY: dict[str, type[Connector]] = {}
redact.install()
C = TypeVar("C", bound=type[Connector])


def register(cls: C) -> C:
    """Class decorator: make a connector available under its ``platform`` name."""
    if not cls.platform:
        raise TypeError(f"{cls.__name__} has no platform name")
    _REGISTRY[cls.platform] = cls
    return cls


def _load_builtin() -> None:
    # imported for their @register side effect; late so base.py has no import cycle with them
    from socialwarden.connectors import feed, graph, mastodon, x, youtube  # noqa: F401


def connector_class(platform: str) -> type[Connector]:
    """The connector registered for ``platform``; InputError listing the known ones otherwise."""
    _load_builtin()
    try:
        return _REGISTRY[platform]
    except KeyError:
        raise InputError(f"no connector for platform {platform!r} (known: {', '.join(sorted(_REGISTRY))})") from None


def platforms() -> dict[str, frozenset[Capability]]:
    """Every registered platform and what it can do, for the UI."""
    _load_builtin()
    return {name: cls.capabilities for name, cls in sorted(_REGISTRY.items())}


# ---- payload reading: a missing or mistyped field names itself ----

def field_of(payload: Any, path: str, *, platform: str, kind: type | tuple[type, ...] = str) -> Any:
    """``payload[a][b]…`` for path "a.b…", checked to be ``kind``; MalformedPayload naming the path otherwise."""
    value = payload
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise MalformedPayload("missing", platform=platform, field=path)
        value = value[part]
    if not isinstance(value, kind):
        raise MalformedPayload(f"expected {_kind_name(kind)}, got {type(value).__name__}", platform=platform,
                               field=path)
    return value


def optional_of(payload: Any, path: str, *, platform: str, kind: type | tuple[type, ...] = str) -> Any:
    """Like ``field_of`` but None when absent or null."""
    value = payload
    for part in path.split("."):
        if not isinstance(value, Mapping) or value.get(part) is None:
            return None
        value = value[part]
    if not isinstance(value, kind):
        raise MalformedPayload(f"expected {_kind_name(kind)}, got {type(value).__name__}", platform=platform,
                               field=path)
    return value


def parse_time(value: Any, *, platform: str, field: str) -> dt.datetime:
    """An ISO-8601 timestamp (``Z`` or ``+0000`` offsets too) as an aware UTC datetime."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if not isinstance(value, str):
        raise MalformedPayload("expected a timestamp", platform=platform, field=field)
    text = value.strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":  # Graph's +0000
        text = text[:-2] + ":" + text[-2:]
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise MalformedPayload(f"not a timestamp: {value[:40]!r}", platform=platform, field=field) from None
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


def read_cursor(cursor: str | None, *, bare_key: str | None = None) -> dict[str, Any]:
    """A connector's stored cursor as a dict ({} when absent or unreadable; ``{bare_key: cursor}`` for a bare id)."""
    if not cursor:
        return {}
    try:
        state = json.loads(cursor)
    except ValueError:
        return {bare_key: cursor} if bare_key else {}
    return state if isinstance(state, dict) else {}


def write_cursor(state: Mapping[str, Any]) -> str:
    """A cursor dict as the stable text stored with the account's link."""
    return json.dumps(state, sort_keys=True)
