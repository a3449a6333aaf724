"""Tweet-length texts for benchmarks: real tweets from ../shared when present, else seeded synthetic ones."""

from __future__ import annotations

import os
import random
from pathlib import Path

_WORDS = tuple("""
the council bin collection park library meeting volunteers event free today tomorrow great thanks
community residents road closed update service please email call help new opening school children
photo video news reporter complaint idiot damn bloody useless brilliant vote election party policy
www.gosport.gov.uk bit.ly/3xYz http://example.com 07700 900123 jane@example.com SW1A 1AA fund raise
charity trustee board job advert apply now deadline friday we will fix it promise
""".split())


def synthetic(n: int, seed: int = 7) -> list[str]:
    """``n`` texts of 8-40 words drawn from a fixed vocabulary (deterministic for a seed)."""
    rng = random.Random(seed)
    return [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 40))) for _ in range(n)]


def tweets(n: int) -> list[str]:
    """Up to ``n`` real tweets (TweetEval train texts) repeated to length ``n``; synthetic if unavailable."""
    root = Path(os.environ.get("WARDEN_DATASETS", Path(__file__).resolve().parents[2] / "shared" / "datasets"))
    path = root / "tweeteval" / "offensive" / "train_text.txt"
    if not path.exists():
        return synthetic(n)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [lines[i % len(lines)] for i in range(n)]
