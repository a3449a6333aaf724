"""Issue 16, items 2 and 7: no version goes out that nobody approved, however requests race.

2. After v1 is approved, the author sends ``PUT /posts/{id}/text`` (a text the check blocks) and, 0-20 ms later,
   ``POST /posts/{id}/schedule``. Before the fix 9 of 12 trials ended ``scheduled, version=2,
   approved_version=null`` and ``publish-due`` published them. Now the schedule either lands first (and the edit
   then takes the post back to checked) or is refused; either way nothing unapproved is scheduled or published.
7. Two approvers approving the same post at once stored two approvals in 5 of 10 trials. Now one approval is
   stored, the other approver is told it is no longer waiting (409), and nobody gets a 500.

Both run against the app served by uvicorn on loopback, on SQLite and PostgreSQL, from real threads.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import httpx
from sqlalchemy.orm import Session

from socialwarden.posts.outbox import OutboxPublisher
from socialwarden.posts.publishing import publish_due
from tests.security.conftest import Served

BLOCKED = "Call Jane on 07700 900123 about her care package."  # personal data: the Society's check blocks it


def _at_once(*calls: Callable[[], httpx.Response], delays: tuple[float, ...]) -> list[httpx.Response]:
    """Run each call in its own thread, released together, each after its delay (seconds)."""
    gate = threading.Barrier(len(calls))
    out: list[httpx.Response | None] = [None] * len(calls)

    def run(i: int) -> None:
        gate.wait()
        time.sleep(delays[i])
        out[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None for r in out)
    return [r for r in out if r is not None]


def _approved_post(author: httpx.Client, smo: httpx.Client, account_id: int, text: str) -> int:
    made = author.post("/api/v1/posts", json={"account_id": account_id, "text": text})
    assert made.status_code == 201, made.text
    post_id = int(made.json()["id"])
    assert author.post(f"/api/v1/posts/{post_id}/submit").json()["status"] == "awaiting_approval"
    assert smo.post(f"/api/v1/posts/{post_id}/approve", json={}).json()["status"] == "approved"
    return post_id


def test_edit_and_schedule_at_once_never_schedules_an_unapproved_version(society: Served) -> None:
    account_id = society.live_account(requester="trustee", approvers=["social-media-officer"],
                                      owner="social-media-officer", category="official")
    author, smo = society.client("trustee"), society.client("social-media-officer")
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    ids: list[int] = []
    for trial in range(12):
        post_id = _approved_post(author, smo, account_id, f"Our lecture number {trial} is on 12 March.")
        ids.append(post_id)
        edit, schedule = _at_once(lambda p=post_id: author.put(f"/api/v1/posts/{p}/text", json={"text": BLOCKED}),
                                  lambda p=post_id: author.post(f"/api/v1/posts/{p}/schedule", json={"at": when}),
                                  delays=(0.0, 0.004 + 0.0015 * trial))
        assert edit.status_code < 500 and schedule.status_code < 500, (edit.text, schedule.text)
        assert schedule.status_code in (200, 409), schedule.text
    for post_id in ids:
        shown = author.get(f"/api/v1/posts/{post_id}").json()
        assert shown["version"] == 2 and shown["text"] == BLOCKED  # the edit always lands
        assert shown["status"] != "scheduled", shown  # it voided the approval, whichever came first
        assert shown["approved_version"] is None
    with Session(society.env.engine) as session:  # the scheduler runs: nothing of these may go out
        results = publish_due(session, policy=society.env.app.state.warden.policy, actor="social-media-officer",
                              now=dt.datetime.now(dt.UTC) + dt.timedelta(days=2),
                              publisher=OutboxPublisher(society.env.settings.data_dir / "outbox.jsonl"))
    assert [r for r in results if r.outcome == "published"] == []
    assert not (society.env.settings.data_dir / "outbox.jsonl").exists()


def test_two_approvers_at_once_store_one_approval(society: Served) -> None:
    society.add_person("smo2", ["social_media_officer"], like="social-media-officer")
    account_id = society.live_account(requester="trustee", approvers=["social-media-officer"],
                                      owner="social-media-officer", category="official")
    author = society.client("trustee")
    first, second = society.client("social-media-officer"), society.client("smo2")
    for trial in range(10):
        made = author.post("/api/v1/posts", json={"account_id": account_id, "text": f"Talk {trial} on Friday."})
        post_id = int(made.json()["id"])
        author.post(f"/api/v1/posts/{post_id}/submit")
        replies = _at_once(lambda p=post_id: first.post(f"/api/v1/posts/{p}/approve", json={"comment": "a"}),
                           lambda p=post_id: second.post(f"/api/v1/posts/{p}/approve", json={"comment": "b"}),
                           delays=(0.0, 0.0005 * trial))
        codes = sorted(r.status_code for r in replies)
        assert codes == [200, 409], [r.text for r in replies]
        shown = author.get(f"/api/v1/posts/{post_id}").json()
        given = [a for a in shown["approvals"] if a["version"] == shown["version"]
                 and a.get("decision", "approve") == "approve"]
        assert len(given) == 1 and shown["status"] == "approved" and shown["approved_version"] == 1, shown
