"""Speed, start-up and memory of the classifier detector on synthetic tweet-length texts (numpy only).

Run: ``python -m socialwarden.training bench [--n 20000]``. Run it under ``taskset -c 0`` for one core.
"""

from __future__ import annotations

import random
import resource
import time
from collections.abc import Callable

_VOCABULARY = ("the council meeting park library bin collection road school today tomorrow thanks great event "
         "please read our new plan for the town centre and send views by friday we are proud of staff "
         "volunteers team award community residents local news update traffic closure weekend family "
         "you idiot stupid shut up rubbish awful hate love brilliant lovely happy sad angry why how what "
         "check out my channel subscribe free money click here win prize")
WORDS = tuple(_VOCABULARY.split())
EXTRAS = ("@user", "#localnews", "http://bit.ly/abc", "2024", "!!", "?", "🙂", "😡")


def synthetic(n: int, seed: int = 0) -> list[str]:
    """Texts of 8-40 tokens (about 50-250 characters), from a fixed vocabulary, seeded."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        tokens = [rng.choice(WORDS) if rng.random() > 0.1 else rng.choice(EXTRAS) for _ in range(rng.randint(8, 40))]
        out.append(" ".join(tokens).capitalize())
    return out


def bench(n: int = 20_000, log: Callable[[str], None] = print) -> dict[str, float]:
    start = time.perf_counter()
    from socialwarden.detectors.classifier import ClassifierDetector

    detector = ClassifierDetector()
    detector.analyse("warm-up: first decision")
    startup = time.perf_counter() - start
    texts = synthetic(n)
    t0 = time.perf_counter()
    batch = detector.analyse_many(texts)
    batch_rate = n / (time.perf_counter() - t0)
    singles = []
    for text in texts[: min(n, 5000)]:
        t1 = time.perf_counter()
        detector.analyse(text)
        singles.append(time.perf_counter() - t1)
    singles.sort()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"texts": float(n), "startup_s": startup, "batch_texts_per_s": batch_rate,
              "single_p50_ms": 1000 * singles[len(singles) // 2],
              "single_p99_ms": 1000 * singles[int(len(singles) * 0.99)],
              "single_texts_per_s": len(singles) / sum(singles), "max_rss_mb": rss_mb,
              "flagged_share": sum(1 for f in batch if f) / n}
    for key, value in result.items():
        log(f"{key}: {value:.3f}")
    return result
