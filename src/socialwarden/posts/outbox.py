"""A hand-publishing outbox: a JSONL file a person publishes from when an account has no connector linked.

Nothing written here is on a platform: ``warden posts publish-due --outbox FILE`` copies a due post here and
records it as *not published* (no connector linked). ``OutboxPublisher.publish`` remains for trials and tests that
want a local stand-in platform; its ids say ``outbox:`` so no one can mistake them for a platform's.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from socialwarden.posts.models import PostOut
from socialwarden.store.files import open_private_append


class OutboxPublisher:
    """Writes one JSON line per post; as a ``Publisher`` (trials, tests) returns ``outbox:<post id>:v<version>``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, post: PostOut) -> str:
        """Append the post for publishing by hand; returns the outbox id (not a platform's)."""
        outbox_id = f"outbox:{post.id}:v{post.version}"
        line = json.dumps({"outbox_id": outbox_id, "account": post.account, "author": post.author,
                           "text": post.text, "version": post.version}, ensure_ascii=False)
        with open_private_append(self.path) as handle:  # 0600 in a 0700 folder: post texts before publication
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        return outbox_id

    def publish(self, post: PostOut) -> str:
        return self.write(post)
