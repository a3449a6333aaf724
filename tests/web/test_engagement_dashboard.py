"""The dashboard shows engagement per account (ETT 6f: analytics reports), from the counts the connectors read."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from socialwarden.connectors.base import Engagement
from socialwarden.engagement import service as engagement
from socialwarden.people import service as people
from socialwarden.posts import service as posts
from socialwarden.posts.models import PostOut
from tests.connectors import org
from tests.web.conftest import WebEnv, sign_in


class Platform:
    def publish(self, post: PostOut) -> str:
        return f"109{post.id}"


def test_dashboard_shows_likes_shares_and_replies_per_account(ett_env: WebEnv) -> None:
    policy = ett_env.app.state.warden.policy
    now = dt.datetime.now(dt.UTC)
    with Session(ett_env.engine, expire_on_commit=False) as session:
        ceo = people.get_person(session, handle="chief-executive")
        account = org.live_account(session, settings=ett_env.settings, policy=policy, ceo=ceo,
                                   platform="mastodon", handle="ett@example.social", secrets={"access_token": "t"})
        draft = posts.draft(session, policy=policy, actor=ceo, account_ref=account.id,
                            text="The school office opens at 8am on Monday.")
        posts.submit(session, policy=policy, actor=ceo, post_id=draft.id)
        posts.schedule(session, policy=policy, actor=ceo, post_id=draft.id, at=now, now=now)
        session.commit()
        posts.publish_due(session, policy=policy, actor=ceo, now=now, publisher=Platform())
        engagement.record_readings(session, policy=policy, actor="system:sync", account_id=account.id,
                                   asked={f"109{draft.id}": draft.id},
                                   readings={f"109{draft.id}": Engagement(post_id=f"109{draft.id}", likes=7,
                                                                          shares=2, replies=3)}, at=now)
        session.commit()
    client = ett_env.client()
    sign_in(client, "chief-executive")
    page = client.get("/dashboard").text
    assert "Engagement per account" in page
    row = page[page.index('data-account="mastodon:ett@example.social"'):]
    cells = [c.split("<")[0] for c in row.split("<td>")[1:7]]
    assert cells == ["mastodon:ett@example.social", "1", "1", "7", "2", "3"], cells
