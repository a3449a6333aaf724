"""Response guidance for an inbound comment, chosen from the rules and clauses that fired for it.

Pure functions from the engine's ``Decision`` and the policy to advice, each item in the current pack's own words
and cited to its own clauses (``Citation.label``), most specific first:

1. support for someone disclosing distress (never removal), telling the roles the rule names;
2. escalation: the rules that alert someone (a threat -> the escalation route, with the roles' titles, and the
   police where a fired criterion allows referring to them);
3. the next step of every other rule that fired, strongest first (a complaint -> the complaints route and its
   address, a journalist -> the media route, a service problem -> reply, a criterion -> hide/remove it);
4. the pack's own contacts when a complaint or enquiry has no rule but the pack publishes an address;
5. the pack's guidance items for responding and moderating tied to what fired (ETT 10d "ignore trolls",
   GEN's "don't escalate things" ...), then its general ones.

``ResponseGuidance.first`` is what a person sees at once (at most three items); ``more`` is behind "more".
The assessment (``CommentKind``) summarises what fired; a moderator may choose another (e.g. misguided).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from socialwarden.engine.decision import DISTRESS, Decision, FiredRule, Verdict
from socialwarden.engine.rules import DISCLOSURE
from socialwarden.policy.citations import resolve
from socialwarden.policy.citations import to_json as citation_json
from socialwarden.policy.models import Citation, ModerationAction, Moment, Policy
from socialwarden.taxonomy import Category

FIRST = 3  # advice items shown at once; the rest are behind "more"


class CommentKind(StrEnum):
    """What the comment is, from the rules that fired (a moderator may choose another)."""

    THREAT = "threat"  # threatens or incites harm: the escalation route
    DISTRESS = "distress"  # someone disclosing distress or thoughts of self-harm: support
    TROLL = "troll"  # abuse, harassment, hate: do not feed
    RAGER = "rager"  # rants, swearing, ridicule, criticism
    MISGUIDED = "misguided"  # gets the facts wrong (a moderator's call)
    UNHAPPY_CUSTOMER = "unhappy_customer"  # a complaint or a problem with a service
    ENQUIRY = "enquiry"  # a journalist's or other enquiry
    BREACH = "breach"  # meets a published criterion or breaches the policy (political, spam, off topic ...)
    NEUTRAL = "neutral"  # nothing fired


class Response(StrEnum):
    ESCALATE = "escalate"  # alert the roles the policy names now
    SUPPORT = "support"  # reply with care, signpost support
    MONITOR = "monitor"  # do not engage; watch, act only if it crosses the line
    FIX_FACTS = "fix_facts"  # reply with the correct, sourced facts
    RESTORE = "restore"  # put the experience right: the complaints route, or reply and act
    MODERATE = "moderate"  # hide or remove it as the rule says, keeping the evidence
    REPLY = "reply"


_RESPONSE = {
    CommentKind.THREAT: Response.ESCALATE, CommentKind.DISTRESS: Response.SUPPORT,
    CommentKind.TROLL: Response.MONITOR, CommentKind.RAGER: Response.MONITOR,
    CommentKind.MISGUIDED: Response.FIX_FACTS, CommentKind.UNHAPPY_CUSTOMER: Response.RESTORE,
    CommentKind.ENQUIRY: Response.REPLY, CommentKind.BREACH: Response.MODERATE, CommentKind.NEUTRAL: Response.REPLY,
}
# Lead lines for the moderator's own choice of assessment: SocialWarden's words, shown without a clause.
_CHOSEN = {
    CommentKind.MISGUIDED: "Misguided: reply with the correct facts and their source, politely and promptly.",
    CommentKind.UNHAPPY_CUSTOMER: "An unhappy customer: put right what went wrong, reply with a reasonable "
                                  "solution and act on it.",
    CommentKind.TROLL: "A troll: do not feed it; do not reply, watch the thread and act only if it crosses the line.",
    CommentKind.RAGER: "Ranting or ridiculing: let it stand and watch; reply only to correct facts.",
}

_VIOLENT = frozenset({Category.THREAT.value, Category.INCITEMENT.value})
_HOSTILE = frozenset({Category.HARASSMENT.value, Category.HATE.value, Category.ABUSE.value, Category.SEXUAL.value,
                      Category.ILLEGAL.value})
_RANT = frozenset({Category.PROFANITY.value, Category.DISPARAGEMENT.value, Category.DEFAMATION.value})
_MODERATED = frozenset({Verdict.HIDE, Verdict.REMOVE, Verdict.ESCALATE})
_ORDER = (Verdict.ESCALATE, Verdict.REMOVE, Verdict.HIDE, Verdict.RESPOND, Verdict.MONITOR, Verdict.KEEP,
          Verdict.BLOCK, Verdict.NEEDS_APPROVAL, Verdict.WARN, Verdict.ALLOW)
_DO_NOT_ENGAGE = ("troll", "do not engage", "not tolerate, engage", "ignore", "don’t escalate", "don't escalate")


@dataclass(frozen=True)
class Advice:
    text: str
    citation: Citation | None  # the pack's clause; None for SocialWarden's own wording (no clause behind it)
    kind: str  # flag | support | complaint | media | rule | police | contacts | do_not_engage | policy | assessment

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text,
                "citation": citation_json(self.citation) if self.citation is not None else None}


@dataclass(frozen=True)
class ResponseGuidance:
    kind: CommentKind
    response: Response
    advice: tuple[Advice, ...]  # most specific first
    flag_to: tuple[str, ...]  # role ids to alert now
    specific: int = 0  # how many of ``advice`` are about this comment (the rest are the pack's general items)

    @property
    def first(self) -> tuple[Advice, ...]:
        """What a person sees at once: at most three items about this comment (none for an ordinary one)."""
        return self.advice[:min(FIRST, self.specific)]

    @property
    def more(self) -> tuple[Advice, ...]:
        """The rest, behind "more"."""
        return self.advice[len(self.first):]

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind.value, "response": self.response.value, "flag_to": list(self.flag_to),
                "advice": [a.to_json() for a in self.advice], "first": len(self.first)}


def fired_categories(decision: Decision) -> frozenset[str]:
    """The categories of the content rules and criteria that fired, and of the findings shown."""
    cats = {r.category for r in decision.rules if r.category and r.kind in {"content_rule", "criterion"}}
    cats.update(f.category.value for f in decision.findings)
    return frozenset(cats)


def _disclosure(decision: Decision) -> bool:
    """Someone speaking of harming themselves (answered with support), not someone urging it."""
    return DISTRESS in decision.reasons or any(
        f.category is Category.SELF_HARM and f.label == DISCLOSURE for f in decision.findings)


def classify(decision: Decision) -> CommentKind:
    """The assessment the rules that fired suggest."""
    found = fired_categories(decision)
    if found & _VIOLENT or (Category.SELF_HARM.value in found and not _disclosure(decision)):
        return CommentKind.THREAT
    if _disclosure(decision):
        return CommentKind.DISTRESS
    if found & _HOSTILE:
        return CommentKind.TROLL
    if Category.COMPLAINT.value in found:
        return CommentKind.UNHAPPY_CUSTOMER
    if found & _RANT:
        return CommentKind.RAGER
    if Category.MEDIA_ENQUIRY.value in found:
        return CommentKind.ENQUIRY
    if any(r.kind in {"content_rule", "criterion"} and r.verdict in _MODERATED for r in decision.rules):
        return CommentKind.BREACH
    return CommentKind.NEUTRAL


def _titles(policy: Policy, roles: tuple[str, ...]) -> str:
    names = [policy.roles[r].title if r in policy.roles else r for r in roles]
    return ", ".join(names) or "the role the policy names"


def _flags(decision: Decision, policy: Policy) -> list[Advice]:
    out: list[Advice] = []
    for rule in decision.rules:
        if rule.kind not in {"content_rule", "criterion"} or not (rule.verdict is Verdict.ESCALATE or rule.roles):
            continue
        if _disclosure(decision) and rule.category == Category.SELF_HARM.value:
            continue  # the support item says whom to tell
        text = _rule_text(rule)
        if not any(word in text.lower() for word in ("alert", "flag", "report", "escalat", "tell")):
            text = f"{text} Alert the {_titles(policy, rule.roles)} now."
        out.append(Advice(text=text, citation=rule.citation, kind="flag"))
        crit = next((c for c in policy.moderation.criteria if c.id == rule.id), None)
        if crit is not None and ModerationAction.REFER_TO_POLICE in crit.allowed_actions and \
                rule.category in _VIOLENT:
            out.append(Advice(text="If anyone may be at risk, refer it to the police (this criterion allows it); "
                                   "keep the evidence first.", citation=rule.citation, kind="police"))
    return out


def _support(decision: Decision, policy: Policy) -> list[Advice]:
    if not _disclosure(decision):
        return []
    rule = next((r for r in decision.rules if r.category == Category.SELF_HARM.value), None)
    tell = f" Tell the {_titles(policy, rule.roles)}." if rule is not None and rule.roles else ""
    return [Advice(text="Reply with care (privately if you can) and signpost support: Samaritans, free, any time, on "
                        f"116 123; if life is at risk now, call 999. Do not hide or remove it.{tell}",
                   citation=rule.citation if rule is not None else None, kind="support")]


def _rule_text(rule: FiredRule) -> str:
    if rule.next_step:
        return rule.next_step
    verb = {Verdict.HIDE: "Hide it", Verdict.REMOVE: "Remove it", Verdict.MONITOR: "Keep it and watch the thread",
            Verdict.RESPOND: "Reply", Verdict.KEEP: "Leave it up", Verdict.ESCALATE: "Flag it now"}.get(
        rule.verdict, "Act on it")
    return f"{verb}: {rule.title}."


def _with_address(text: str, address: str | None, what: str) -> str:
    if not address or address.lower() in text.lower():
        return text
    return f"{text} ({what}: {address})"


def _rules(decision: Decision, policy: Policy) -> list[Advice]:
    out: list[Advice] = []
    contacts = policy.contacts
    ranked = sorted((r for r in decision.rules if r.kind in {"content_rule", "criterion"}),
                    key=lambda r: _ORDER.index(r.verdict))
    for rule in ranked:
        if rule.verdict is Verdict.ESCALATE or rule.roles:
            continue  # a flag, above
        if rule.category == Category.SELF_HARM.value and _disclosure(decision):
            continue  # the support item, above
        text = _rule_text(rule)
        kind = "rule"
        if rule.category == Category.COMPLAINT.value:
            kind, text = "complaint", _with_address(text, contacts.complaints_email or contacts.general_email,
                                                    "complaints")
        elif rule.category == Category.MEDIA_ENQUIRY.value:
            kind, text = "media", _with_address(text, contacts.media_email or contacts.general_email, "media")
        out.append(Advice(text=text, citation=rule.citation, kind=kind))
    return out


def _contacts(decision: Decision, policy: Policy, fired: frozenset[str]) -> list[Advice]:
    """A complaint or a journalist no rule covers, where the pack publishes the address to send them to."""
    out: list[Advice] = []
    contacts = policy.contacts
    seen = {f.category.value for f in decision.evidence if f.score >= 0.5}
    cite = resolve(policy, contacts.cite) if contacts.cite is not None else None
    where = contacts.complaints_email or contacts.general_email
    if Category.COMPLAINT.value in seen and Category.COMPLAINT.value not in fired and where:
        out.append(Advice(text=f"Ask them to send the complaint to {where}.", citation=cite, kind="complaint"))
    where = contacts.media_email or contacts.general_email
    if Category.MEDIA_ENQUIRY.value in seen and Category.MEDIA_ENQUIRY.value not in fired and where:
        out.append(Advice(text=f"Do not discuss it on social media; ask them to email {where} for an official "
                               "comment.", citation=cite, kind="media"))
    return out


def _policy_items(policy: Policy, fired: frozenset[str], kind: CommentKind) -> tuple[list[Advice], list[Advice]]:
    """(items tied to what fired, general items) for the responding and moderating moments."""
    tied: list[Advice] = []
    general: list[Advice] = []
    hostile = kind in {CommentKind.TROLL, CommentKind.RAGER, CommentKind.THREAT}
    for item in policy.guidance:
        if Moment.RESPONDING not in item.moments and Moment.MODERATING not in item.moments:
            continue
        lowered = item.text.lower()
        quiet = any(word in lowered for word in _DO_NOT_ENGAGE)
        if quiet and not hostile:
            continue  # "ignore trolls" is not advice for a customer or a journalist
        advice = Advice(text=item.text, citation=resolve(policy, item.cite),
                        kind="do_not_engage" if quiet else "policy")
        if item.categories:
            if fired & {c.value for c in item.categories}:
                tied.append(advice)
        else:
            general.append(advice)
    return tied, general


def assess(decision: Decision, policy: Policy, *, kind: CommentKind | None = None) -> ResponseGuidance:
    """Response guidance for one triaged inbound comment; ``kind`` overrides the suggested assessment."""
    fired = fired_categories(decision)
    suggested = classify(decision)
    chosen = kind or suggested
    advice: list[Advice] = []
    if kind is not None and kind is not suggested and kind in _CHOSEN:
        advice.append(Advice(text=_CHOSEN[kind], citation=None, kind="assessment"))
    advice += _support(decision, policy)
    advice += _flags(decision, policy)
    advice += _rules(decision, policy)
    advice += _contacts(decision, policy, fired)
    tied, general = _policy_items(policy, fired, chosen)
    specific = _unique(advice + tied)
    everything = _unique(specific + general)
    return ResponseGuidance(kind=chosen, response=_RESPONSE[chosen], advice=tuple(everything),
                            flag_to=decision.escalate_to, specific=len(specific))


def _unique(items: list[Advice]) -> list[Advice]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.text.strip().lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
