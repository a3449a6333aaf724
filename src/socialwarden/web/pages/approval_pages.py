"""The approval queue (posts, account requests, exceptions, wiki edits: approve, return with comments, reject),
wiki edits (ask for advice, amend), and the policy review page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from socialwarden.approvals.flows import after_decision, queue_for
from socialwarden.approvals.flows import decide as decide_item
from socialwarden.approvals.models import Verdict
from socialwarden.policy.models import ApprovalSubject
from socialwarden.policy_reviews import service as reviews
from socialwarden.policy_reviews.models import Outcome
from socialwarden.web import auth
from socialwarden.web.actor import actor
from socialwarden.web.pages.common import done, page
from socialwarden.wiki_edits import service as wiki

router = APIRouter(include_in_schema=False)
Db = Annotated[Session, Depends(auth.db)]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Comment = Annotated[str | None, Form(max_length=2000)]
_DONE = {Verdict.APPROVE: "approved", Verdict.RETURN: "returned with your comments", Verdict.REJECT: "rejected"}


@router.get("/approvals", name="page.approvals", response_class=HTMLResponse)
def approvals(request: Request, session: Db, done: str | None = None) -> Response:
    """What the caller can decide now; items they decided (or asked for) are not shown."""
    policy = auth.state_of(request).policy
    items = queue_for(session, policy=policy, person=actor(request, session))
    return page(request, "approvals.html", {"items": items, "done": done,
                                            "titles": {k: r.title for k, r in policy.roles.items()}})


@router.post("/approvals/{subject}/{subject_id}", name="page.approvals.decide")
def decide(subject: ApprovalSubject, subject_id: Id, request: Request, session: Db,
           decision: Annotated[Verdict, Form()], comment: Comment = None) -> Response:
    """Approve, return with comments, or reject one item (the comment is required to return or reject)."""
    state, who = auth.state_of(request), actor(request, session)
    made = decide_item(session, policy=state.policy, actor=who, subject_type=subject, subject_id=subject_id,
                       verdict=decision, comment=comment)
    session.commit()
    made = after_decision(session, settings=state.settings, policy=state.policy, actor=who, made=made)
    said = f" — {made.platform}" if made.platform else ""
    return done("/approvals", f"{made.label} {_DONE[decision]}{said}")


@router.get("/wiki", name="page.wiki", response_class=HTMLResponse)
def wiki_page(request: Request, session: Db, done: str | None = None) -> Response:
    """Ask for advice before editing a wiki entry; your requests and the advice given."""
    policy = auth.state_of(request).policy
    me = actor(request, session)
    rules = [r for r in policy.approvals if r.subject is ApprovalSubject.WIKI_EDIT]
    rows = [wiki.wiki_edit_out(session, policy=policy, row=r) for r in wiki.list_wiki_edits(session)
            if r.requested_by_id == me.id] if rules else []
    return page(request, "wiki.html", {"rules": rules, "edits": rows, "done": done,
                                       "titles": {k: r.title for k, r in policy.roles.items()}})


@router.post("/wiki", name="page.wiki.request")
def wiki_request(request: Request, session: Db, page_ref: Annotated[str, Form(alias="page", min_length=1,
                                                                               max_length=500)],
                 change: Annotated[str, Form(min_length=1, max_length=4000)],
                 reason: Annotated[str, Form(min_length=1, max_length=4000)],
                 conflict: Annotated[bool, Form()] = False) -> Response:
    """Ask the roles the policy names for advice on a wiki edit."""
    row = wiki.request_wiki_edit(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                 page=page_ref, change=change, reason=reason, conflict_of_interest=conflict)
    session.commit()
    return done("/wiki", f"Wiki edit {row.id} sent for advice")


@router.post("/wiki/{edit_id}/amend", name="page.wiki.amend")
def wiki_amend(edit_id: Id, request: Request, session: Db,
               change: Annotated[str, Form(min_length=1, max_length=4000)]) -> Response:
    """Change a returned wiki edit; it is advised on afresh."""
    row = wiki.amend_wiki_edit(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                               edit_id=edit_id, change=change)
    session.commit()
    return done("/wiki", f"Wiki edit {row.id} amended and sent again")


@router.get("/policy/review", name="page.policy.review", response_class=HTMLResponse)
def review_page(request: Request, session: Db, done: str | None = None) -> Response:
    """When the policy was last reviewed, when the next review is due, and the reviews on record."""
    policy = auth.state_of(request).policy
    status = reviews.review_status(session, policy=policy)
    return page(request, "policy_review.html", {"status": status, "done": done, "outcomes": list(Outcome),
                                                "titles": {k: r.title for k, r in policy.roles.items()}})


@router.post("/policy/review", name="page.policy.review.record")
def record_review(request: Request, session: Db, outcome: Annotated[Outcome, Form()],
                  notes: Annotated[str | None, Form(max_length=4000)] = None) -> Response:
    """Record a review of the policy (the review duty reads it)."""
    row = reviews.record_review(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                outcome=outcome, notes=notes)
    session.commit()
    return done("/policy/review", f"Review recorded: {row.outcome.value.replace('_', ' ')}")

