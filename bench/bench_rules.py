"""Throughput and latency of the rule-based pipeline, next to better-profanity on the same texts, one core.

Run: .venv/bin/python -m bench.bench_rules [--n 20000]

Each figure is given twice: wall-clock, and CPU time of this process. On a shared machine the wall-clock
figures include time spent waiting for a core (a 4 ms scheduler slice lands in the p99); the CPU figures
are what one core delivers. Both peers are measured the same way in the same run.
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


def _throughput(fn: object, texts: list[str]) -> tuple[float, float]:
    """Texts per second, wall-clock and per CPU second."""
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        fn(text)  # type: ignore[operator]
    return len(texts) / (time.perf_counter() - start), len(texts) / max(time.process_time() - cpu, 1e-9)


def _latencies(fn: object, texts: list[str]) -> tuple[float, float, float, float]:
    """p50 and p99 of single calls in ms: wall-clock, then CPU time."""
    wall, cpu = [], []
    for text in texts:
        t0, c0 = time.perf_counter(), time.process_time()
        fn(text)  # type: ignore[operator]
        c1, t1 = time.process_time(), time.perf_counter()
        wall.append((t1 - t0) * 1000)
        cpu.append((c1 - c0) * 1000)
    wall.sort()
    cpu.sort()
    k = int(len(wall) * 0.99) - 1
    return statistics.median(wall), wall[k], statistics.median(cpu), cpu[k]


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
    ours, ours_cpu = _throughput(lambda t: engine.check(t, inbound), texts)
    rows.append(("socialwarden rules (full decision)", ours, ours_cpu,
                 *_latencies(lambda t: engine.check(t, inbound), texts[:5000])))
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        sample = texts[: min(len(texts), 2000)]  # it is slow: a sample keeps the run short
        theirs, theirs_cpu = _throughput(profanity.contains_profanity, sample)
        rows.append(("better-profanity contains_profanity", theirs, theirs_cpu,
                     *_latencies(profanity.contains_profanity, sample[:500])))
    except ImportError:
        theirs = theirs_cpu = 0.0
        console.print("[yellow]better-profanity not installed (pip install '.[bench]'): no peer figure[/]")
    table = Table("pipeline", "texts/s", "p50 ms", "p99 ms", "texts/CPU-s", "CPU p50 ms", "CPU p99 ms")
    for name, rate, rate_cpu, lat50, lat99, cpu50, cpu99 in rows:
        table.add_row(name, f"{rate:,.0f}", f"{lat50:.3f}", f"{lat99:.3f}", f"{rate_cpu:,.0f}", f"{cpu50:.3f}",
                      f"{cpu99:.3f}")
    console.print(table)
    if theirs:
        console.print(f"ratio: socialwarden is {ours / theirs:,.1f}x the throughput of better-profanity "
                      f"(wall-clock), {ours_cpu / theirs_cpu:,.1f}x per CPU second")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        console.print(f"[yellow]note: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
                      "wall-clock figures include waiting for a core[/]")


if __name__ == "__main__":
    main()
