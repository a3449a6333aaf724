"""A post approved before an election period cannot be scheduled into it when the period's rules block it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from socialwarden.engine.election import today
from socialwarden.exceptions import Conflict
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import ElectionPeriod, Permission, Policy
from socialwarden.posts import service as posts
from socialwarden.posts.models import PostStatus
from tests.posts.world import build

TEXT = "Councillor Jane Smith opened the new play park on Elm Road today"


def _policy() -> Policy:
    """The template's rules with a period a month from now (so the draft, checked today, is outside it)."""
    base = load_policy("template")
    start = today() + dt.timedelta(days=30)
    period = ElectionPeriod(name="By-election", start=start, end=start + dt.timedelta(days=30),
                            featuring_councillors=True)
    roles = dict(base.roles)  # the template's manager also adds people and requests accounts here (the world)
    manager = roles["comms_manager"]
    extra = [Permission.MANAGE_PEOPLE, Permission.REQUEST_ACCOUNT]
    roles["comms_manager"] = manager.model_copy(update={"permissions": [*manager.permissions, *extra]})
    return base.model_copy(update={"election_periods": [period], "required_documents": [], "roles": roles})


def _at(days: int) -> dt.datetime:
    day = today() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=dt.UTC)


def test_scheduling_into_the_period_is_refused_with_the_rule_and_outside_it_is_fine(session: Session) -> None:
    policy = _policy()
    build(session, policy, {"cm": ["comms_manager"], "sam": ["staff"]},
          [("facebook", "example", "official", "cm", [], [])])
    post = posts.draft(session, policy=policy, actor="sam", account_ref="example", text=TEXT)
    assert post.verdict == "needs_approval"  # checked today: outside the period, only the standing approval
    posts.submit(session, policy=policy, actor="sam", post_id=post.id)
    posts.approve(session, policy=policy, actor="cm", post_id=post.id)
    with pytest.raises(Conflict, match=r"inside the election period 'By-election': No publicity featuring "
                                       r"candidates.*Example Charity social media policy §11 \(Elections\)"):
        posts.schedule(session, policy=policy, actor="cm", post_id=post.id, at=_at(45))
    scheduled = posts.schedule(session, policy=policy, actor="cm", post_id=post.id, at=_at(90))
    assert scheduled.status is PostStatus.SCHEDULED


def test_a_post_about_the_bins_is_scheduled_into_the_period(session: Session) -> None:
    policy = _policy()
    build(session, policy, {"cm": ["comms_manager"], "sam": ["staff"]},
          [("facebook", "example", "official", "cm", [], [])])
    post = posts.draft(session, policy=policy, actor="sam", account_ref="example",
                       text="Your bin collection moves to Saturday this week because of the bank holiday.")
    posts.submit(session, policy=policy, actor="sam", post_id=post.id)
    posts.approve(session, policy=policy, actor="cm", post_id=post.id)
    assert posts.schedule(session, policy=policy, actor="cm", post_id=post.id, at=_at(45)).status \
        is PostStatus.SCHEDULED
