"""Approvals against the policy's ApprovalRules: every all_of role and one any_of role, each by a different person.

A person's approval counts once, in one role (four eyes: the Head of IT who is also the requester's line manager
cannot give both of Gosport 2's approvals). Relative roles (``relative_to_requester``, e.g. the line manager) are
held by the requester's recorded line manager. Nobody approves their own request.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.approvals.models import Approval, ApprovalOut, ApprovalState, Requirement
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, PermissionDenied
from socialwarden.people.models import Person, utc
from socialwarden.people.service import roles_of
from socialwarden.policy.models import ApprovalRule, ApprovalSubject, Policy

__all__ = ["applicable_rules", "approval_state", "approvals_of", "approve", "describe_roles"]


def applicable_rules(policy: Policy, *, subject: ApprovalSubject, category: str | None = None) -> list[ApprovalRule]:
    """The policy's approval rules for this kind of subject (and account category, where rules name categories)."""
    return [rule for rule in policy.approvals if rule.subject == subject
            and (not rule.account_categories or category is None or category in rule.account_categories)]


def describe_roles(policy: Policy, roles: list[str]) -> str:
    """Role ids with their titles, for messages."""
    return ", ".join(f"{r} ({policy.roles[r].title})" if r in policy.roles else r for r in roles)


def approvals_of(session: Session, *, subject_type: str, subject_id: int) -> list[Approval]:
    """The approvals given for one subject, oldest first."""
    query = (select(Approval).where(Approval.subject_type == subject_type, Approval.subject_id == subject_id)
             .order_by(Approval.at, Approval.id))
    return list(session.execute(query).scalars())


def _requirements(rules: list[ApprovalRule]) -> list[tuple[str, str, list[str]]]:
    needs: list[tuple[str, str, list[str]]] = []
    for rule in rules:
        needs.extend((rule.id, "all_of", [role]) for role in rule.all_of)
        if rule.any_of:
            needs.append((rule.id, "any_of", list(rule.any_of)))
    return needs


def _match(rules: list[ApprovalRule], approvals: list[Approval]) -> list[Requirement]:
    needs = _requirements(rules)
    met: list[str | None] = [None] * len(needs)
    for approval in approvals:
        for i, (rule_id, _, roles) in enumerate(needs):
            if met[i] is None and rule_id == approval.rule_id and approval.role in roles:
                met[i] = approval.approver.handle
                break
    return [Requirement(rule_id=rule_id, mode=mode, roles=roles, satisfied_by=met[i])
            for i, (rule_id, mode, roles) in enumerate(needs)]


def _out(approval: Approval) -> ApprovalOut:
    return ApprovalOut(rule_id=approval.rule_id, role=approval.role, approver=approval.approver.handle,
                       comment=approval.comment, at=utc(approval.at))


def approval_state(session: Session, *, rules: list[ApprovalRule], subject_type: str,
                   subject_id: int) -> ApprovalState:
    """Which required approvals are in and which are missing (complete when nothing is missing)."""
    given = approvals_of(session, subject_type=subject_type, subject_id=subject_id)
    requirements = _match(rules, given)
    return ApprovalState(complete=all(r.satisfied_by is not None for r in requirements),
                         requirements=requirements, approvals=[_out(a) for a in given])


def approve(session: Session, *, policy: Policy, actor: Person, requester: Person, rules: list[ApprovalRule],
            subject_type: str, subject_id: int, comment: str | None) -> tuple[Approval, ApprovalState]:
    """Record the actor's approval in the first role still missing that they hold; refuse self- and double approval."""
    audit.lock(session)  # two approvals at once must not both see the same slot free
    if actor.id == requester.id:
        raise PermissionDenied(f"{actor.handle} requested this {subject_type} and may not approve their own request")
    given = approvals_of(session, subject_type=subject_type, subject_id=subject_id)
    mine = next((a for a in given if a.approver_id == actor.id), None)
    if mine is not None:
        raise Conflict(f"{actor.handle} already approved this {subject_type} (as {mine.role}, "
                       f"{utc(mine.at):%Y-%m-%d %H:%M} UTC); each person approves once")
    held = roles_of(policy=policy, person=actor, requester=requester)
    requirements = _match(rules, given)
    open_needs = [r for r in requirements if r.satisfied_by is None]
    for need in open_needs:
        role = next((r for r in need.roles if r in held), None)
        if role is not None:
            break
    else:
        wanted = sorted({r for need in requirements for r in need.roles})
        if held & set(wanted):
            done = ", ".join(f"{' or '.join(r.roles)} by {r.satisfied_by}" for r in requirements
                             if r.satisfied_by is not None and held & set(r.roles))
            raise Conflict(f"nothing left for {actor.handle} to approve on this {subject_type}: {done} "
                           f"already approved; still missing: {', '.join(' or '.join(n.roles) for n in open_needs)}"
                           if open_needs else f"this {subject_type} is already fully approved")
        relative = [r for r in wanted if r in policy.roles and policy.roles[r].relative_to_requester]
        note = (f" ({', '.join(relative)} means {requester.handle}'s recorded line manager)" if relative else "")
        rule_ids = ", ".join(sorted({n.rule_id for n in requirements})) or "none"
        raise PermissionDenied(f"{actor.handle} may not approve this {subject_type}: approval rule {rule_ids} needs "
                               f"{describe_roles(policy, wanted)}{note}, and {actor.handle} holds none of them")
    approval = Approval(subject_type=subject_type, subject_id=subject_id, rule_id=need.rule_id, role=role,
                        approver_id=actor.id, comment=(comment or "").strip() or None, at=dt.datetime.now(dt.UTC))
    approval.approver = actor
    session.add(approval)
    session.flush()
    return approval, approval_state(session, rules=rules, subject_type=subject_type, subject_id=subject_id)
