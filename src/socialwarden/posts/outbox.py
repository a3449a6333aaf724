"""A local publisher: appends each post to a JSONL outbox file (for trials, demos and hand publishing).

Real platforms are published to by the connectors (``warden worker``); this one needs no network.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from socialwarden.posts.models import PostOut
from socialwarden.store.files import open_private_append


class OutboxPublisher:
    """``Publisher`` that writes one JSON line per post and returns ``outbox:<post id>:v<version>``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def publish(self, post: PostOut) -> str:
        platform_id = f"outbox:{post.id}:v{post.version}"
        line = json.dumps({"platform_post_id": platform_id, "account": post.account, "author": post.author,
                           "text": post.text, "version": post.version}, ensure_ascii=False)
        with open_private_append(self.path) as handle:  # 0600 in a 0700 folder: post texts before publication
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        return platform_id
