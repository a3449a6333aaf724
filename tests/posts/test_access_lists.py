"""ETT 5c: only the people on an account's access list (or the roles the policy names: the CEO) publish, correct
or withdraw on it; each refusal names the clause. Both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.models import MemberKind
from socialwarden.exceptions import PermissionDenied
from socialwarden.policy.loader import load_policy
from socialwarden.posts import service as posts
from socialwarden.posts.models import PostOut
from tests.posts.world import build

ETT = load_policy("ett")
NOW = dt.datetime.now(dt.UTC)
CLAUSE = 'ett.5c.user-access, §5c: "Individual users will only be given access to these accounts."'


class Platform:
    """A stand-in platform for the desk's publisher protocol (the connectors' own tests use loopback servers)."""

    def __init__(self) -> None:
        self.sent: list[int] = []

    def publish(self, post: PostOut) -> str:
        self.sent.append(post.id)
        return f"fb-{post.id}"


def _approved(session: Session, author: str, text: str) -> int:
    post = posts.draft(session, policy=ETT, actor=author, account_ref="facebook:ettrust", text=text)
    post = posts.submit(session, policy=ETT, actor=author, post_id=post.id)
    if post.status != "approved":
        post = posts.approve(session, policy=ETT, actor="ceo", post_id=post.id)
    session.commit()
    return post.id


def test_only_the_access_list_and_named_roles_publish_correct_or_withdraw(session: Session) -> None:
    world = build(session, ETT, {"ceo": ["chief_executive"], "staff": ["staff"], "staff2": ["staff"]},
                  [("facebook", "ettrust", "official", "ceo", [], ["staff"])])
    mine = _approved(session, "staff", "The school office opens at 8am from Monday.")
    posts.schedule(session, policy=ETT, actor="staff", post_id=mine, at=NOW, now=NOW)  # on the list
    session.commit()
    other = _approved(session, "staff2", "Our open day is on Saturday at 10am.")
    with pytest.raises(PermissionDenied) as refused:
        posts.schedule(session, policy=ETT, actor="staff2", post_id=other, at=NOW, now=NOW)
    assert "staff2 may not publish on facebook:ettrust" in refused.value.message and CLAUSE in refused.value.message
    session.rollback()
    with pytest.raises(PermissionDenied, match="cannot be scheduled: staff2 may not publish"):  # the CEO may, but
        posts.schedule(session, policy=ETT, actor="ceo", post_id=other, at=NOW, now=NOW)  # not in staff2's name
    session.rollback()

    platform = Platform()
    done = posts.publish_due(session, policy=ETT, actor="ceo", now=NOW + dt.timedelta(minutes=1), publisher=platform)
    assert [(r.post_id, r.outcome) for r in done] == [(mine, "published")]
    with pytest.raises(PermissionDenied) as refused:  # a colleague cannot withdraw it
        posts.withdraw(session, policy=ETT, actor="staff2", post_id=mine, reason="I think it is wrong")
    assert CLAUSE in refused.value.message
    session.rollback()
    with pytest.raises(PermissionDenied) as refused:  # nor correct it
        posts.correct(session, policy=ETT, actor="staff2", post_id=mine, text="Opens at 9am.", note="time")
    assert "staff2 may not correct posts on facebook:ettrust" in refused.value.message
    session.rollback()
    corrected = posts.correct(session, policy=ETT, actor="staff", post_id=mine,
                              text="The school office opens at 8.30am from Monday.", note="the time changed")
    assert corrected.version == 2
    session.commit()

    # taken off the list after scheduling: the post is not published in their name
    later = _approved(session, "staff", "Parents' evening is on Thursday.")
    posts.schedule(session, policy=ETT, actor="staff", post_id=later, at=NOW, now=NOW)
    session.commit()
    accounts.remove_member(session, policy=ETT, actor="ceo", account=world.accounts["ettrust"],
                           person=world.people["staff"], kind=MemberKind.ACCESS, reason="left the trust")
    session.commit()
    done = posts.publish_due(session, policy=ETT, actor="ceo", now=NOW + dt.timedelta(minutes=2), publisher=platform)
    assert [(r.post_id, r.outcome) for r in done] == [(later, "refused")] and CLAUSE in (done[0].error or "")
    assert platform.sent == [mine]
