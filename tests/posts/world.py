"""Build a small organisation through the governance services: people with roles and live accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.models import Account, AccountStatus, MemberKind
from socialwarden.people import service as people
from socialwarden.people.models import Person
from socialwarden.policy.models import Policy
from tests.governance.helpers import make_ready


@dataclass
class World:
    people: dict[str, Person] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)


def build(session: Session, policy: Policy, who: dict[str, Sequence[str]],
          live: Sequence[tuple[str, str, str, str, Sequence[str], Sequence[str]]],
          managers: dict[str, str] | None = None) -> World:
    """``who``: handle -> roles (the first is added without an actor, then acts for the rest); ``live``: accounts
    as (platform, handle, category, requester[:owner], approvers, access list), made active."""
    world = World()
    first = None
    for handle, roles in who.items():
        manager = world.people.get((managers or {}).get(handle, ""))
        world.people[handle] = people.add_person(session, policy=policy, actor=first, handle=handle,
                                                 name=handle.title(), roles=list(roles), line_manager=manager)
        first = first or world.people[handle]
    for platform, handle, category, requester, approvers, access in live:
        asker, _, owner = requester.partition(":")  # "requester:owner" when someone else owns it
        by = world.people[asker]
        acct = accounts.request_account(session, policy=policy, actor=by, platform=platform, handle=handle,
                                        category=category, purpose="test account",
                                        owner=world.people[owner or asker])
        for approver in approvers:
            if acct.status == AccountStatus.REQUESTED:
                accounts.approve_account(session, policy=policy, actor=world.people[approver], account=acct)
        make_ready(session, policy, acct)
        accounts.activate_account(session, policy=policy, actor=world.people[owner or asker], account=acct)
        admin = next((p for p in world.people.values()
                      if "manage_access_list" in {x.value for r in p.roles for x in policy.roles[r].permissions}), by)
        for member in access:
            accounts.add_member(session, policy=policy, actor=admin, account=acct, person=world.people[member],
                                kind=MemberKind.ACCESS)
        world.accounts[handle] = acct
    session.commit()
    return world
