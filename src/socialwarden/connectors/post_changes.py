"""Corrections and withdrawals reaching the platform, through the one path (``actions.perform``).

A correction counts once its version is approved (status corrected): it is then published the way the platform
allows, in this order (Gosport 25/27: correct publicly, never silently delete): an edit of our post where the API
can edit (readers see it was edited), else a public correction reply on our post, else a new post that names the
old one. The original post's id and the correction's are both kept (``platform_actions.target_id`` and
``result_id``). A withdrawal deletes the published post where the platform can; whether it may be withdrawn at all
(own post, nobody engaged) was settled by ``posts.changes.withdraw`` before this runs.

Each is keyed by post and version, so it is carried out once: the CLI and the web push it straight after the change
(or the approval that completes it), and ``warden worker`` pushes any that are due or were interrupted — an
interrupted edit is first looked for on the platform (``fetch_post``), so a crash never edits twice.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account as GovAccount
from socialwarden.connectors import actions, service
from socialwarden.connectors.actions import Verb
from socialwarden.connectors.base import Account, Capability, Connector, OutgoingPost, connector_class, same_text
from socialwarden.connectors.models import ActionOutcome, PlatformActionOut
from socialwarden.connectors.pool import Connectors
from socialwarden.exceptions import InputError
from socialwarden.people.models import Person
from socialwarden.policy.models import Policy
from socialwarden.posts.models import Post, PostStatus
from socialwarden.posts.records import current
from socialwarden.settings import Settings

__all__ = ["correction_key", "due_corrections", "push_change", "push_correction", "push_corrections",
           "push_withdrawal", "withdrawal_key"]

MAX_TRIES = 5  # a correction the platform keeps refusing is left for a person after this many attempts
CORRECTION = "Correction: "


def correction_key(post_id: int, version: int) -> str:
    return f"socialwarden-post-{post_id}-v{version}-correction"


def withdrawal_key(post_id: int) -> str:
    return f"socialwarden-post-{post_id}-withdraw"


def _class(session: Session, account_id: int) -> type[Connector] | None:
    account = session.get(GovAccount, account_id)
    if account is None:
        return None
    try:
        return connector_class(service.platform_name(account.platform))
    except InputError:
        return None


def method_for(cls: type[Connector] | None) -> tuple[str, Capability]:
    """How this platform takes a correction: edit, else a correction reply, else a new post (see the docstring)."""
    caps = cls.capabilities if cls is not None else frozenset()
    if Capability.EDIT in caps:
        return "edit", Capability.EDIT
    if Capability.REPLY in caps:
        return "reply", Capability.REPLY
    if Capability.PUBLISH in caps:
        return "new_post", Capability.PUBLISH
    return "edit", Capability.EDIT  # none: the outcome says the platform cannot, and what to do instead


def _pending(post: Post) -> bool:
    return (post.status == PostStatus.CORRECTED and post.platform_post_id is not None
            and post.approved_version == post.version and current(post).reason == "correction")


def push_correction(session: Session, *, settings: Settings, policy: Policy, actor: Person, post_id: int,
                    connectors: Connectors) -> PlatformActionOut | None:
    """Publish the post's approved correction on its platform (None: no approved correction waiting)."""
    post = session.get(Post, post_id)
    if post is None or not _pending(post):
        return None
    original = str(post.platform_post_id)
    version = current(post)
    text, key = version.text, correction_key(post.id, post.version)
    cls = _class(session, post.account_id)
    method, capability = method_for(cls)
    account = session.get(GovAccount, post.account_id)
    assert account is not None  # foreign key

    def call(connector: Connector, target: Account) -> str | None:
        if method == "edit":
            connector.edit(target, original, OutgoingPost(post_id=str(post_id), text=text, idempotency_key=key))
            return original
        if method == "reply":
            return connector.reply(target, original, OutgoingPost(post_id=str(post_id), text=CORRECTION + text,
                                                                   idempotency_key=key), on_post=True)
        link = connector.fetch_post(target, original).url if connector.supports(Capability.FETCH_POST) else None
        return connector.publish(target, OutgoingPost(
            post_id=str(post_id), idempotency_key=key, link=link,
            text=f"{CORRECTION}{text}" + ("" if link else f" (this corrects our post {original})")))

    def settle(connector: Connector, target: Account) -> str | None:
        """After a crash: did the interrupted correction land? (An edit: the post already says the new text.)"""
        if method == "edit" and connector.supports(Capability.FETCH_POST):
            return original if same_text(connector.fetch_post(target, original).text, text) else None
        return None

    repeatable = method == "edit" or (cls is not None and cls.idempotent_publish)
    return actions.perform(session, settings=settings, policy=policy, actor=actor, verb=Verb.CORRECT,
                           subject_type="post", subject_id=post.id, account_id=post.account_id,
                           platform=account.platform, key=key, call=call, connectors=connectors,
                           capability=capability, target_id=original, method=method, repeatable=repeatable,
                           settle=settle if method == "edit" else None,
                           done_text={"edit": "corrected on {p} (edited)", "reply": "correction replied on {p}",
                                      "new_post": "correction posted on {p}"}[method])


def push_withdrawal(session: Session, *, settings: Settings, policy: Policy, actor: Person, post_id: int,
                    connectors: Connectors) -> PlatformActionOut | None:
    """Delete a withdrawn post from its platform (None: it was never published, so there is nothing to delete)."""
    post = session.get(Post, post_id)
    if post is None or post.status != PostStatus.WITHDRAWN or post.platform_post_id is None:
        return None
    original = str(post.platform_post_id)
    account = session.get(GovAccount, post.account_id)
    assert account is not None

    def call(connector: Connector, target: Account) -> str | None:
        connector.delete_post(target, original)
        return None

    return actions.perform(session, settings=settings, policy=policy, actor=actor, verb=Verb.WITHDRAW,
                           subject_type="post", subject_id=post.id, account_id=post.account_id,
                           platform=account.platform, key=withdrawal_key(post.id), call=call, connectors=connectors,
                           target_id=original, method="delete", repeatable=True)


def due_corrections(session: Session) -> list[int]:
    """Posts whose approved correction has not reached the platform: never tried, interrupted, or failed fewer
    than MAX_TRIES times (those with no connector linked wait until one is)."""
    found = []
    for post in session.execute(select(Post).where(Post.status == PostStatus.CORRECTED,
                                                   Post.platform_post_id.is_not(None)).order_by(Post.id)).scalars():
        if not _pending(post):
            continue
        row = actions.find(session, correction_key(post.id, post.version))
        if row is None and not actions.linked(session, post.account_id):
            continue
        if row is None or row.outcome == ActionOutcome.STARTED or (
                row.outcome == ActionOutcome.FAILED and row.attempts < MAX_TRIES) or (
                row.outcome == ActionOutcome.NO_CONNECTOR and actions.linked(session, post.account_id)):
            found.append(post.id)
    return found


def push_corrections(session: Session, *, settings: Settings, policy: Policy, actor: Person,
                     connectors: Connectors) -> list[PlatformActionOut]:
    """The worker's step: publish every approved correction still waiting (see ``due_corrections``)."""
    done = []
    for post_id in due_corrections(session):
        session.commit()
        out = push_correction(session, settings=settings, policy=policy, actor=actor, post_id=post_id,
                              connectors=connectors)
        if out is not None:
            done.append(out)
    return done


def push_change(session: Session, *, settings: Settings, policy: Policy, actor: Person, post_id: int,
                connectors: Connectors | None = None) -> PlatformActionOut | None:
    """After a correction, an approval or a withdrawal (committed): carry out on the platform whatever is now due
    for the post (None: nothing is, e.g. a correction still waiting for approval). For the CLI and the web."""
    pool = connectors or Connectors()
    try:
        post = session.get(Post, post_id)
        if post is not None and post.status == PostStatus.WITHDRAWN:
            return push_withdrawal(session, settings=settings, policy=policy, actor=actor, post_id=post_id,
                                   connectors=pool)
        return push_correction(session, settings=settings, policy=policy, actor=actor, post_id=post_id,
                               connectors=pool)
    finally:
        if connectors is None:
            pool.close()
