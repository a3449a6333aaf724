"""The decision engine: run detectors in order, weigh stance, apply the policy, explain the result.

``Engine`` is built once per policy (detectors compile their automata and load models then) and is
safe to reuse across threads: it holds no per-check state, only caches derived from the policy per context
(which rules can fire, the guidance for a set of categories, the decision for a clean text).

Quiet by default: a finding is shown (``Decision.findings``) only when it reaches a rule the engine acts on
(``rules.acts``), holds the text for a person, or shows someone in distress; the rest are ``Decision.signals``.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from socialwarden.detectors._phrases import PhraseHub, PhraseRules
from socialwarden.detectors.base import Detector, DetectorConfig
from socialwarden.detectors.off_topic import OffTopicDetector
from socialwarden.engine import counterspeech, election, rules
from socialwarden.engine.context import Context
from socialwarden.engine.decision import DISTRESS, HOLD, Decision, FiredRule, GuidanceNote, Verdict, strongest
from socialwarden.engine.findings import Finding
from socialwarden.policy.models import Moment, Policy
from socialwarden.taxonomy import Category

log = logging.getLogger(__name__)

MAX_CHARS = 1_000_000  # longer input is checked on its first million characters (stated in the decision)
_MAX_PLANS = 512  # distinct contexts whose rule plan is kept
_DEFAULT_CONTEXT = Context()
SUSPECT_FLOOR = 0.3  # below this a finding is noise, not a reason to hold a post for a person
CONSENT_DISCOUNT = 0.25  # a media mention once consent is recorded: below SUSPECT_FLOOR for any detector score


def detector_config(policy: Policy) -> DetectorConfig:
    """Detector settings taken from the policy."""
    det, org = policy.detection, policy.organisation
    return DetectorConfig(
        own_domains=tuple(org.domains), org_name=org.name, org_phones=tuple(org.phones),
        org_emails=tuple(org.emails), org_addresses=tuple(org.addresses), spokespeople=tuple(org.spokespeople),
        partners=tuple(org.partners),
        link_allow=tuple(det.link_allow), link_deny=tuple(det.link_deny), watch_words=tuple(det.watch_words),
        political_terms=tuple(det.political_terms), extra_banned=tuple(det.extra_banned),
        extra_suspect=tuple(det.extra_suspect), allow_words=tuple(det.allow_words),
    )


class Engine:
    def __init__(self, policy: Policy, detectors: Sequence[Detector] | None = None) -> None:
        from socialwarden.detectors.registry import build_detectors

        self.policy = policy
        self.detectors: tuple[Detector, ...] = tuple(
            detectors if detectors is not None else build_detectors(detector_config(policy)))
        # Guidance notes are resolved once: building them per check cost more than running the detectors.
        # Items tied to categories come first (they are about this text); sorted() keeps policy order otherwise.
        self._notes = tuple(sorted(
            ((frozenset(item.moments), frozenset(item.categories), frozenset(item.roles),
              GuidanceNote(item.id, item.text, rules.resolve_cite(policy, item.cite),
                           tied=bool(item.categories) or Moment.ELECTION_PERIOD in item.moments))
             for item in policy.guidance),
            key=lambda entry: not entry[3].tied))
        self._topic = OffTopicDetector()  # needs the post replied to, so it runs from check, not the registry
        self._periods = election.matchers(policy)  # the names each election period makes political
        self._plans: dict[tuple[Context, int | None], _ContextPlan] = {}  # per context and period; bounded
        # Phrase detectors share one key automaton pass (their results are the same as run one by one).
        members = [d for d in self.detectors if isinstance(getattr(d, "phrases", None), PhraseRules)]
        self._hub = PhraseHub([d.phrases for d in members]) if len(members) > 1 else None  # type: ignore[attr-defined]
        self._hub_names = tuple(d.name for d in members)
        self._slots = tuple((d, members.index(d) if self._hub and d in members else -1) for d in self.detectors)

    def substituted(self, replacements: Mapping[str, Detector]) -> Engine:
        """A shallow copy running ``replacements`` (by detector name) in place of its own detectors.

        Used by batch checks to hand in findings computed beforehand; the copy shares this engine's caches.
        """
        shadow = copy.copy(self)
        shadow.detectors = tuple(replacements.get(d.name, d) for d in self.detectors)
        shadow._slots = tuple((replacements.get(d.name, d), slot) for d, slot in self._slots)
        return shadow

    def analyse(self, text: str) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        """Run every detector; a failing detector is reported, not hidden, and the others still run."""
        findings: list[Finding] = []
        errors: list[str] = []
        size = len(text)
        shared: list[tuple[Finding, ...]] | None = None
        found: Sequence[Finding]
        for detector, slot in self._slots:
            try:
                if slot >= 0 and shared is None:
                    shared = self._shared(text)
                if slot >= 0 and shared:
                    found = shared[slot]
                    finish = getattr(detector, "finish", None)
                    if finish is not None and found:
                        found = finish(text, found)
                else:
                    found = detector.analyse(text)
            except Exception as exc:  # a detector bug must not stop the check; it is reported in the decision
                log.exception("detector %s failed", detector.name)
                errors.append(f"{detector.name}: {type(exc).__name__}: {exc}")
                continue
            if found:
                findings.extend(f for f in found if 0 <= f.start <= f.end <= size)
        if len(findings) > 1:
            findings.sort(key=_order)
        return tuple(findings), tuple(errors)

    def _shared(self, text: str) -> list[tuple[Finding, ...]]:
        """The phrase detectors' findings from one pass; empty if it failed (each then runs alone and any
        failure is reported under its own name)."""
        assert self._hub is not None
        try:
            return self._hub.findings(text, self._hub_names)
        except Exception:
            log.exception("shared phrase pass failed; running the phrase detectors one by one")
            return []

    def check(self, text: str, context: Context | None = None, *, check_id: str | None = None) -> Decision:
        """Decide what to do with ``text`` under this engine's policy."""
        ctx = context or _DEFAULT_CONTEXT
        errors: list[str] = []
        if len(text) > MAX_CHARS:
            errors.append(f"text longer than {MAX_CHARS} characters: only the start was checked")
            text = text[:MAX_CHARS]
        period = election.period_on(self.policy, ctx.on) if self._periods else None
        if ctx.on is not None:
            ctx = replace(ctx, on=None)  # the rest depends on the period in force, not the day (and caches on that)
        found, detector_errors = self.analyse(text)
        if period is not None and not ctx.inbound:
            named = self._periods[period].findings(text)
            if named:
                found = tuple(sorted((*found, *named), key=_order))
        if ctx.reply_to and ctx.inbound:
            found, topic_errors = self._off_topic(text, ctx.reply_to, found)
            detector_errors += topic_errors
            ctx = replace(ctx, reply_to=None)  # the rest depends on the context without it (and caches on that)
        plan = self._plan_for(ctx, period)
        if not found and not errors and not detector_errors and plan.clean is not None:
            # nothing found: the decision depends on the context alone (and is immutable, so shared)
            return plan.clean if check_id is None else replace(plan.clean, id=check_id)
        errors.extend(detector_errors)
        if found:
            found = _consent_on_file(counterspeech.apply(text, found), ctx)
        return self._decide(found + plan.context_findings, plan, ctx, tuple(errors), check_id)

    def _off_topic(self, text: str, reply_to: str,
                   found: tuple[Finding, ...]) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        try:
            extra = self._topic.analyse_reply(text, reply_to)
        except Exception as exc:  # like any detector: reported in the decision, the other findings stand
            log.exception("detector off_topic failed")
            return found, (f"off_topic: {type(exc).__name__}: {exc}",)
        return (tuple(sorted((*found, *extra), key=_order)) if extra else found), ()

    def _plan_for(self, ctx: Context, period: int | None = None) -> _ContextPlan:
        key = (ctx, period)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) >= _MAX_PLANS:
                self._plans.clear()
            name = None if period is None else self.policy.election_periods[period].name
            plan = self._plans[key] = _ContextPlan(self.policy, ctx, self._context_findings(ctx), name)
            if not plan.context_findings:
                plan.clean = self._decide((), plan, ctx, (), None)
        return plan

    def _decide(self, findings: tuple[Finding, ...], plan: _ContextPlan, ctx: Context, errors: tuple[str, ...],
                check_id: str | None) -> Decision:
        scores = rules.best_scores(findings)
        suspect = any(rules.needs_person(f) for f in findings)
        fired = plan.rules.fire(scores, rules.best_scores(findings, firm_only=True) if suspect else None,
                                rules.best_scores(findings, no_guesses=True) if suspect else None)
        verdict = strongest([r.verdict for r in fired], ctx.direction)
        # a classifier guess below its cut-off with no rule for its category is not worth a person's time
        hold = not fired and any(_holds(f) for f in findings)
        if hold:
            verdict = Verdict.MONITOR if ctx.inbound else Verdict.WARN  # hold for a person, as moderators expect
        distress = _distress(findings)
        if ctx.inbound and distress and verdict in {Verdict.KEEP, Verdict.MONITOR}:
            verdict = Verdict.RESPOND  # a person in distress is answered with support, even if no rule fired
        elif ctx.inbound and distress and verdict in {Verdict.HIDE, Verdict.REMOVE}:
            verdict = Verdict.ESCALATE  # never hidden silently: the people the rule names look now and reply
        approvers = _roles(r for r in fired if r.verdict is Verdict.NEEDS_APPROVAL)
        escalate = _roles(r for r in fired if r.verdict is Verdict.ESCALATE or (ctx.inbound and r.roles))
        shown, signals, reasons = _split(findings, fired, ctx, hold=hold, distress=distress)
        cats = frozenset(f.category for f in shown)
        guidance = plan.guidance.get(cats)
        if guidance is None:
            guidance = plan.guidance[cats] = self._guidance(cats, ctx, election=plan.period is not None)
        return Decision(
            verdict=verdict, direction=ctx.direction, policy_id=self.policy.policy.id,
            policy_version=self.policy.policy.version, findings=shown, rules=fired,
            guidance=guidance, next_steps=self._next_steps(fired, findings, ctx, verdict),
            approvers=approvers, escalate_to=escalate, errors=errors, id=check_id, signals=signals,
            reasons=reasons, election_period=plan.period,
        )

    def _context_findings(self, ctx: Context) -> tuple[Finding, ...]:
        """Facts about the post itself (media without a consent or licence record) that rules can act on."""
        if not ctx.media_attached or ctx.inbound:
            return ()
        out: list[Finding] = []
        if not ctx.consent_recorded:
            out.append(Finding(Category.MEDIA_CONSENT, 0, 0, 0.9, "context",
                               "media is attached and no consent record for the people in it is on file",
                               label="no_consent_record"))
        if not ctx.licence_recorded:
            out.append(Finding(Category.COPYRIGHT, 0, 0, 0.7, "context",
                               "media is attached and no source/licence record is on file",
                               label="no_licence_record"))
        return tuple(out)

    def _guidance(self, found: frozenset[Category], ctx: Context, *,
                  election: bool = False) -> tuple[GuidanceNote, ...]:
        moments = {Moment.ALWAYS, *((Moment.MODERATING, Moment.RESPONDING) if ctx.inbound else (Moment.DRAFTING,))}
        if ctx.personal:
            moments.add(Moment.PERSONAL_USE)
        if ctx.incident:
            moments.add(Moment.INCIDENT)
        if election and not ctx.inbound:
            moments.add(Moment.ELECTION_PERIOD)
        return tuple(
            note for item_moments, item_categories, roles, note in self._notes
            if not moments.isdisjoint(item_moments)
            and (not item_categories or not item_categories.isdisjoint(found))
            and not (roles and ctx.author_role and ctx.author_role not in roles)
        )

    def _next_steps(self, fired: tuple[FiredRule, ...], findings: tuple[Finding, ...], ctx: Context,
                    verdict: Verdict) -> tuple[str, ...]:
        steps: list[str] = [r.next_step for r in fired if r.next_step and not r.held]
        held = [r for r in fired if r.held and r.category != "self_harm"]  # self-harm: the support step below
        if held:
            names = ", ".join(dict.fromkeys(str(r.category) for r in held))
            steps.insert(0, f"Held for a person: only suspect-tier findings ({names}: wording that is often but not "
                         "always a problem, or a classifier score below its firm cut-off) were found; a moderator "
                         "or the author should judge it in context before anything stronger is done.")
        if _distress(findings):
            steps.insert(0, "Someone may be disclosing distress or thoughts of self-harm: do not hide or remove it "
                         "silently. Reply with care (privately if you can) and signpost support: Samaritans, "
                         "free, any time, on 116 123 or jo@samaritans.org; if life is at risk now, call 999. "
                         "Tell whoever handles safeguarding."
                         if ctx.inbound else "This post speaks of self-harm: if it is the author's own distress, "
                         "do not publish it; talk to them and signpost support (Samaritans 116 123).")
        contacts = self.policy.contacts
        titles = {key: role.title for key, role in self.policy.roles.items()}
        if ctx.inbound:
            # a complaint or a journalist's enquiry the pack has no rule for: its own published address, if any
            cats = {f.category for f in findings if f.score >= 0.5}
            ruled = {r.category for r in fired if r.next_step}
            where = contacts.complaints_email or contacts.general_email
            if Category.COMPLAINT in cats and "complaint" not in ruled and where:
                steps.append(f"Reply with the complaints address {where} and move the conversation to email or a "
                             "direct message.")
            where = contacts.media_email or contacts.general_email
            if Category.MEDIA_ENQUIRY in cats and "media_enquiry" not in ruled and where:
                steps.append(f"Do not engage publicly; direct the journalist to {where} for an official comment.")
        if verdict in {Verdict.HIDE, Verdict.REMOVE, Verdict.ESCALATE}:
            steps.append("Keep evidence before acting: original text, author, time, link and thread context.")
        for role in _roles(r for r in fired if r.verdict is Verdict.ESCALATE):
            steps.append(f"Alert the {titles.get(role, role)}.")
        if verdict is Verdict.NEEDS_APPROVAL:
            names = ", ".join(titles.get(r, r) for r in _roles(r for r in fired if r.verdict is verdict))
            steps.append(f"Submit for approval by: {names}." if names else "Submit for approval.")
        if verdict is Verdict.BLOCK:
            steps.append("Do not publish; change the highlighted text or ask for an exception.")
        return tuple(dict.fromkeys(steps))  # de-duplicate, keep order


def _consent_on_file(findings: tuple[Finding, ...], ctx: Context) -> tuple[Finding, ...]:
    """A caption such as "photo of our volunteers" is about the attached media: once consent for the people in
    it is recorded, the mention stays visible but is no longer a reason to block."""
    if not ctx.consent_recorded or ctx.inbound:
        return findings
    return tuple(
        replace(f, score=f.score * CONSENT_DISCOUNT,
                explanation=f"{f.explanation} [down-weighted: consent for the people shown is recorded]")
        if f.category is Category.MEDIA_CONSENT else f
        for f in findings
    )


class _ContextPlan:
    """What one context (and election period, by name) makes of this policy, worked out once and reused."""

    def __init__(self, policy: Policy, ctx: Context, context_findings: tuple[Finding, ...],
                 period: str | None = None) -> None:
        self.rules = rules.Plan(policy, ctx, election=period is not None)
        self.period = period
        self.context_findings = context_findings
        self.guidance: dict[frozenset[Category], tuple[GuidanceNote, ...]] = {}
        self.clean: Decision | None = None  # the decision for a text with no findings, when that is fixed


def _holds(f: Finding) -> bool:
    """A finding that holds a text for a person when no rule fires: suspect wording (not a classifier guess)."""
    return rules.needs_person(f) and f.score >= SUSPECT_FLOOR and f.detector != "classifier"


def _split(findings: tuple[Finding, ...], fired: tuple[FiredRule, ...], ctx: Context, *, hold: bool,
           distress: bool) -> tuple[tuple[Finding, ...], tuple[Finding, ...], tuple[str, ...]]:
    """(shown, signals, reasons): a finding is shown when it reaches a rule the engine acts on (the reason is the
    rule's id), holds the text for a person, or shows someone in distress; every other finding is a signal."""
    if not findings:
        return (), (), ()
    reach: dict[str, tuple[float, str]] = {}  # category -> (lowest threshold of an acting rule, that rule's id)
    for rule in fired:
        if rules.acts(rule, ctx):
            for cat in rule.categories:
                if cat not in reach or rule.threshold < reach[cat][0]:
                    reach[cat] = (rule.threshold, rule.id)
    shown: list[Finding] = []
    signals: list[Finding] = []
    reasons: list[str] = []
    spans: set[tuple[Category, int, int]] = set()
    for f in sorted(findings, key=_strongest_first) if len(findings) > 1 else findings:
        span = (f.category, f.start, f.end)
        if span in spans:  # two detectors on the same words: a person reads it once (the stronger one)
            signals.append(f)
            continue
        got = reach.get(f.category.value)
        if got is not None and f.score >= got[0]:
            reason = got[1]
        elif distress and f.category is Category.SELF_HARM and f.score >= SUSPECT_FLOOR:
            reason = DISTRESS
        elif hold and _holds(f):
            reason = HOLD
        else:
            signals.append(f)
            continue
        shown.append(f)
        reasons.append(reason)
        spans.add(span)
    if len(shown) > 1:  # back in text order, reasons alongside
        pairs = sorted(zip(shown, reasons, strict=True), key=lambda pair: _order(pair[0]))
        shown, reasons = [p[0] for p in pairs], [p[1] for p in pairs]
    signals.sort(key=_order)
    return tuple(shown), tuple(signals), tuple(reasons)


def _strongest_first(f: Finding) -> tuple[float, int]:
    return (-f.score, f.start)


def _distress(findings: tuple[Finding, ...]) -> bool:
    """Someone speaks of harming themselves and nobody is being urged to: answer with support."""
    own = [f for f in findings if f.category is Category.SELF_HARM and f.score >= SUSPECT_FLOOR]
    return bool(own) and all(rules.needs_person(f) for f in own)


def _order(f: Finding) -> tuple[int, float]:
    return (f.start, -f.score)


def _roles(fired: Iterable[FiredRule]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(role for rule in fired for role in rule.roles))
