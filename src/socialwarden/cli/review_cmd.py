"""``warden policy review`` (record a review of the policy) and ``warden policy reviews`` (where it stands)."""

from __future__ import annotations

from typing import Annotated

import typer

from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed
from socialwarden.policy_reviews import service as reviews
from socialwarden.policy_reviews.models import Outcome, ReviewStatus


def _status(status: ReviewStatus) -> str:
    if status.every_months is None:
        return f"policy {status.policy_id} sets no review period"
    head = (f"policy {status.policy_id}: reviewed every {status.every_months} months by {status.owner}; "
            + (f"last {status.last_reviewed} ({status.last_by}); next due {status.due} [{status.state.value}]"
               if status.last_reviewed else "[red]no review on record[/]"))
    rows = [f"  {r.reviewed_at:%Y-%m-%d} {r.outcome.value} by {r.reviewed_by} (v{r.policy_version})"
            + (f": {r.notes}" if r.notes else "") for r in status.reviews]
    return "\n".join([head, *rows])


def review(actor: AsOpt,
           changes: Annotated[str | None, typer.Option("--changes", help="The changes the review recommends "
                                                                          "(omit when none).")] = None,
           notes: Annotated[str | None, typer.Option("--notes", help="Anything else to record.")] = None,
           policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Record that you reviewed the policy (needs review_policy); the review duty reads it."""
    outcome = Outcome.CHANGES_RECOMMENDED if changes else Outcome.NO_CHANGE
    text = "\n".join(t for t in (changes, notes) if t) or None
    with governed(policy) as ctx:
        row = reviews.record_review(ctx.session, policy=ctx.policy, actor=actor, outcome=outcome, notes=text)
        ctx.session.commit()
        status = reviews.review_status(ctx.session, policy=ctx.policy)
        emit(row, as_json, f"[green]review recorded[/] ({row.outcome.value}); next due {status.due}")


def reviews_(policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """When the policy was last reviewed, when the next review is due, and the reviews on record."""
    with governed(policy) as ctx:
        status = reviews.review_status(ctx.session, policy=ctx.policy)
        emit(status, as_json, _status(status))
