"""A flat view of every cited item in a policy, for showing, diffing and clause coverage."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from socialwarden.policy.citations import resolve
from socialwarden.policy.models import Citation, Policy


@dataclass(frozen=True)
class Item:
    kind: str  # "content_rule", "criterion", "guidance", "role", ...
    id: str
    summary: str
    group: str  # what ``policy show`` groups by (a category, or the kind)
    cite: Citation | None
    body: dict[str, object]  # the item's own fields, for diffs

    @property
    def source(self) -> str | None:
        return self.cite.source if self.cite else None


def _body(model: BaseModel) -> dict[str, object]:
    return model.model_dump(mode="json", exclude={"cite"})


def iter_items(policy: Policy) -> Iterator[Item]:
    """Every enforceable rule and guidance item of ``policy``, with its citation resolved (source file, document
    name and section title)."""
    def cite(c: Citation | None) -> Citation | None:
        return None if c is None else resolve(policy, c)

    review = policy.policy.review
    if review is not None:
        yield Item("review", "policy.review", f"Review every {review.every_months} months by {review.owner}",
                   "governance", cite(review.cite), _body(review))
    for key, role in policy.roles.items():
        yield Item("role", key, f"{role.title}: {', '.join(p.value for p in role.permissions) or 'no permissions'}",
                   "roles", cite(role.cite), _body(role))
    for key, category in policy.account_categories.items():
        yield Item("account_category", key, category.title, "accounts", cite(category.cite), _body(category))
        if category.branding is not None:
            yield Item("branding", f"{key}.branding", f"Branding for {category.title}", "accounts",
                       cite(category.branding.cite), _body(category.branding))
    for rule in policy.account_rules:
        yield Item("account_rule", rule.id, rule.text, "accounts", cite(rule.cite), _body(rule))
    for doc in policy.required_documents:
        yield Item("required_document", doc.id, doc.title, "accounts", cite(doc.cite), _body(doc))
    for content in policy.content_rules:
        yield Item("content_rule", content.id, content.title, content.category.value, cite(content.cite),
                   _body(content))
    for crit in policy.moderation.criteria:
        yield Item("criterion", crit.id, crit.title, "moderation", cite(crit.cite), _body(crit))
    for approval in policy.approvals:
        yield Item("approval", approval.id, approval.text, "approvals", cite(approval.cite), _body(approval))
        for exemption in approval.exemptions:
            yield Item("exemption", exemption.id, exemption.text, "approvals", cite(exemption.cite),
                       _body(exemption))
    for target in policy.response_times.targets:
        yield Item("response_target", target.id, target.text, "response_times", cite(target.cite), _body(target))
    if policy.incident is not None:
        yield Item("incident", "incident", policy.incident.text, "incident", cite(policy.incident.cite),
                   _body(policy.incident))
    for retention in policy.retention:
        yield Item("retention", retention.id, retention.text, "retention", cite(retention.cite), _body(retention))
    for item in policy.guidance:
        yield Item("guidance", item.id, item.text, "guidance", cite(item.cite), _body(item))
