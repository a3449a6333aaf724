"""Throughput and latency of the rule-based pipeline, next to better-profanity on the same texts, one core.

Run: .venv/bin/python -m bench.bench_rules [--n 20000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

from rich.console import Console
from rich.table import Table

from bench.texts import tweets
from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.policy.loader import load_policy


def _throughput(fn: object, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)  # type: ignore[operator]
    return len(texts) / (time.perf_counter() - start)


def _latencies(fn: object, texts: list[str]) -> tuple[float, float]:
    samples = []
    for text in texts:
        t0 = time.perf_counter()
        fn(text)  # type: ignore[operator]
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--policy", default="gosport")
    args = parser.parse_args()
    console = Console()
    texts = tweets(args.n)
    policy = load_policy(args.policy)
    engine = Engine(policy, build_detectors(detector_config(policy), models=False))
    inbound = Context(direction=Direction.INBOUND)
    rows = []
    console.print(f"{len(texts)} tweet-length texts, policy {args.policy}, rule-based detectors: "
                  f"{', '.join(d.name for d in engine.detectors)}")
    ours = _throughput(lambda t: engine.check(t, inbound), texts)
    p50, p99 = _latencies(lambda t: engine.check(t, inbound), texts[:5000])
    rows.append(("socialwarden rules (full decision)", ours, p50, p99))
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        sample = texts[: min(len(texts), 2000)]  # it is slow: a sample keeps the run short
        theirs = _throughput(profanity.contains_profanity, sample)
        b50, b99 = _latencies(profanity.contains_profanity, sample[:500])
        rows.append(("better-profanity contains_profanity", theirs, b50, b99))
    except ImportError:
        theirs = 0.0
        console.print("[yellow]better-profanity not installed (pip install '.[bench]'): no peer figure[/]")
    table = Table("pipeline", "texts/s", "p50 ms", "p99 ms")
    for name, rate, lat50, lat99 in rows:
        table.add_row(name, f"{rate:,.0f}", f"{lat50:.3f}", f"{lat99:.3f}")
    console.print(table)
    if theirs:
        console.print(f"ratio: socialwarden is {ours / theirs:,.1f}x the throughput of better-profanity")


if __name__ == "__main__":
    main()
