"""Moderation actions carried out on the platform, for the web inbox, escalation decisions and the CLI alike.

The desk records the action and keeps the evidence first (committed), then ``actions.perform`` carries it out on
the comment's platform and records the outcome. If the platform refuses, the comment's state is put back (it stays
open for another try) and the failure audited, so the desk never shows as done what the platform did not do; where
the platform cannot do it, or no connector is linked, the desk's record stands and the outcome says "recorded here
only" and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.acting import acting
from socialwarden.connectors import actions
from socialwarden.connectors.actions import Verb
from socialwarden.connectors.base import Account, Capability, Connector, OutgoingPost, connector_class
from socialwarden.connectors.models import ActionOutcome, PlatformActionOut
from socialwarden.connectors.pool import Connectors
from socialwarden.exceptions import InputError
from socialwarden.moderation import escalations
from socialwarden.moderation import service as desk
from socialwarden.moderation.models import ActionOut, Comment, ModerationActionRecord
from socialwarden.people.models import Person
from socialwarden.policy.models import ModerationAction, Policy
from socialwarden.settings import Settings

__all__ = ["ON_PLATFORM", "Moderated", "act_on_platform", "after_desk", "decide_on_platform", "notes",
           "platform_actions", "unhide_note", "unhide_on_platform"]

ON_PLATFORM = {ModerationAction.HIDE: Capability.HIDE, ModerationAction.REMOVE: Capability.DELETE,
               ModerationAction.BLOCK_AUTHOR: Capability.BLOCK,
               ModerationAction.REPORT_TO_PLATFORM: Capability.REPORT, ModerationAction.REPLY: Capability.REPLY}
VERBS = {ModerationAction.HIDE: Verb.HIDE, ModerationAction.REMOVE: Verb.REMOVE,
         ModerationAction.BLOCK_AUTHOR: Verb.BLOCK_AUTHOR, ModerationAction.REPORT_TO_PLATFORM: Verb.REPORT,
         ModerationAction.REPLY: Verb.REPLY}
REPEATABLE = {Verb.HIDE, Verb.REMOVE, Verb.BLOCK_AUTHOR}  # doing them twice is doing them once


@dataclass(frozen=True)
class Moderated:
    """The desk's record of an action and what became of it on the platform (None: not a platform action)."""

    desk: ActionOut
    platform: PlatformActionOut | None

    @property
    def said(self) -> str:
        """The sentence the screen and the command show ("hidden on Facebook", "recorded here only — …")."""
        return self.platform.message if self.platform is not None else "recorded here"

    @property
    def failed(self) -> bool:
        return self.platform is not None and self.platform.outcome == ActionOutcome.FAILED

    @property
    def out(self) -> ActionOut:
        """The desk's record with what the platform did folded in: what the API and ``--json`` return."""
        return self.desk.model_copy(update={"platform": self.platform})


def platform_actions(platform: str) -> list[ModerationAction]:
    """The moderation actions this platform can carry out itself."""
    from socialwarden.connectors import service

    connector = connector_class(service.platform_name(platform))
    return [action for action, cap in ON_PLATFORM.items() if cap in connector.capabilities]


def notes(session: Session, row: Comment, offered: list[ModerationAction]) -> dict[str, str]:
    """What the page says beside each button before anyone clicks: what the platform cannot do (and what it can
    instead), or that no connector is linked so the action is recorded here only."""
    taking = [a for a in offered if a in ON_PLATFORM]
    if not actions.linked(session, row.account_id):
        return {a.value: actions.NO_CONNECTOR for a in taking}
    found = {a.value: actions.cannot(row.platform, ON_PLATFORM[a]) for a in taking}
    return {k: f"recorded here only — {v}" for k, v in found.items() if v}


def unhide_note(session: Session, row: Comment) -> str | None:
    """What the page says beside "Unhide" before the click (None: the platform shows it again too)."""
    if not actions.linked(session, row.account_id):
        return actions.NO_CONNECTOR
    said = actions.cannot(row.platform, Capability.UNHIDE)
    return f"recorded here only — {said}" if said else None


def _latest_record(session: Session, pk: int) -> int:
    found = session.execute(select(func.max(ModerationActionRecord.id))
                            .where(ModerationActionRecord.comment_pk == pk)).scalar_one_or_none()
    if found is None:
        raise InputError(f"comment #{pk} has no recorded action to carry out")
    return int(found)


def _call(row: Comment, action: ModerationAction, reason: str, reply_text: str | None,
          key: str) -> Callable[[Connector, Account], str | None]:
    comment_id, author = row.comment_id, row.author_id or ""

    def call(connector: Connector, account: Account) -> str | None:
        if action is ModerationAction.HIDE:
            connector.hide(account, comment_id)
        elif action is ModerationAction.REMOVE:
            connector.delete(account, comment_id)
        elif action is ModerationAction.BLOCK_AUTHOR:
            connector.block(account, author)
        elif action is ModerationAction.REPORT_TO_PLATFORM:
            connector.report(account, comment_id, author_id=author, reason=reason)
        else:
            return connector.reply(account, comment_id, OutgoingPost(post_id=key, text=reply_text or "",
                                                                     idempotency_key=key))
        return None

    return call


def after_desk(session: Session, *, settings: Settings, policy: Policy, actor: Person, done: ActionOut,
               connectors: Connectors) -> Moderated:
    """Carry out on the platform what the desk just recorded (and committed) for a comment."""
    action = ModerationAction(done.action)
    verb = VERBS.get(action)
    if verb is None:
        return Moderated(done, None)
    row = session.get(Comment, done.comment)
    assert row is not None  # the desk just acted on it
    before = {"state": row.state, "visibility": row.visibility}
    if action in (ModerationAction.BLOCK_AUTHOR, ModerationAction.REPORT_TO_PLATFORM) and not row.author_id:
        return Moderated(done, None)
    key = f"comment-{row.id}-action-{_latest_record(session, row.id)}"
    out = actions.perform(session, settings=settings, policy=policy, actor=actor, verb=verb, subject_type="comment",
                          subject_id=row.id, account_id=row.account_id, platform=row.platform, key=key,
                          call=_call(row, action, done.reason, done.reply_text, key), connectors=connectors,
                          target_id=row.comment_id, repeatable=verb in REPEATABLE)
    if out.outcome == ActionOutcome.FAILED and action in (ModerationAction.HIDE, ModerationAction.REMOVE,
                                                         ModerationAction.REPLY):
        row = session.get(Comment, done.comment, populate_existing=True)
        assert row is not None
        if action is not ModerationAction.REPLY:
            row.visibility = "visible"
        row.state = "open"  # stays on the desk for another try
        acting(session, policy=policy, actor=actor).record(
            "comment.platform_failed", subject_type="comment", subject_id=row.id, before={"action": action.value},
            after={"state": row.state, "visibility": row.visibility, "was": before}, reason=out.error)
        session.commit()
    return Moderated(done, out)


def act_on_platform(session: Session, *, settings: Settings, policy: Policy, actor: Person, pk: int,
                    action: ModerationAction, reason: str, connectors: Connectors, exception: str | None = None,
                    reply_text: str | None = None, escalate_to: list[str] | None = None) -> Moderated:
    """Record ``action`` on comment ``pk`` with the desk (evidence first, committed), then do it on the platform
    where it is a platform action. The one path for the web inbox and ``warden inbox act``."""
    done = desk.act(session, policy=policy, actor=actor.handle, pk=pk, action=action, reason=reason,
                    reply_text=reply_text, escalate_to=escalate_to, exception=exception)
    session.commit()  # the evidence is safe before anything changes on the platform
    return after_desk(session, settings=settings, policy=policy, actor=actor, done=done, connectors=connectors)


def unhide_on_platform(session: Session, *, settings: Settings, policy: Policy, actor: Person, pk: int,
                       reason: str, connectors: Connectors) -> Moderated:
    """Show a hidden comment again, here (committed) and then on the platform; if the platform refuses, the
    comment stays hidden here too."""
    done = desk.unhide(session, policy=policy, actor=actor.handle, pk=pk, reason=reason)
    session.commit()
    row = session.get(Comment, pk)
    assert row is not None
    key = f"comment-{row.id}-action-{_latest_record(session, row.id)}"
    comment_id = row.comment_id

    def call(connector: Connector, account: Account) -> str | None:
        connector.unhide(account, comment_id)
        return None

    out = actions.perform(session, settings=settings, policy=policy, actor=actor, verb=Verb.UNHIDE,
                          subject_type="comment", subject_id=row.id, account_id=row.account_id,
                          platform=row.platform, key=key, call=call, connectors=connectors, target_id=comment_id)
    if out.outcome == ActionOutcome.FAILED:
        row = session.get(Comment, pk, populate_existing=True)
        assert row is not None
        row.visibility = "hidden"
        acting(session, policy=policy, actor=actor).record(
            "comment.platform_failed", subject_type="comment", subject_id=row.id, before={"action": "unhide"},
            after={"visibility": row.visibility}, reason=out.error)
        session.commit()
    return Moderated(done, out)


def decide_on_platform(session: Session, *, settings: Settings, policy: Policy, actor: Person, pk: int,
                       action: ModerationAction, reason: str, connectors: Connectors,
                       exception: str | None = None) -> Moderated:
    """An escalation's decision (keep, hide, remove, report …), then carried out on the platform."""
    done = escalations.decide(session, policy=policy, who=actor, pk=pk, action=action, reason=reason,
                              exception=exception)
    session.commit()
    return after_desk(session, settings=settings, policy=policy, actor=actor, done=done, connectors=connectors)
