"""Turn findings and context into fired rules, using the organisation's policy.

Pure functions over immutable inputs: given the same policy, findings and context, the same rules fire.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from socialwarden.engine.context import Context
from socialwarden.engine.decision import INBOUND_ORDER, OUTBOUND_ORDER, FiredRule, Verdict
from socialwarden.engine.findings import Finding
from socialwarden.policy import citations
from socialwarden.policy.models import Action, ApprovalSubject, Citation, ContentRule, Direction, Policy

_ACTION_VERDICT = {
    Action.BLOCK: Verdict.BLOCK,
    Action.REQUIRE_APPROVAL: Verdict.NEEDS_APPROVAL,
    Action.WARN: Verdict.WARN,
    Action.KEEP: Verdict.KEEP,
    Action.MONITOR: Verdict.MONITOR,
    Action.RESPOND: Verdict.RESPOND,
    Action.HIDE: Verdict.HIDE,
    Action.REMOVE: Verdict.REMOVE,
}


def resolve_cite(policy: Policy, cite: Citation) -> Citation:
    """The citation with its source file, document name and section title filled in from the policy header."""
    return citations.resolve(policy, cite)


# What counts as acting on a text: a finding that reaches a rule with one of these verdicts (or a rule that
# alerts someone, or answers a disclosure with support) is shown to a person; one that only reaches rules that
# keep or answer the text (a complaint to reply to) chooses the guidance but is not a finding to look at.
_ACTING_OUT = frozenset({Verdict.WARN, Verdict.NEEDS_APPROVAL, Verdict.BLOCK})
_ACTING_IN = frozenset({Verdict.MONITOR, Verdict.HIDE, Verdict.REMOVE, Verdict.ESCALATE})


def acts(rule: FiredRule, ctx: Context) -> bool:
    """Whether ``rule``, fired on a text's findings, makes a person look at them."""
    if rule.kind not in {"content_rule", "criterion"}:
        return False
    if ctx.inbound:
        return rule.verdict in _ACTING_IN or bool(rule.roles) or rule.category == "self_harm"
    return rule.verdict in _ACTING_OUT


def in_scope(rule: ContentRule, ctx: Context, election: bool) -> bool:
    """Whether a content rule applies at all in this context (direction, account, incident, election period)."""
    if not _directions(ctx).intersection(rule.applies_to):
        return False
    if rule.account_categories and ctx.account_category not in rule.account_categories:
        return False
    if rule.only_during_incident and not ctx.incident:
        return False
    if rule.election_period == "inside" and not election:
        return False
    return not (rule.election_period == "outside" and election)


def _verdict(action: Action, ctx: Context) -> Verdict:
    if action is Action.ESCALATE:
        # an outbound escalation means "a named role must look before it goes out"
        return Verdict.ESCALATE if ctx.inbound else Verdict.NEEDS_APPROVAL
    return _ACTION_VERDICT[action]


DISCLOSURE = "risk_disclosure"  # a self_harm finding where someone speaks of harming themselves


def needs_person(f: Finding) -> bool:
    """Whether ``f`` alone may only hold a post for a person: suspect-tier wording, a classifier score below
    its firm cut-off (also suspect-tier), or someone disclosing distress (never a reason to remove it)."""
    return f.tier == "suspect" or f.label == DISCLOSURE


def model_guess(f: Finding) -> bool:
    """A classifier score below its firm cut-off: weaker than a suspect word, so it never alerts anyone."""
    return f.tier == "suspect" and f.detector == "classifier"


def best_scores(findings: tuple[Finding, ...], *, firm_only: bool = False,
                no_guesses: bool = False) -> dict[str, float]:
    """Highest score per category (with ``firm_only``, ignoring findings that only hold for a person; with
    ``no_guesses``, ignoring classifier scores below their cut-off)."""
    scores: dict[str, float] = {}
    for f in findings:
        if (firm_only and needs_person(f)) or (no_guesses and model_guess(f)):
            continue
        scores[f.category.value] = max(scores.get(f.category.value, 0.0), f.score)
    return scores


# Suspect-tier findings mean "hold for a person", never an automatic sanction: the most a rule resting on
# them alone may do. Outbound: the author is warned (approval rules still apply); inbound: held for a
# moderator. A suspect word may still alert the rule's roles; a classifier guess alone does not (ESCALATE
# here is inbound: an outbound escalation is already NEEDS_APPROVAL).
_HOLD_CAP = {Verdict.BLOCK: Verdict.WARN, Verdict.HIDE: Verdict.MONITOR, Verdict.REMOVE: Verdict.MONITOR}
_GUESS_CAP = {**_HOLD_CAP, Verdict.ESCALATE: Verdict.MONITOR}
_HELD = ("only findings that need a person's judgement were found for {category} (suspect-tier wording, words "
         "that are often but not always a problem, or a classifier score below its firm cut-off), so this is "
         "held for a person to judge instead of the policy's '{verdict}'; banned-tier wording and confident "
         "classifier scores are acted on as written")
# Someone speaking of harming themselves is answered, not silenced; an escalation still alerts its roles.
_SUPPORT_CAP = {Verdict.BLOCK: Verdict.WARN, Verdict.HIDE: Verdict.RESPOND, Verdict.REMOVE: Verdict.RESPOND,
                Verdict.MONITOR: Verdict.RESPOND, Verdict.KEEP: Verdict.RESPOND}
_SUPPORT = ("this reads as someone disclosing distress or thoughts of self-harm, not encouraging it, so it is "
            "not removed or hidden (the policy's '{verdict}' is for encouragement): respond with care and "
            "signpost support (e.g. Samaritans 116 123); encouraging self-harm is acted on as written")


def held(rule: FiredRule, *, guess: bool = False) -> FiredRule:
    """The rule as it applies when only findings that need a person reach its threshold (``guess``: only
    classifier scores below their cut-off)."""
    if rule.category == "self_harm":
        support = _SUPPORT_CAP.get(rule.verdict, rule.verdict)
        return replace(rule, verdict=support, held=_SUPPORT.format(verdict=rule.verdict.value))
    capped = (_GUESS_CAP if guess else _HOLD_CAP).get(rule.verdict)
    if capped is None:
        return rule
    roles = () if guess and rule.verdict is Verdict.ESCALATE else rule.roles  # a guess alerts nobody
    return replace(rule, verdict=capped, roles=roles,
                   held=_HELD.format(category=rule.category, verdict=rule.verdict.value))


def _directions(ctx: Context) -> set[Direction]:
    if ctx.inbound:
        return {Direction.THIRD_PARTY}
    return {Direction.PERSONAL} if ctx.personal else {Direction.OWN_POSTS}


def _content(policy: Policy, rule: ContentRule, ctx: Context) -> FiredRule:
    roles = rule.approver if rule.action is Action.REQUIRE_APPROVAL else rule.escalate_to
    return FiredRule(rule.id, "content_rule", rule.title, rule.category.value, _verdict(rule.action, ctx),
                     tuple(roles), resolve_cite(policy, rule.cite), rule.next_step, threshold=rule.threshold,
                     categories=(rule.category.value,))


def content_rules(policy: Policy, findings: tuple[Finding, ...], ctx: Context, *,
                  election: bool = False) -> Iterator[FiredRule]:
    """Content rules and moderation criteria whose category was found above their threshold (``election``: an
    election period is in force)."""
    scores = best_scores(findings)
    for rule in policy.content_rules:
        if in_scope(rule, ctx, election) and scores.get(rule.category.value, 0.0) >= rule.threshold:
            yield _content(policy, rule, ctx)
    if not ctx.inbound:
        return
    for crit in policy.moderation.criteria:
        hit = [c for c in crit.categories if scores.get(c.value, 0.0) >= crit.threshold]
        if hit:
            yield FiredRule(crit.id, "criterion", crit.title, hit[0].value, _verdict(crit.action, ctx),
                            tuple(crit.escalate_to), resolve_cite(policy, crit.cite), crit.next_step,
                            threshold=crit.threshold, categories=tuple(c.value for c in crit.categories))


def approval_rules(policy: Policy, ctx: Context) -> Iterator[FiredRule]:
    """Standing approval requirements for posts (e.g. 'the Social Media Officer approves every post')."""
    if ctx.inbound or ctx.personal:
        return
    for rule in policy.approvals:
        if rule.subject is not ApprovalSubject.POST:
            continue
        if rule.account_categories and ctx.account_category not in rule.account_categories:
            continue
        if any(ex.applies(role=ctx.author_role, kind=ctx.post_kind, has_access=ctx.has_account_access)
               for ex in rule.exemptions):
            continue
        roles = tuple(rule.all_of or rule.any_of)
        yield FiredRule(rule.id, "approval", rule.text, None, Verdict.NEEDS_APPROVAL, roles,
                        resolve_cite(policy, rule.cite))


def incident_rules(policy: Policy, ctx: Context) -> Iterator[FiredRule]:
    """During an incident, only the categories the policy names may publish."""
    incident = policy.incident
    if incident is None or not ctx.incident or ctx.inbound:
        return
    category = ctx.account_category
    suspended = category in incident.suspend_categories
    not_allowed = bool(incident.publish_only_from) and category not in incident.publish_only_from
    if suspended or not_allowed:
        yield FiredRule("incident", "incident", incident.text, None, Verdict.BLOCK, tuple(incident.declare_roles),
                        resolve_cite(policy, incident.cite),
                        f"Incident mode: accounts in category {category!r} may not publish until it ends.")


def _graded(fired: list[FiredRule]) -> list[FiredRule]:
    """Content rules graded by score on one category under one clause (warn from 0.5, block from 0.7): when the
    higher tier fires, the lower one is dropped if it asks nothing more (no stronger verdict, nobody else to alert,
    no other clause to cite)."""
    if len(fired) < 2:
        return fired

    def at_least(high: Verdict, low: Verdict) -> bool:
        order = next((o for o in (OUTBOUND_ORDER, INBOUND_ORDER) if high in o and low in o), ())
        return bool(order) and order.index(high) >= order.index(low)

    def superseded(low: FiredRule) -> bool:
        return any(high.category == low.category and high.threshold > low.threshold
                   and high.citation == low.citation and at_least(high.verdict, low.verdict)
                   and set(low.roles) <= set(high.roles)
                   for high in fired if high is not low)

    return [rule for rule in fired if not superseded(rule)]


class Plan:
    """The rules that can fire for one context, worked out once: which content rules and criteria apply,
    and the fixed incident and approval rules. ``fire`` then only compares scores; its result equals
    ``incident_rules + content_rules + approval_rules`` (the FiredRule objects are immutable, so shared)."""

    def __init__(self, policy: Policy, ctx: Context, *, election: bool = False) -> None:
        self.before = tuple(incident_rules(policy, ctx))
        self.after = tuple(approval_rules(policy, ctx))
        self.always = self.before + self.after
        self.content: list[tuple[str, float, FiredRule, FiredRule, FiredRule]] = []  # as written, held, guess
        for rule in policy.content_rules:
            if not in_scope(rule, ctx, election):
                continue
            fired = _content(policy, rule, ctx)
            self.content.append((rule.category.value, rule.threshold, fired, held(fired), held(fired, guess=True)))
        # a criterion fires on the first of its categories that is found; one FiredRule per category
        self.criteria: list[tuple[float, tuple[tuple[str, FiredRule, FiredRule, FiredRule], ...]]] = []
        for crit in policy.moderation.criteria if ctx.inbound else ():
            per_cat = []
            names = tuple(c.value for c in crit.categories)
            for c in crit.categories:
                fired = FiredRule(crit.id, "criterion", crit.title, c.value, _verdict(crit.action, ctx),
                                  tuple(crit.escalate_to), resolve_cite(policy, crit.cite), crit.next_step,
                                  threshold=crit.threshold, categories=names)
                per_cat.append((c.value, fired, held(fired), held(fired, guess=True)))
            self.criteria.append((crit.threshold, tuple(per_cat)))
        # rules with threshold 0 fire with no finding at all
        self.unconditional = (any(t <= 0.0 for _, t, _, _, _ in self.content)
                              or any(t <= 0.0 for t, _ in self.criteria))

    def fire(self, scores: dict[str, float], firm: dict[str, float] | None = None,
             words: dict[str, float] | None = None) -> tuple[FiredRule, ...]:
        """The rules fired by these best-per-category scores, in the order the separate functions give.

        ``firm`` holds the same scores without findings that need a person, ``words`` without classifier
        guesses (below their cut-off): a rule that only suspect findings reach is held for a person, and
        one that only guesses reach alerts nobody (see ``held``). None means every finding counts."""
        if not scores and not self.unconditional:
            return self.always
        firm = scores if firm is None else firm
        words = scores if words is None else words

        def pick(cat: str, threshold: float, r: FiredRule, hold: FiredRule, guess: FiredRule) -> FiredRule:
            return r if firm.get(cat, 0.0) >= threshold else hold if words.get(cat, 0.0) >= threshold else guess

        fired = _graded([pick(cat, threshold, r, hold, guess) for cat, threshold, r, hold, guess in self.content
                         if scores.get(cat, 0.0) >= threshold])
        for threshold, per_cat in self.criteria:
            hits = [row for row in per_cat if scores.get(row[0], 0.0) >= threshold]
            if not hits:
                continue
            # named after its first category found; held unless a firm finding reaches it
            if any(firm.get(cat, 0.0) >= threshold for cat, *_ in hits):
                fired.append(hits[0][1])
            elif any(words.get(cat, 0.0) >= threshold for cat, *_ in hits):
                fired.append(hits[0][2])
            else:
                fired.append(hits[0][3])
        return (*self.before, *fired, *self.after)
