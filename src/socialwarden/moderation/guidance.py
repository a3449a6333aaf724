"""Response guidance for an inbound comment: pure functions from the engine's Decision and the policy to advice.

Three sources, each cited:
- the web-posting response assessment the council guidance tells officers to use ("Use the flowchart at the end of
  this guide to decide how and if to respond to customer comments"): troll or rager -> monitor, misguided -> fix
  the facts, unhappy customer -> restore;
- hand-offs from the policy's contacts and fired rules: complaints redirected (ETT 9), media enquiries to the
  official channel (ETT 12), abuse that crosses the line flagged to the named role (ETT 10e);
- the policy's guidance items for the responding moment (GEN's factors for whether GEN or a board member responds,
  ETT 10d "ignore trolls", Gosport 22-27 ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from socialwarden.engine.decision import Decision, Verdict
from socialwarden.policy.models import Citation, Moment, Policy
from socialwarden.taxonomy import Category

FLOWCHART = Citation(
    source="Council guidance for officers (Appendix B), web posting response assessment",
    section="Use of Social Media at work",
    quote="Use the flowchart at the end of this guide to decide how and if to respond to customer comments, "
          "particularly negative ones",
)


class CommentKind(StrEnum):
    """The response assessment's branches (plus the non-negative cases)."""

    TROLL = "troll"  # dedicated to bashing and degrading others
    RAGER = "rager"  # rants, rages, jokes, ridicule
    MISGUIDED = "misguided"  # gets the facts wrong
    UNHAPPY_CUSTOMER = "unhappy_customer"  # the result of a bad experience
    ENQUIRY = "enquiry"  # a question or media enquiry, not negative
    NEUTRAL = "neutral"  # nothing negative found


class Response(StrEnum):
    MONITOR = "monitor"  # let it stand, watch, do not engage
    FIX_FACTS = "fix_facts"  # reply with the correct, sourced facts
    RESTORE = "restore"  # put the experience right: act on a reasonable solution and reply
    REPLY = "reply"


_ASSESSMENT = {
    CommentKind.TROLL: (Response.MONITOR, "A troll: do not respond; monitor the thread and act only if it crosses "
                                          "the line."),
    CommentKind.RAGER: (Response.MONITOR, "A rager (ranting, joking, ridiculing): let it stand and monitor."),
    CommentKind.MISGUIDED: (Response.FIX_FACTS, "Misguided: reply with the correct facts and their source, "
                                                "politely and promptly."),
    CommentKind.UNHAPPY_CUSTOMER: (Response.RESTORE, "An unhappy customer: restore — put right what went wrong, "
                                                     "reply with a reasonable solution and act on it."),
    CommentKind.ENQUIRY: (Response.REPLY, "An enquiry: answer it accurately or route it as below."),
    CommentKind.NEUTRAL: (Response.REPLY, "Not negative: reply where it helps the conversation."),
}

_HOSTILE = frozenset({Category.THREAT, Category.HARASSMENT, Category.HATE, Category.ABUSE, Category.SEXUAL,
                      Category.INCITEMENT, Category.ILLEGAL})
_RANT = frozenset({Category.PROFANITY, Category.DISPARAGEMENT, Category.DEFAMATION})


@dataclass(frozen=True)
class Advice:
    text: str
    citation: Citation
    kind: str  # assessment | complaint | media | flag | do_not_engage | policy

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text, "citation": {
            "source": self.citation.source, "section": self.citation.section, "quote": self.citation.quote}}


@dataclass(frozen=True)
class ResponseGuidance:
    kind: CommentKind
    response: Response
    advice: tuple[Advice, ...]
    flag_to: tuple[str, ...]  # role ids to alert now

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind.value, "response": self.response.value, "flag_to": list(self.flag_to),
                "advice": [a.to_json() for a in self.advice]}


def categories(decision: Decision) -> frozenset[Category]:
    """The categories of the decision's findings."""
    return frozenset(f.category for f in decision.findings)


def classify(decision: Decision) -> CommentKind:
    """The assessment branch the findings suggest (a moderator may choose another, e.g. misguided)."""
    found = categories(decision)
    if found & _HOSTILE:
        return CommentKind.TROLL
    if Category.COMPLAINT in found:
        return CommentKind.UNHAPPY_CUSTOMER
    if found & _RANT:
        return CommentKind.RAGER
    if Category.MEDIA_ENQUIRY in found:
        return CommentKind.ENQUIRY
    return CommentKind.NEUTRAL


def _rule_advice(decision: Decision, category: Category, kind: str) -> list[Advice]:
    return [Advice(text=r.next_step or r.title, citation=r.citation, kind=kind)
            for r in decision.rules if r.category == category.value]


def _handoffs(decision: Decision, policy: Policy, found: frozenset[Category]) -> list[Advice]:
    out: list[Advice] = []
    contacts = policy.contacts
    if Category.COMPLAINT in found:
        advice = _rule_advice(decision, Category.COMPLAINT, "complaint")
        if not advice and contacts.complaints_email:
            advice = [Advice(text=f"Ask them to send the complaint to {contacts.complaints_email}.",
                             citation=_contacts_citation(policy), kind="complaint")]
        out += advice
    if Category.MEDIA_ENQUIRY in found:
        advice = _rule_advice(decision, Category.MEDIA_ENQUIRY, "media")
        if not advice and contacts.media_email:
            advice = [Advice(text=f"Do not discuss it on social media; ask them to email {contacts.media_email} "
                                  "for an official comment.", citation=_contacts_citation(policy), kind="media")]
        out += advice
    return out


def _contacts_citation(policy: Policy) -> Citation:
    return Citation(source=policy.policy.source.file, section="contacts",
                    quote=f"the policy's contacts for {policy.organisation.name}")


def _flags(decision: Decision) -> tuple[tuple[str, ...], list[Advice]]:
    if decision.verdict is not Verdict.ESCALATE and not decision.escalate_to:
        return (), []
    roles = decision.escalate_to
    advice = [Advice(text=(r.next_step or f"Flag it now with {', '.join(r.roles) or 'the named role'}: {r.title}."),
                     citation=r.citation, kind="flag")
              for r in decision.rules if r.verdict is Verdict.ESCALATE]
    return roles, advice


def _policy_items(policy: Policy, found: frozenset[Category], kind: CommentKind) -> list[Advice]:
    out: list[Advice] = []
    for item in policy.guidance:
        if Moment.RESPONDING not in item.moments and Moment.MODERATING not in item.moments:
            continue
        if item.categories and not (set(item.categories) & found):
            continue
        trolls = "troll" in item.text.lower() or "do not engage" in item.text.lower()
        if trolls and kind is not CommentKind.TROLL:
            continue
        out.append(Advice(text=item.text, citation=item.cite,
                          kind="do_not_engage" if trolls else "policy"))
    return out


def assess(decision: Decision, policy: Policy, *, kind: CommentKind | None = None) -> ResponseGuidance:
    """Response guidance for one triaged inbound comment; ``kind`` overrides the suggested assessment branch."""
    found = categories(decision)
    chosen = kind or classify(decision)
    response, text = _ASSESSMENT[chosen]
    advice = [Advice(text=text, citation=FLOWCHART, kind="assessment")]
    flag_to, flags = _flags(decision)
    advice += flags
    advice += _handoffs(decision, policy, found)
    advice += _policy_items(policy, found, chosen)
    return ResponseGuidance(kind=chosen, response=response, advice=tuple(_unique(advice)), flag_to=flag_to)


def _unique(items: list[Advice]) -> list[Advice]:
    seen: set[tuple[str, str]] = set()
    out = []
    for item in items:
        key = (item.text, item.citation.section)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
