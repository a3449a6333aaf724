"""API routes for the organisation's policy: show it, validate a candidate policy file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from socialwarden.exceptions import PolicyInvalid
from socialwarden.policy.items import iter_items
from socialwarden.policy.loader import parse_policy
from socialwarden.web import auth

router = APIRouter(prefix="/policy", tags=["policy"])


class ItemOut(BaseModel):
    kind: str
    id: str
    group: str
    summary: str
    citation: dict[str, str | None] | None


class RoleOut(BaseModel):
    title: str
    permissions: list[str]


class PolicyOut(BaseModel):
    id: str
    version: str
    title: str
    organisation: str
    roles: dict[str, RoleOut]
    account_categories: dict[str, str]
    items: list[ItemOut]


class ValidateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    yaml: Annotated[str, Field(max_length=2_000_000, description="The policy file's text.")]
    filename: Annotated[str, Field(max_length=200)] = "policy.yaml"


class IssueOut(BaseModel):
    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    suggestion: str | None


class ValidateOut(BaseModel):
    valid: bool
    id: str | None = None
    version: str | None = None
    items: int = 0
    issues: list[IssueOut] = []


@router.get("", name="api.policy.show", response_model=PolicyOut)
def show(request: Request) -> PolicyOut:
    """The policy this organisation runs: roles, account categories, and every rule with its citation."""
    policy = auth.state_of(request).policy
    items = [ItemOut(kind=i.kind, id=i.id, group=i.group, summary=i.summary,
                     citation=i.cite.model_dump() if i.cite else None) for i in iter_items(policy)]
    return PolicyOut(id=policy.policy.id, version=policy.policy.version, title=policy.policy.title,
                     organisation=policy.organisation.name,
                     roles={k: RoleOut(title=r.title, permissions=[p.value for p in r.permissions])
                            for k, r in policy.roles.items()},
                     account_categories={k: c.title for k, c in policy.account_categories.items()}, items=items)


@router.post("/validate", name="api.policy.validate", response_model=ValidateOut)
def validate(body: ValidateIn) -> ValidateOut:
    """Validate a policy file's text; every problem comes back located by line, column and field."""
    try:
        policy = parse_policy(body.yaml, body.filename)
    except PolicyInvalid as exc:
        return ValidateOut(valid=False, issues=[IssueOut(file=i.file, line=i.line, column=i.column, field=i.field,
                                                         message=i.message, suggestion=i.suggestion)
                                                for i in exc.issues])
    return ValidateOut(valid=True, id=policy.policy.id, version=policy.policy.version,
                       items=sum(1 for _ in iter_items(policy)))
