"""Cross-reference checks that the schema alone cannot express.

Each problem is returned as (path, message, suggestion) so the loader can attach the line and
column of the offending value. Checks never stop at the first problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from socialwarden.policy.models import (
    INBOUND_ACTIONS,
    OUTBOUND_ACTIONS,
    Action,
    Direction,
    Policy,
)
from socialwarden.policy.yamlpos import Path


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    suggestion: str | None = None


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest known name to ``word``, if one is close enough to be a likely typo."""
    options = list(choices)
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if match:
        return match[0]
    containing = [o for o in options if word and word.lower() in o.lower()]
    return containing[0] if len(containing) == 1 else None


def _refs(values: list[str], path: Path, known: set[str], what: str) -> Iterator[Problem]:
    for index, value in enumerate(values):
        if value not in known:
            yield Problem((*path, index), f"unknown {what} {value!r}; known: {', '.join(sorted(known))}",
                          suggest(value, known))


def _role_refs(policy: Policy) -> Iterator[Problem]:
    roles = set(policy.roles)
    if policy.policy.review is not None and policy.policy.review.owner not in roles:
        owner = policy.policy.review.owner
        yield Problem(("policy", "review", "owner"), f"unknown role {owner!r}", suggest(owner, roles))
    for key, category in policy.account_categories.items():
        if category.managed_by is not None and category.managed_by not in roles:
            yield Problem(("account_categories", key, "managed_by"), f"unknown role {category.managed_by!r}",
                          suggest(category.managed_by, roles))
    for i, rule in enumerate(policy.content_rules):
        yield from _refs(rule.escalate_to, ("content_rules", i, "escalate_to"), roles, "role")
        yield from _refs(rule.approver, ("content_rules", i, "approver"), roles, "role")
    for i, crit in enumerate(policy.moderation.criteria):
        yield from _refs(crit.escalate_to, ("moderation", "criteria", i, "escalate_to"), roles, "role")
    for i, approval in enumerate(policy.approvals):
        yield from _refs(approval.all_of, ("approvals", i, "all_of"), roles, "role")
        yield from _refs(approval.any_of, ("approvals", i, "any_of"), roles, "role")
        for j, exemption in enumerate(approval.exemptions):
            yield from _refs(exemption.roles, ("approvals", i, "exemptions", j, "roles"), roles, "role")
    for i, account_rule in enumerate(policy.account_rules):
        yield from _refs(account_rule.roles, ("account_rules", i, "roles"), roles, "role")
    for i, item in enumerate(policy.guidance):
        yield from _refs(item.roles, ("guidance", i, "roles"), roles, "role")
    if policy.incident is not None:
        yield from _refs(policy.incident.declare_roles, ("incident", "declare_roles"), roles, "role")


def _category_refs(policy: Policy) -> Iterator[Problem]:
    cats = set(policy.account_categories)
    what = "account category"
    for i, rule in enumerate(policy.content_rules):
        yield from _refs(rule.account_categories, ("content_rules", i, "account_categories"), cats, what)
    for i, approval in enumerate(policy.approvals):
        yield from _refs(approval.account_categories, ("approvals", i, "account_categories"), cats, what)
    for i, account_rule in enumerate(policy.account_rules):
        yield from _refs(account_rule.categories, ("account_rules", i, "categories"), cats, what)
    for i, doc in enumerate(policy.required_documents):
        yield from _refs(doc.categories, ("required_documents", i, "categories"), cats, what)
    for i, target in enumerate(policy.response_times.targets):
        yield from _refs(target.account_categories, ("response_times", "targets", i, "account_categories"),
                         cats, what)
    if policy.incident is not None:
        yield from _refs(policy.incident.suspend_categories, ("incident", "suspend_categories"), cats, what)
        yield from _refs(policy.incident.publish_only_from, ("incident", "publish_only_from"), cats, what)


def _rule_sanity(policy: Policy) -> Iterator[Problem]:
    for i, rule in enumerate(policy.content_rules):
        path: Path = ("content_rules", i)
        inbound = Direction.THIRD_PARTY in rule.applies_to
        outbound = any(d is not Direction.THIRD_PARTY for d in rule.applies_to)
        if inbound and outbound:
            yield Problem((*path, "applies_to"),
                          "a rule applies either to third_party_comments or to own/personal posts; split it in two")
        if outbound and rule.action not in OUTBOUND_ACTIONS:
            yield Problem((*path, "action"), f"action {rule.action.value!r} is for third-party comments; "
                          f"posts take one of {', '.join(sorted(a.value for a in OUTBOUND_ACTIONS))}")
        if inbound and rule.action not in INBOUND_ACTIONS:
            yield Problem((*path, "action"), f"action {rule.action.value!r} is for own posts; comments take "
                          f"one of {', '.join(sorted(a.value for a in INBOUND_ACTIONS))}")
        if rule.action is Action.ESCALATE and not rule.escalate_to:
            yield Problem((*path, "escalate_to"), "action 'escalate' needs escalate_to: the role(s) to alert")
        if rule.action is Action.REQUIRE_APPROVAL and not rule.approver:
            yield Problem((*path, "approver"), "action 'require_approval' needs approver: the role(s) who approve")
    for i, crit in enumerate(policy.moderation.criteria):
        if crit.action not in INBOUND_ACTIONS:
            yield Problem(("moderation", "criteria", i, "action"),
                          f"action {crit.action.value!r} cannot apply to third-party comments")
        if crit.action is Action.ESCALATE and not crit.escalate_to:
            yield Problem(("moderation", "criteria", i, "escalate_to"), "action 'escalate' needs escalate_to")
    for i, approval in enumerate(policy.approvals):
        if not approval.all_of and not approval.any_of:
            yield Problem(("approvals", i), "an approval rule needs all_of or any_of (who approves)")


def _duplicate_ids(policy: Policy) -> Iterator[Problem]:
    seen: dict[str, Path] = {}
    groups: list[tuple[str, list[str]]] = [
        ("content_rules", [r.id for r in policy.content_rules]),
        ("account_rules", [r.id for r in policy.account_rules]),
        ("required_documents", [r.id for r in policy.required_documents]),
        ("approvals", [r.id for r in policy.approvals]),
        ("retention", [r.id for r in policy.retention]),
        ("guidance", [r.id for r in policy.guidance]),
    ]
    criteria = [c.id for c in policy.moderation.criteria]
    targets = [t.id for t in policy.response_times.targets]
    exemptions = [(i, j, e.id) for i, a in enumerate(policy.approvals) for j, e in enumerate(a.exemptions)]
    for group, ids in groups:
        for index, rule_id in enumerate(ids):
            yield from _note_id(seen, rule_id, (group, index, "id"))
    for index, rule_id in enumerate(criteria):
        yield from _note_id(seen, rule_id, ("moderation", "criteria", index, "id"))
    for index, rule_id in enumerate(targets):
        yield from _note_id(seen, rule_id, ("response_times", "targets", index, "id"))
    for i, j, rule_id in exemptions:
        yield from _note_id(seen, rule_id, ("approvals", i, "exemptions", j, "id"))


def _note_id(seen: dict[str, Path], rule_id: str, path: Path) -> Iterator[Problem]:
    if rule_id in seen:
        first = ".".join(str(p) for p in seen[rule_id])
        yield Problem(path, f"duplicate rule id {rule_id!r} (first used at {first})")
    else:
        seen[rule_id] = path


def _election_periods(policy: Policy) -> Iterator[Problem]:
    periods = policy.election_periods
    for i, period in enumerate(periods):
        if period.end < period.start:
            yield Problem(("election_periods", i, "end"),
                          f"the period ends ({period.end}) before it starts ({period.start})")
        for j, other in enumerate(periods[:i]):
            if other.name == period.name:
                yield Problem(("election_periods", i, "name"), f"duplicate election period name {period.name!r} "
                              f"(first used at election_periods.{j})")
            elif period.start <= other.end and other.start <= period.end:
                yield Problem(("election_periods", i, "start"), f"the period overlaps {other.name!r} "
                              f"({other.start} to {other.end}); merge them into one")


def _section_titles(policy: Policy) -> Iterator[Problem]:
    for key in policy.policy.source.sections:
        low, dash, high = key.partition("-")
        if dash and low.isdigit() and not (high.isdigit() and int(low) <= int(high)):
            yield Problem(("policy", "source", "sections", key),
                          f"section range {key!r} must be two numbers, the first not above the second (e.g. '16-21')")


def check_policy(policy: Policy) -> list[Problem]:
    """Every cross-reference problem in ``policy``, in file order of the checks."""
    return [*_role_refs(policy), *_category_refs(policy), *_rule_sanity(policy), *_duplicate_ids(policy),
            *_election_periods(policy), *_section_titles(policy)]
