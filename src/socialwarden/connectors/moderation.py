"""Moderation actions carried out on the platform: the desk records the action and keeps the evidence first
(committed), then the connector hides, deletes, blocks or reports. If the platform refuses, the comment's state
is put back and the failure audited, so the desk never shows as done what the platform did not do."""

from __future__ import annotations

from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account as GovAccount
from socialwarden.acting import acting
from socialwarden.connectors import service
from socialwarden.connectors.base import Capability, connector_class
from socialwarden.connectors.pool import Connectors
from socialwarden.exceptions import Conflict, NotSupported, PlatformError
from socialwarden.moderation import service as desk
from socialwarden.moderation.models import ActionOut, Comment
from socialwarden.people.models import Person
from socialwarden.policy.models import ModerationAction, Policy
from socialwarden.settings import Settings

__all__ = ["ON_PLATFORM", "act_on_platform", "platform_actions"]

ON_PLATFORM = {ModerationAction.HIDE: Capability.HIDE, ModerationAction.REMOVE: Capability.DELETE,
               ModerationAction.BLOCK_AUTHOR: Capability.BLOCK,
               ModerationAction.REPORT_TO_PLATFORM: Capability.REPORT}


def platform_actions(platform: str) -> list[ModerationAction]:
    """The moderation actions this platform can carry out itself (the UI offers only these on the platform)."""
    connector = connector_class(service.platform_name(platform))
    return [action for action, cap in ON_PLATFORM.items() if cap in connector.capabilities]


def act_on_platform(session: Session, *, settings: Settings, policy: Policy, actor: Person, pk: int,
                    action: ModerationAction, reason: str, connectors: Connectors,
                    exception: str | None = None) -> ActionOut:
    """Record ``action`` on comment ``pk`` with the desk (evidence first), then do it on the platform."""
    row = session.get(Comment, pk)
    if row is None:
        desk.comment(session, pk=pk)  # raises the desk's NotFound
        raise AssertionError("unreachable")
    capability = ON_PLATFORM.get(action)
    if capability is None:
        raise NotSupported(f"{action.value} is not a platform action: record it with `warden inbox act`",
                           platform=row.platform)
    connector = connectors.get(row.platform)
    if not connector.supports(capability):
        raise NotSupported(f"cannot {action.value.replace('_', ' ')} here (it can: "
                           f"{', '.join(a.value for a in platform_actions(row.platform)) or 'nothing'})",
                           platform=row.platform)
    if row.account_id is None:
        raise Conflict(f"comment #{pk} is not linked to one of our accounts, so no connector can act on it")
    account = session.get(GovAccount, row.account_id)
    assert account is not None
    if action in (ModerationAction.BLOCK_AUTHOR, ModerationAction.REPORT_TO_PLATFORM) and not row.author_id:
        raise Conflict(f"comment #{pk} has no author id to {action.value.replace('_', ' ')}")
    before = {"state": row.state, "visibility": row.visibility}
    done = desk.act(session, policy=policy, actor=actor.handle, pk=pk, action=action, reason=reason,
                    exception=exception)
    session.commit()  # the evidence is safe before anything changes on the platform
    target = service.account_for(session, settings=settings, policy=policy, actor=actor, account=account,
                                 connector=connector)
    try:
        if action is ModerationAction.HIDE:
            connector.hide(target, row.comment_id)
        elif action is ModerationAction.REMOVE:
            connector.delete(target, row.comment_id)
        elif action is ModerationAction.BLOCK_AUTHOR:
            connector.block(target, row.author_id or "")
        else:
            connector.report(target, row.comment_id, author_id=row.author_id or "", reason=reason)
    except PlatformError as exc:
        row.state, row.visibility = str(before["state"]), str(before["visibility"])
        acting(session, policy=policy, actor=actor).record("comment.platform_failed", subject_type="comment",
                                                           subject_id=pk, before={"action": action.value},
                                                           after=before, reason=exc.message)
        session.commit()
        raise
    session.commit()  # the credential reads' audit events
    return done
