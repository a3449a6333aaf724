"""The whole engine with its models, one core, real TweetEval test tweets, next to alt-profanity-check.

Figures: batch texts/s, p50/p99 of a single check, resident memory of the loaded engine, start-up to the first
decision (a fresh process: interpreter, imports, policy, detectors, models, one check). Each is printed beside
alt-profanity-check's, measured in the same run on the same texts, with the ratio.

Run: .venv/bin/python -m bench.bench_models [--n 20000] [--policy gosport]   (needs the bench or eval extra)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from rich.console import Console
from rich.table import Table

TARGETS = {"batch texts/s": ">= 2,000", "p99 ms": "<= 10", "RSS MB": "<= 500", "start-up s": "<= 2"}

# Child processes: build the system, decide one text, report wall time since before spawn and resident memory.
_OURS = """
from socialwarden.engine.service import engine_for
from socialwarden.engine.context import Context, Direction
engine = engine_for({policy!r})
engine.check("you are an idiot", Context(direction=Direction.INBOUND))
"""
_PEER = """
from profanity_check import predict_prob
predict_prob(["you are an idiot"])
"""
_REPORT = """
import json, resource
rss = 0
for line in open('/proc/self/status'):
    if line.startswith('VmRSS:'):
        rss = int(line.split()[1]) / 1024
print(json.dumps({"rss_mb": rss, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def test_tweets(n: int) -> list[str]:
    """TweetEval offensive + hate *test* texts (tweet length), repeated to ``n``."""
    root = Path(os.environ.get("WARDEN_DATASETS", Path(__file__).resolve().parents[2] / "shared" / "datasets"))
    lines: list[str] = []
    for task in ("offensive", "hate"):
        path = root / "tweeteval" / task / "test_text.txt"
        if not path.exists():
            sys.exit(f"{path} not found: set WARDEN_DATASETS to the datasets folder")
        lines += [t for t in path.read_text(encoding="utf-8").splitlines() if t.strip()]
    return [lines[i % len(lines)] for i in range(n)]


def one_core() -> str:
    """Pin this process (and its children) to one CPU, as the target asks."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def fresh_process(code: str) -> tuple[float, float]:
    """(seconds from spawn to first decision, resident MB after it) of a new interpreter running ``code``."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code + _REPORT], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t0
    return seconds, float(json.loads(out.stdout.strip().splitlines()[-1])["rss_mb"])


def latencies(fn: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    samples = []
    for text in texts:
        t0 = time.perf_counter()
        fn(text)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.99) - 1)]


def batch_rate(fn: Callable[[list[str]], object], texts: list[str]) -> tuple[float, float]:
    """(texts per wall-clock second, texts per CPU second of this process): the second is steadier when the
    machine is shared."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn(texts)
    return len(texts) / (time.perf_counter() - t0), len(texts) / (time.process_time() - c0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--single", type=int, default=3_000, help="texts timed one by one")
    parser.add_argument("--policy", default="gosport")
    args = parser.parse_args()
    console = Console()
    pinned = one_core()
    texts = test_tweets(args.n)

    from profanity_check import predict_prob

    from socialwarden.engine.batch import check_many
    from socialwarden.engine.context import Context, Direction
    from socialwarden.engine.service import engine_for

    inbound = Context(direction=Direction.INBOUND)
    start_ours, rss_ours = min(fresh_process(_OURS.format(policy=args.policy)) for _ in range(3))
    start_peer, rss_peer = min(fresh_process(_PEER) for _ in range(3))
    engine = engine_for(args.policy)
    console.print(f"{len(texts):,} TweetEval test tweets (mean {statistics.mean(map(len, texts)):.0f} chars), "
                  f"policy {args.policy}, {pinned}; detectors: {', '.join(d.name for d in engine.detectors)}")
    check_many(engine, texts[:500], inbound)  # warm caches the same way for both
    predict_prob(texts[:500])
    batch_ours, cpu_ours = batch_rate(lambda b: check_many(engine, b, inbound), texts)
    batch_peer, cpu_peer = batch_rate(lambda b: predict_prob(b), texts)
    single = texts[:args.single]
    p50_ours, p99_ours = latencies(lambda t: engine.check(t, inbound), single)
    p50_peer, p99_peer = latencies(lambda t: predict_prob([t]), single)

    table = Table(title="whole engine with models vs alt-profanity-check (same run, same texts, one core)")
    for col in ("measure", "socialwarden engine", "alt-profanity-check", "ratio (ours / peer)", "target (ours)"):
        table.add_column(col, justify="right")
    rows = [("batch texts/s", batch_ours, batch_peer, "{:,.0f}"), ("batch texts/CPU-s", cpu_ours, cpu_peer, "{:,.0f}"),
            ("single p50 ms", p50_ours, p50_peer, "{:.3f}"),
            ("single p99 ms", p99_ours, p99_peer, "{:.3f}"), ("RSS MB", rss_ours, rss_peer, "{:.0f}"),
            ("start-up s", start_ours, start_peer, "{:.2f}")]
    for name, ours, peer, fmt in rows:
        table.add_row(name, fmt.format(ours), fmt.format(peer), f"{ours / peer:.2f}",
                      TARGETS.get(name.replace("single ", ""), "-"))
    console.print(table)
    console.print("RSS and start-up: a fresh process each (best of 3); start-up counts interpreter start, imports, "
                  "policy load, detector and model load, and one decision. The peer decides offensive yes/no only; "
                  "the engine runs 16 detectors and applies the policy.")


if __name__ == "__main__":
    main()
