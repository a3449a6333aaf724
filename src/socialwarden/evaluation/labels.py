"""The one place where engine decisions become task labels (TweetEval, HateXplain, Davidson, YouTube, checklist).

A decision counts as a label when one of its findings (after counter-speech down-weighting) is in that label's
categories at or above the threshold the policy itself acts on for an inbound comment: the lowest threshold of
any moderation criterion or third-party content rule naming the category (0.5 when the policy names none), or
the threshold given with ``warden eval --threshold CATEGORY=VALUE`` (what a policy owner would set).

- ``hate``: a ``hate`` finding.
- ``offensive``: a finding in abuse, hate, profanity, harassment, threat or sexual (every source treats hate
  and sexual abuse as offence; profanity is what TweetEval and Davidson annotators call offensive too).
- 3-class (HateXplain, Davidson): ``hate`` if hate, else ``offensive`` if offensive, else ``normal``.
- ``spam``: a ``spam`` or ``solicitation`` finding.
- checklist ``flag``: offensive, or a threat/incitement finding (a threat phrased politely must be flagged).
"""

from __future__ import annotations

from dataclasses import dataclass

from socialwarden.engine.decision import Decision
from socialwarden.policy.models import Direction, Policy
from socialwarden.taxonomy import Category

DEFAULT_THRESHOLD = 0.5
HATE = frozenset({Category.HATE})
OFFENSIVE = frozenset({Category.ABUSE, Category.HATE, Category.PROFANITY, Category.HARASSMENT, Category.THREAT,
                       Category.SEXUAL})
SPAM = frozenset({Category.SPAM, Category.SOLICITATION})
FLAG = OFFENSIVE | {Category.INCITEMENT}


@dataclass(frozen=True)
class Labels:
    """What one decision means for every task."""

    hate: bool
    offensive: bool
    spam: bool
    flag: bool

    @property
    def label3(self) -> str:
        return "hate" if self.hate else "offensive" if self.offensive else "normal"


def inbound_thresholds(policy: Policy) -> dict[Category, float]:
    """The score at which ``policy`` acts on each category in a third-party comment."""
    out: dict[Category, float] = {}
    for crit in policy.moderation.criteria:
        for cat in crit.categories:
            out[cat] = min(out.get(cat, 1.0), crit.threshold)
    for rule in policy.content_rules:
        if Direction.THIRD_PARTY in rule.applies_to:
            out[rule.category] = min(out.get(rule.category, 1.0), rule.threshold)
    return out


class LabelMap:
    """Decisions -> labels under one policy's thresholds."""

    def __init__(self, policy: Policy, overrides: dict[Category, float] | None = None) -> None:
        self.thresholds = {**inbound_thresholds(policy), **(overrides or {})}

    def threshold(self, category: Category) -> float:
        return self.thresholds.get(category, DEFAULT_THRESHOLD)

    def labels(self, decision: Decision) -> Labels:
        found = {f.category for f in decision.evidence if f.score >= self.threshold(f.category)}
        return Labels(hate=bool(found & HATE), offensive=bool(found & OFFENSIVE), spam=bool(found & SPAM),
                      flag=bool(found & FLAG))
