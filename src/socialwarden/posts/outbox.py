"""A local publisher: appends each post to a JSONL outbox file (for trials, demos and hand publishing).

Real platforms are published to by the connectors (``warden worker``); this one needs no network.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from socialwarden.posts.models import PostOut


class OutboxPublisher:
    """``Publisher`` that writes one JSON line per post and returns ``outbox:<post id>:v<version>``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def publish(self, post: PostOut) -> str:
        platform_id = f"outbox:{post.id}:v{post.version}"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"platform_post_id": platform_id, "account": post.account, "author": post.author,
                           "text": post.text, "version": post.version}, ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        return platform_id
