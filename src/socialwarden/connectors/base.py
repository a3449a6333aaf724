"""The connector plugin base: one class per platform, each declaring what it can do.

A connector turns a platform's API into SocialWarden's few verbs. Every verb is optional; a connector lists the
ones it implements in ``capabilities`` so the desk and the UI offer only what the platform really supports, and
calling one it lacks raises ``NotSupported`` carrying what the platform can do instead (``instead``), which the UI
also shows before anyone clicks (``cannot``). Connectors hold no state about sync progress: the caller passes the
cursor in and stores the one that comes back, so a restart resumes exactly where it stopped.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from socialwarden.connectors import redact
from socialwarden.connectors.http import Clock, HttpClient, RetryPolicy, SystemClock
from socialwarden.exceptions import InputError, MalformedPayload, NotSupported, PlatformError

__all__ = ["Account", "Capability", "Comment", "CommentPage", "Connector", "Credentials", "Engagement",
           "OutgoingPost", "PlatformPost", "Profile", "connector_class", "platforms", "register", "same_text"]


class Capability(enum.StrEnum):
    FETCH_COMMENTS = "fetch_comments"
    PUBLISH = "publish"
    FIND_PUBLISHED = "find_published"  # look a post up by its idempotency key / text after a crash
    HIDE = "hide"
    UNHIDE = "unhide"
    DELETE = "delete"  # a comment on one of our posts
    BLOCK = "block"
    REPORT = "report"
    PROFILE = "profile"
    REPLY = "reply"  # answer a comment, or one of our own posts (a correction reply)
    EDIT = "edit"  # change the text of one of our published posts (a correction)
    DELETE_POST = "delete_post"  # take one of our published posts down (a withdrawal)
    ENGAGEMENT = "engagement"  # likes/favourites, shares/boosts and reply counts of our published posts
    FETCH_POST = "fetch_post"  # a post by its platform id: a comment's parent, or checking an edit landed


WHAT = {Capability.FETCH_COMMENTS: "read comments", Capability.PUBLISH: "publish",
        Capability.FIND_PUBLISHED: "look up a post after an interrupted attempt", Capability.HIDE: "hide a comment",
        Capability.UNHIDE: "unhide a comment", Capability.DELETE: "remove a comment",
        Capability.BLOCK: "block an author", Capability.REPORT: "report to the platform",
        Capability.PROFILE: "read the profile", Capability.REPLY: "reply",
        Capability.EDIT: "edit a published post", Capability.DELETE_POST: "delete a published post",
        Capability.ENGAGEMENT: "read likes, shares and replies", Capability.FETCH_POST: "read a post by its id"}


class Gone(PlatformError):
    """The platform no longer has the post or comment (deleted there): deleting it again counts as done."""

    status = 404


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
    post_id: str | None = None  # the post the thread hangs off (usually ours), where the platform says
    post_text: str | None = None  # its text, when the platform sent it with the comment (else FETCH_POST)


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
    # for finding it after a lost answer: posts made before the attempt started, or already recorded as another
    # of our posts, are not this one
    not_before: dt.datetime | None = None
    known_ids: frozenset[str] = frozenset()

    @property
    def body(self) -> str:
        """The text as most platforms carry it: the link on its own line."""
        return self.text if not self.link else f"{self.text}\n\n{self.link}"

    def could_be(self, platform_id: str, created_at: dt.datetime | None) -> bool:
        """Whether a post found on the platform may be this one (not another of ours, not older than the attempt)."""
        if platform_id in self.known_ids:
            return False
        slack = dt.timedelta(minutes=2)  # the platform's clock and ours
        return self.not_before is None or created_at is None or created_at >= self.not_before - slack


@dataclass(frozen=True)
class Engagement:
    """What people did with one of our published posts, as the platform counts it now."""

    post_id: str
    likes: int  # likes, favourites, reactions
    shares: int  # shares, boosts, reposts, quotes
    replies: int  # comments and replies
    views: int | None = None

    @property
    def total(self) -> int:
        return self.likes + self.shares + self.replies


@dataclass(frozen=True)
class PlatformPost:
    """A post read back from the platform by its id."""

    platform_id: str
    text: str
    url: str | None = None
    created_at: dt.datetime | None = None


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
    label: ClassVar[str] = ""  # the platform's name for people ("Facebook")
    capabilities: ClassVar[frozenset[Capability]] = frozenset()
    idempotent_publish: ClassVar[bool] = False  # the platform itself deduplicates on OutgoingPost.idempotency_key
    instead: ClassVar[Mapping[Capability, str]] = {}  # what to do where the platform cannot (shown to people)

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

    @classmethod
    def cannot(cls, capability: Capability) -> str | None:
        """None if the platform can do it, else a sentence saying so and what it can do instead (for the UI)."""
        if capability in cls.capabilities:
            return None
        name = cls.label or cls.platform
        text = f"{name} cannot {WHAT[capability]} through its API"
        return f"{text}: {cls.instead[capability]}" if capability in cls.instead else text

    def _unsupported(self, capability: Capability) -> NotSupported:
        return NotSupported(f"cannot {WHAT[capability]} on this platform", platform=self.platform,
                            instead=self.instead.get(capability))

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

    def unhide(self, account: Account, comment_id: str) -> None:
        raise self._unsupported(Capability.UNHIDE)

    def delete(self, account: Account, comment_id: str) -> None:
        raise self._unsupported(Capability.DELETE)

    def reply(self, account: Account, target_id: str, post: OutgoingPost, *, on_post: bool = False) -> str:
        """Answer the comment (or, ``on_post``, our post) ``target_id`` publicly; returns the reply's platform id."""
        raise self._unsupported(Capability.REPLY)

    def edit(self, account: Account, platform_id: str, post: OutgoingPost) -> None:
        """Replace the text of our published post ``platform_id`` (safe to repeat)."""
        raise self._unsupported(Capability.EDIT)

    def delete_post(self, account: Account, platform_id: str) -> None:
        """Take our published post down (a post already gone counts as done)."""
        raise self._unsupported(Capability.DELETE_POST)

    def engagement(self, account: Account, platform_ids: Sequence[str]) -> list[Engagement]:
        """Current counts for our published posts; posts the platform no longer has are left out."""
        raise self._unsupported(Capability.ENGAGEMENT)

    def fetch_post(self, account: Account, platform_id: str) -> PlatformPost:
        """A post (ours or anyone's) by its platform id."""
        raise self._unsupported(Capability.FETCH_POST)

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
    from socialwarden.connectors import feed, graph, linkedin, mastodon, tiktok, x, youtube  # noqa: F401


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


def same_text(a: str, b: str) -> bool:
    """Whether two post texts are the same post (whitespace and case aside): never a mere shared prefix."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def chunks(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def write_cursor(state: Mapping[str, Any]) -> str:
    """A cursor dict as the stable text stored with the account's link."""
    return json.dumps(state, sort_keys=True)
