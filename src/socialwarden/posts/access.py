"""Who may see a post and who may act on someone else's (record ownership), from the policy and the account.

- An unpublished post (a draft, one waiting for approval, returned, scheduled …) is seen by its author, the
  account's owner and deputies, anyone who approves posts (``approve_post``), and the roles the policy names for
  the account's category (its ``managed_by`` role and the roles its post approval rules name). Once published it is
  seen by everyone who works with posts.
- Scheduling or correcting a post, and reading it through the API, is for its author, the account's owner or a
  deputy, or an approver; editing and submitting stay with the author alone.
- Publishing, correcting and withdrawing on an account whose category an ``access_list`` rule covers (ETT 5c:
  "Individual users will only be given access to these accounts") is for the people on its access list (its owner,
  deputies and access members) and the roles the policy names for it (the rule's roles, the category's manager);
  a personal account is its holder's and its access list's alone. The refusal names the clause
  (``require_on_list``).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account, AccountMember, MemberKind
from socialwarden.acting import Actor
from socialwarden.approvals.service import applicable_rules, rule_roles
from socialwarden.exceptions import PermissionDenied
from socialwarden.people.models import Person
from socialwarden.policy.models import AccountRule, AccountRuleKind, ApprovalSubject, Permission, Policy
from socialwarden.posts.models import Post

__all__ = ["has_access", "list_refusal", "manages", "named_roles", "require_manager", "require_on_list",
           "require_visible", "visible", "visible_filter"]


def has_access(session: Session, acct: Account, person_id: int | None) -> bool:
    """The owner, a deputy or someone on the account's access list."""
    if person_id is None:
        return False
    if acct.owner_id == person_id:
        return True
    row = session.execute(select(AccountMember.person_id).where(AccountMember.account_id == acct.id,
                                                                AccountMember.person_id == person_id)).first()
    return row is not None


def _keeps(acct: Account, person_id: int | None) -> bool:
    """The account's owner or one of its deputies."""
    return person_id is not None and (acct.owner_id == person_id or any(
        m.person_id == person_id and m.kind == MemberKind.DEPUTY for m in acct.members))


def named_roles(policy: Policy, category: str) -> set[str]:
    """The roles the policy names for posts on accounts of this category: its manager and its post approvers."""
    roles = set(rule_roles(applicable_rules(policy, subject=ApprovalSubject.POST, category=category)))
    managed_by = policy.account_categories[category].managed_by if category in policy.account_categories else None
    if managed_by:
        roles.add(managed_by)
    return roles


def _published(post: Post) -> bool:
    return post.platform_post_id is not None


def visible(policy: Policy, viewer: Actor, post: Post, acct: Account) -> bool:
    """Whether ``viewer`` may read this post (see the module docstring)."""
    if _published(post) or viewer.is_(post.author_id) or _keeps(acct, viewer.id):
        return True
    if viewer.may(Permission.APPROVE_POST):
        return True
    return bool(viewer.roles() & named_roles(policy, acct.category))


def visible_filter(session: Session, policy: Policy, viewer: Actor) -> ColumnElement[bool] | None:
    """A WHERE clause for the posts ``viewer`` may read (None: every post)."""
    if viewer.may(Permission.APPROVE_POST):
        return None
    roles = viewer.roles()
    accounts = [a for a in session.execute(select(Account)).scalars()
                if _keeps(a, viewer.id) or roles & named_roles(policy, a.category)]
    return or_(Post.author_id == viewer.id, Post.platform_post_id.is_not(None),
               Post.account_id.in_([a.id for a in accounts] or [-1]))


def require_visible(policy: Policy, viewer: Actor, post: Post, acct: Account) -> None:
    if not visible(policy, viewer, post, acct):
        raise PermissionDenied(f"{viewer.name} may not see post #{post.id}: it is not published, and only its "
                               "author, the account's owner and deputies, approvers and the roles the policy "
                               "names for the account see it before then")


def manages(viewer: Actor, post: Post, acct: Account) -> bool:
    """The author, the account's owner or a deputy, or an approver of posts."""
    return viewer.is_(post.author_id) or _keeps(acct, viewer.id) or viewer.may(Permission.APPROVE_POST)


def require_manager(viewer: Actor, post: Post, acct: Account, doing: str) -> None:
    if not manages(viewer, post, acct):
        raise PermissionDenied(f"{viewer.name} may not {doing} post #{post.id}: only its author, the owner or a "
                               f"deputy of {acct.platform}:{acct.handle}, or an approver of posts may")


def _access_rules(policy: Policy, category: str) -> list[AccountRule]:
    return [r for r in policy.account_rules if r.kind == AccountRuleKind.ACCESS_LIST and r.posting
            and (not r.categories or category in r.categories)]


def list_refusal(session: Session, policy: Policy, person: Person | None, acct: Account, doing: str) -> str | None:
    """Why ``person`` may not publish, correct or withdraw on ``acct`` under its access list (None: they may)."""
    name = f"{acct.platform}:{acct.handle}"
    who = person.handle if person is not None else "nobody"
    personal = "personal" in acct.category and acct.category in policy.account_categories
    if person is not None and has_access(session, acct, person.id):
        return None
    if personal:
        return (f"{who} may not {doing} on {name}: it is a personal account, and only its holder and those on its "
                "access list may")
    rules = _access_rules(policy, acct.category)
    if not rules:
        return None
    from socialwarden.acting import roles_of

    held = roles_of(policy=policy, person=person) if person is not None else frozenset()
    category = policy.account_categories.get(acct.category)
    allowed = {role for rule in rules for role in rule.roles}
    if category is not None and category.managed_by:
        allowed.add(category.managed_by)
    if held & allowed:
        return None
    rule = rules[0]
    cited = f'{rule.id}, §{rule.cite.section}: "{rule.cite.quote}"'
    return (f"{who} may not {doing} on {name}: only the people on its access list, or "
            f"{', '.join(sorted(allowed)) or 'nobody else'}, may ({cited}); ask {', '.join(sorted(allowed))} to "
            "add them to the account's access list")


def require_on_list(session: Session, policy: Policy, viewer: Actor, acct: Account, doing: str) -> None:
    """PermissionDenied naming the clause unless the actor is on the account's access list or holds a named role."""
    why = list_refusal(session, policy, viewer.person, acct, doing)
    if why is not None:
        raise PermissionDenied(why)
