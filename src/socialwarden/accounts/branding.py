"""Branding checks (ETT 15): official accounts carry the logo, individual-professional bios carry name, role and
"Views are my own", personal accounts carry no logo. Pure functions of the policy and the account."""

from __future__ import annotations

import re
import unicodedata

from socialwarden.accounts.models import Account, BrandingFinding, Cited
from socialwarden.policy.models import AccountRuleKind, Citation, Policy

__all__ = ["check_branding"]


def _fold(text: str) -> str:
    """Case, accents, quotes, punctuation and spacing folded: 'Views are my own.' matches 'views are my own'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _contains(haystack: str, needle: str) -> bool:
    folded = _fold(needle)
    return bool(folded) and f" {folded} " in f" {_fold(haystack)} "


def _names(bio: str, name: str) -> bool:
    """The full name, or its first and last words (a middle name may be left out)."""
    parts = name.split()
    return _contains(bio, name) or (len(parts) > 1 and _contains(bio, parts[0]) and _contains(bio, parts[-1]))


def _cited(cite: Citation | None) -> Cited | None:
    return Cited(section=cite.section, quote=cite.quote) if cite is not None else None


def check_branding(*, policy: Policy, account: Account) -> list[BrandingFinding]:
    """Every way the account's logo and bio break its category's branding rules (empty when it complies)."""
    category = policy.account_categories.get(account.category)
    if category is None or category.branding is None:
        return []
    brand, cite = category.branding, _cited(category.branding.cite)
    findings: list[BrandingFinding] = []

    def add(rule: str, message: str, where: Cited | None = cite) -> None:
        findings.append(BrandingFinding(account_id=account.id, rule=rule, message=message, cite=where))

    if brand.logo == "required" and not account.has_logo:
        add("logo_required", f"{category.title} accounts carry the {policy.organisation.name} logo; this one does not")
    if brand.logo == "forbidden" and account.has_logo:
        add("logo_forbidden", f"{category.title} accounts must not carry the {policy.organisation.name} logo or "
                              "branding; this one does")
    bio = account.profile_text or ""
    phrases = list(brand.bio_must_include)
    for rule in policy.account_rules:  # disclaimer rules add accepted wordings with their own clause
        if rule.kind == AccountRuleKind.DISCLAIMER and (not rule.categories or account.category in rule.categories):
            if rule.phrases and not any(_contains(bio, p) for p in rule.phrases):
                add("bio_phrase", f"the bio must contain {' or '.join(repr(p) for p in rule.phrases)}",
                    _cited(rule.cite))
            phrases = [p for p in phrases if p not in rule.phrases]
    for phrase in phrases:
        if not _contains(bio, phrase):
            add("bio_phrase", f"the bio must contain {phrase!r}")
    owner = account.owner
    if "name" in brand.bio_must_include_fields:
        if owner is None:
            add("bio_name", "the bio must carry the holder's name, but the account has no owner on record")
        elif not _names(bio, owner.name):
            add("bio_name", f"the bio must carry the holder's name ({owner.name!r})")
    if "role" in brand.bio_must_include_fields:
        if owner is None or not owner.job_title:
            who = "the account has no owner" if owner is None else f"{owner.handle} has no job title on record"
            add("bio_role", f"the bio must state the holder's role, and it cannot be checked: {who}")
        elif not _contains(bio, owner.job_title):
            add("bio_role", f"the bio must state the holder's role ({owner.job_title!r})")
    return findings
