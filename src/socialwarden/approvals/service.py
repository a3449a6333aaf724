"""Approvals for every subject the policy's ApprovalRules name (posts, accounts, exceptions, wiki edits), one way.

A decision is on one *version* of a subject: approve, return (with comments: the requester changes it and sends a
new version) or reject (final). Approvals count towards the rules: every ``all_of`` role and one ``any_of`` role,
each by a different person. A person decides once per version, in one role (four eyes: the Head of IT who is also
the requester's line manager cannot give both of Gosport 2's approvals); relative roles (``relative_to_requester``,
e.g. the line manager) are held by the requester's recorded line manager. Nobody decides on their own request.

The domain service that owns the subject locks its row (``acting.locked``) before calling ``decide``, so two
approvers at once are serialised and the second sees the first's decision. Services never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.acting import Actor, ActorLike, acting, grantors, roles_of
from socialwarden.approvals.models import (
    Approval,
    ApprovalOut,
    ApprovalState,
    Exempted,
    Need,
    Requirement,
    Verdict,
)
from socialwarden.audit import service as audit
from socialwarden.engine.decision import Verdict as EngineVerdict
from socialwarden.engine.stored import StoredDecision
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.notifications.service import approval_waiting
from socialwarden.people.models import Person, utc
from socialwarden.policy.models import ApprovalRule, ApprovalSubject, Citation, Permission, Policy

__all__ = [
    "applicable_rules",
    "approval_state",
    "decide",
    "deciding_role",
    "decisions_of",
    "describe_roles",
    "post_exemptions",
    "post_need",
    "post_requirements",
    "post_rules",
    "request",
    "rule_roles",
    "stored_exempted",
    "stored_rules",
]

MAX_COMMENT = 2000


def applicable_rules(policy: Policy, *, subject: ApprovalSubject, category: str | None = None) -> list[ApprovalRule]:
    """The policy's approval rules for this kind of subject (and account category, where rules name categories)."""
    return [rule for rule in policy.approvals if rule.subject == subject
            and (not rule.account_categories or category is None or category in rule.account_categories)]


def describe_roles(policy: Policy, roles: Iterable[str]) -> str:
    """Role ids with their titles, for messages."""
    return ", ".join(f"{r} ({policy.roles[r].title})" if r in policy.roles else r for r in roles)


def rule_roles(rules: Iterable[ApprovalRule]) -> list[str]:
    """Every role any of the rules names, in order."""
    seen: dict[str, None] = {}
    for rule in rules:
        seen.update(dict.fromkeys([*rule.all_of, *rule.any_of]))
    return list(seen)


def decisions_of(session: Session, *, subject_type: ApprovalSubject, subject_id: int,
                 version: int | None = None) -> list[Approval]:
    """The decisions on one subject (one version of it, if given), oldest first."""
    query = (select(Approval).where(Approval.subject_type == subject_type.value, Approval.subject_id == subject_id)
             .order_by(Approval.at, Approval.id))
    if version is not None:
        query = query.where(Approval.version == version)
    return list(session.execute(query).scalars())


def _needs(rules: list[ApprovalRule]) -> list[tuple[str, str, list[str]]]:
    needs: list[tuple[str, str, list[str]]] = []
    for rule in rules:
        needs.extend((rule.id, "all_of", [role]) for role in rule.all_of)
        if rule.any_of:
            needs.append((rule.id, "any_of", list(rule.any_of)))
    return needs


def _match(rules: list[ApprovalRule], given: list[Approval]) -> list[Requirement]:
    needs = _needs(rules)
    met: list[str | None] = [None] * len(needs)
    for approval in given:
        if approval.decision != Verdict.APPROVE:
            continue
        for i, (rule_id, _, roles) in enumerate(needs):
            if met[i] is None and rule_id == approval.rule_id and approval.role in roles:
                met[i] = approval.approver.handle
                break
    return [Requirement(rule_id=rule_id, mode=mode, roles=roles, satisfied_by=met[i])
            for i, (rule_id, mode, roles) in enumerate(needs)]


def _out(approval: Approval) -> ApprovalOut:
    return ApprovalOut(version=approval.version, decision=Verdict(approval.decision), rule_id=approval.rule_id,
                       role=approval.role, approver=approval.approver.handle, comment=approval.comment,
                       at=utc(approval.at))


def approval_state(session: Session, *, rules: list[ApprovalRule], subject_type: ApprovalSubject, subject_id: int,
                   version: int) -> ApprovalState:
    """Which required approvals are in for ``version`` and which are missing (complete when nothing is missing)."""
    every = decisions_of(session, subject_type=subject_type, subject_id=subject_id)
    given = [a for a in every if a.version == version]
    requirements = _match(rules, given)
    return ApprovalState(version=version, complete=all(r.satisfied_by is not None for r in requirements),
                         requirements=requirements, approvals=[_out(a) for a in given],
                         history=[_out(a) for a in every])


def deciding_role(policy: Policy, *, person: Person, requester: Person, rules: list[ApprovalRule],
                  given: list[Approval]) -> str | None:
    """The role ``person`` would approve this version in, or None: their own request, already decided by them, or
    no requirement still open that one of their roles meets. (What an approver's queue shows.)"""
    if person.id == requester.id or any(a.approver_id == person.id for a in given):
        return None
    held = roles_of(policy=policy, person=person, requester=requester)
    for need in _match(rules, given):
        if need.satisfied_by is None:
            role = next((r for r in need.roles if r in held), None)
            if role is not None:
                return role
    return None


def _refusal(policy: Policy, who: Actor, requester: Person, rules: list[ApprovalRule],
             requirements: list[Requirement], what: str, verb: str) -> Exception:
    held = who.roles(requester)
    wanted = rule_roles(rules)
    open_needs = [r for r in requirements if r.satisfied_by is None]
    if held & set(wanted):
        done = ", ".join(f"{' or '.join(r.roles)} by {r.satisfied_by}" for r in requirements
                         if r.satisfied_by is not None and held & set(r.roles))
        return Conflict(f"nothing left for {who.name} to approve on this {what}: {done} already approved; still "
                        f"missing: {', '.join(' or '.join(n.roles) for n in open_needs)}" if open_needs
                        else f"this {what} is already fully approved")
    relative = [r for r in wanted if r in policy.roles and policy.roles[r].relative_to_requester]
    note = f" ({', '.join(relative)} means {requester.handle}'s recorded line manager)" if relative else ""
    rule_ids = ", ".join(sorted({r.id for r in rules})) or "none"
    return PermissionDenied(f"{who.name} may not {verb} this {what}: approval rule {rule_ids} needs "
                            f"{describe_roles(policy, sorted(wanted))}{note}, and {who.name} holds none of them")


def decide(session: Session, *, policy: Policy, actor: ActorLike, requester: Person, rules: list[ApprovalRule],
           subject_type: ApprovalSubject, subject_id: int, version: int, verdict: Verdict,
           comment: str | None) -> tuple[Approval, ApprovalState]:
    """Record the actor's decision on ``version``; refuse self-decisions, a second decision on the same version,
    and approvers without a role the rules still need. The caller holds the subject's row lock."""
    who = acting(session, policy=policy, actor=actor)
    audit.lock(session)  # the caller's row lock already serialises this; the chain lock costs nothing more
    what = subject_type.value.replace("_", " ")
    text = (comment or "").strip() or None
    if text is not None and len(text) > MAX_COMMENT:
        raise InputError(f"the comment is longer than {MAX_COMMENT} characters")
    if verdict is not Verdict.APPROVE and text is None:
        raise InputError(f"say why in a comment: a {verdict.value} goes back to {requester.handle} with it")
    verb = {Verdict.APPROVE: "approve", Verdict.RETURN: "return", Verdict.REJECT: "reject"}[verdict]
    if who.is_(requester.id):
        raise PermissionDenied(f"{who.name} requested this {what} and may not {verb} their own request")
    given = decisions_of(session, subject_type=subject_type, subject_id=subject_id, version=version)
    mine = next((a for a in given if who.is_(a.approver_id)), None)
    if mine is not None:
        done = {"approve": "approved", "return": "returned", "reject": "rejected"}[mine.decision]
        raise Conflict(f"{who.name} already {done} this {what} (version {version}, as {mine.role}, "
                       f"{utc(mine.at):%Y-%m-%d %H:%M} UTC); each person decides once on each version")
    requirements = _match(rules, given)
    held = who.roles(requester)
    role: str | None = None
    rule_id = ""
    for need in requirements:
        if need.satisfied_by is None:
            role = next((r for r in need.roles if r in held), None)
            if role is not None:
                rule_id = need.rule_id
                break
    if role is None and verdict is not Verdict.APPROVE:  # a veto needs a role the rules name, open or not
        for need in requirements:
            role = next((r for r in need.roles if r in held), None)
            if role is not None:
                rule_id = need.rule_id
                break
    if role is None:
        raise _refusal(policy, who, requester, rules, requirements, what, verb)
    assert who.person is not None
    approval = Approval(subject_type=subject_type.value, subject_id=subject_id, version=version,
                        decision=verdict.value, rule_id=rule_id, role=role, approver_id=who.person.id, comment=text,
                        at=dt.datetime.now(dt.UTC))
    approval.approver = who.person
    session.add(approval)
    session.flush()
    return approval, approval_state(session, rules=rules, subject_type=subject_type, subject_id=subject_id,
                                    version=version)


def request(actor: Actor, *, subject_type: ApprovalSubject, subject_id: int, version: int,
            rules: list[ApprovalRule], title: str) -> None:
    """Record that a version now waits for the roles the rules name (the ``approval.request`` audit event:
    subject, version, roles, rules and who asked) and tell those who can approve it (in-app, and by e-mail as each
    person chose), once per version; never the person asking."""
    roles = rule_roles(rules)
    actor.record("approval.request", subject_type=subject_type.value, subject_id=subject_id, before=None,
                 after={"version": version, "roles": roles, "rules": [r.id for r in rules], "title": title[:200],
                        "requester": actor.name})
    approval_waiting(actor.session, policy=actor.policy, roles=roles, subject_type=subject_type.value,
                     subject_id=subject_id, version=version, title=title[:200], link="/approvals",
                     actor=actor.name, requester=actor.person,
                     exclude=[actor.person.id] if actor.person is not None else [])


# ---------------------------------------------------------------- posts: which rules, and which exemptions


def post_rules(policy: Policy, decision: Mapping[str, Any] | None) -> list[ApprovalRule]:
    """The approval rules a post version's stored check fired: standing rules (with their all_of/any_of) and
    content rules that ask for approval (any one of their approver roles; holders of approve_post if none)."""
    rules: list[ApprovalRule] = []
    standing = {r.id: r for r in policy.approvals if r.subject is ApprovalSubject.POST}
    for fired in StoredDecision.read(decision).rules_with_verdict(EngineVerdict.NEEDS_APPROVAL):
        if fired.kind == "approval" and fired.id in standing:
            rules.append(standing[fired.id])
            continue
        rules.append(ApprovalRule.model_construct(
            id=fired.id, subject=ApprovalSubject.POST, text=fired.title or fired.id, all_of=[],
            any_of=list(fired.roles) or grantors(policy, Permission.APPROVE_POST), account_categories=[],
            exemptions=[], cite=fired.citation))
    return rules


def _warned(policy: Policy, *, category: str, personal: bool, author_roles: frozenset[str],
            verdict: str) -> tuple[ApprovalRule | None, Exempted | None]:
    """A post the check warned on goes to a second person: the role that manages the account's category (when
    that role approves posts), unless the author holds it. A warning on a personal account stays the holder's."""
    spec = policy.account_categories.get(category)
    if verdict != "warn" or personal or spec is None or not spec.managed_by:
        return None, None
    role = policy.roles.get(spec.managed_by)
    if role is None or Permission.APPROVE_POST not in role.permissions:
        return None, None
    cite = role.cite or spec.cite or Citation.model_construct(source=None, section=category, quote=spec.title)
    rule_id = f"warned.{category}"
    if spec.managed_by in author_roles:
        return None, Exempted(rule_id=rule_id, exemption_id=f"warned.{category}.manager",
                              text=f"the author is the {role.title}, who manages {spec.title} accounts: the "
                                   "check's warning is theirs to weigh", section=cite.section, quote=cite.quote)
    rule = ApprovalRule(id=rule_id, subject=ApprovalSubject.POST, any_of=[spec.managed_by], cite=cite,
                        text=f"The check warned on this post: the {role.title}, who manages {spec.title} "
                             "accounts, looks at it before it goes out.")
    return rule, None


def post_requirements(policy: Policy, *, decision: Mapping[str, Any], category: str, personal: bool,
                      author_role: str | None, author_roles: frozenset[str], kind: str | None,
                      has_access: bool) -> dict[str, Any]:
    """What one checked version of a post needs, kept with the version: the approval rules its check fired, a
    second person for a warned post, and the exemptions (with their clauses) that lifted any standing rule."""
    rules = post_rules(policy, decision)
    exempted = post_exemptions(policy, category=category, personal=personal, author_role=author_role, kind=kind,
                               has_access=has_access)
    verdict = StoredDecision.read(decision).verdict
    if not rules and verdict is not EngineVerdict.BLOCK:
        rule, exemption = _warned(policy, category=category, personal=personal, author_roles=author_roles,
                                  verdict=verdict.value if verdict else "")
        rules += [rule] if rule is not None else []
        exempted += [exemption] if exemption is not None else []
    return {"rules": [r.model_dump(mode="json") for r in rules],
            "exempted": [e.model_dump(mode="json") for e in exempted]}


def stored_rules(approval: Mapping[str, Any] | None) -> list[ApprovalRule]:
    """The approval rules kept with a post version (``post_requirements``)."""
    return [ApprovalRule.model_validate(r) for r in (approval or {}).get("rules", [])]


def stored_exempted(approval: Mapping[str, Any] | None) -> list[Exempted]:
    return [Exempted.model_validate(e) for e in (approval or {}).get("exempted", [])]


def post_exemptions(policy: Policy, *, category: str, personal: bool, author_role: str | None, kind: str | None,
                    has_access: bool) -> list[Exempted]:
    """The standing post approval rules that would apply here and the exemption (with its clause) lifting each."""
    if personal:
        return []
    found: list[Exempted] = []
    for rule in applicable_rules(policy, subject=ApprovalSubject.POST, category=category):
        for ex in rule.exemptions:
            if ex.applies(role=author_role, kind=kind, has_access=has_access):
                found.append(Exempted(rule_id=rule.id, exemption_id=ex.id, text=ex.text, section=ex.cite.section,
                                      quote=ex.cite.quote))
                break
    return found


def post_need(policy: Policy, *, rules: list[ApprovalRule], exempted: list[Exempted], category: str,
              personal: bool) -> Need:
    """What the posts page says about approval: who must approve, or which clause exempts the post."""
    roles = rule_roles(rules)
    if rules:
        titles = " or ".join(policy.roles[r].title if r in policy.roles else r for r in roles)
        why = "; ".join(f"{r.text} ({r.id}, §{r.cite.section})" for r in rules)
        note = f"Needs approval by {titles}: {why}"
    elif exempted:
        note = "; ".join(f"No approval needed: {e.text} ({e.exemption_id}, §{e.section}: \u201c{e.quote}\u201d)"
                         for e in exempted)
    elif personal:
        note = f"No approval needed: a personal account; policy {policy.policy.id} asks the holder to follow it"
    else:
        note = (f"No approval needed: policy {policy.policy.id} names no approval for posts on {category} "
                "accounts")
    return Need(rules=[r.id for r in rules], roles=roles, exempted=exempted, note=note)
