"""The whole engine with its models (TF-IDF + the int8 sentence encoder), one core, next to alt-profanity-check.

Texts: a realistic inbound mix of real, held-out texts: TweetEval offensive + hate *test* tweets (social-media
comments, about a third of them offensive) and held-out GOV.UK sentences (the formal register of the
organisations' own pages), 60:40, shuffled with a fixed seed.
Figures (issue 12 targets in brackets): single check p50/p99 with the sentence model (p99 <= 30 ms, one core);
``check_many`` texts/s gated (>= 400) with the share of texts that reached the encoder, and ungated; resident
memory after the first decision (<= 700 MB); start-up of ``warden check "text"`` in a fresh process
(<= 2.5 s) and the cold answer's wall time (a later issue asks <= 1 s). alt-profanity-check runs on the same
texts in the same run; ratios are ours / peer.

Run: .venv/bin/python -m bench.bench_models [--n 6000] [--single 2000] [--policy gosport]   (needs the bench extra)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from rich.console import Console
from rich.table import Table

TARGETS = {"single p99 ms": "<= 30", "batch texts/s (gated)": ">= 400", "RSS MB": "<= 700",
           "warden check start-up s": "<= 2.5", "warden check cold answer s": "<= 1 (later issue)"}

# Child processes: build the system, decide one text, report resident memory.
_OURS = """
from socialwarden.engine.service import engine_for
from socialwarden.engine.context import Context, Direction
engine = engine_for({policy!r})
engine.check("Trans people should all be hanged.", Context(direction=Direction.INBOUND))
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


def datasets() -> Path:
    return Path(os.environ.get("WARDEN_DATASETS", Path(__file__).resolve().parents[2] / "shared" / "datasets"))


def inbound_mix(n: int) -> list[str]:
    """60 % TweetEval test tweets, 40 % held-out GOV.UK sentences, seeded shuffle, repeated to ``n``."""
    from socialwarden.training import data as D

    root = datasets()
    tweets: list[str] = []
    for task in ("offensive", "hate"):
        path = root / "tweeteval" / task / "test_text.txt"
        if not path.exists():
            sys.exit(f"{path} not found: set WARDEN_DATASETS to the datasets folder")
        tweets += [t for t in path.read_text(encoding="utf-8").splitlines() if t.strip()]
    govuk = [e.text for e in D.load_govuk(root) if e.split == "test"]
    rng = random.Random(12)
    picked = rng.sample(tweets, min(len(tweets), round(0.6 * n))) + rng.sample(govuk, min(len(govuk), round(0.4 * n)))
    rng.shuffle(picked)
    return [picked[i % len(picked)] for i in range(n)]


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


def warden_cli(args: list[str]) -> float:
    """Wall seconds of ``warden ARGS`` in a fresh process (exit codes other than 0/1/2 raise)."""
    exe = Path(sys.executable).with_name("warden")
    t0 = time.perf_counter()
    done = subprocess.run([str(exe), *args], capture_output=True, text=True)
    if done.returncode not in (0, 1, 2, 3, 4, 5):
        raise RuntimeError(f"warden {' '.join(args)} failed: {done.stderr[-500:]}")
    return time.perf_counter() - t0


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
    parser.add_argument("--n", type=int, default=6_000)
    parser.add_argument("--single", type=int, default=2_000, help="texts timed one by one")
    parser.add_argument("--policy", default="gosport")
    args = parser.parse_args()
    console = Console()
    pinned = one_core()
    texts = inbound_mix(args.n)

    from profanity_check import predict_prob

    from socialwarden.detectors.classifier import ClassifierDetector
    from socialwarden.engine.batch import check_many
    from socialwarden.engine.context import Context, Direction
    from socialwarden.engine.service import engine_for

    inbound = Context(direction=Direction.INBOUND)
    start_ours, rss_ours = min(fresh_process(_OURS.format(policy=args.policy)) for _ in range(3))
    start_peer, rss_peer = min(fresh_process(_PEER) for _ in range(3))
    startup = min(warden_cli(["--help"]) for _ in range(3))
    cold = min(warden_cli(["check", "--policy", args.policy, "Trans people should all be hanged."]) for _ in range(3))
    engine = engine_for(args.policy)
    classifier = next(d for d in engine.detectors if isinstance(d, ClassifierDetector))
    console.print(f"{len(texts):,} texts (60 % TweetEval test tweets, 40 % held-out GOV.UK sentences; mean "
                  f"{statistics.mean(map(len, texts)):.0f} chars), policy {args.policy}, {pinned}; "
                  f"detectors: {', '.join(d.name for d in engine.detectors)}")
    check_many(engine, texts[:300], inbound)  # warm caches the same way for both
    predict_prob(texts[:300])
    encoded: list[int] = []

    def gated(batch: list[str]) -> object:
        out = []
        for k in range(0, len(batch), 512):
            out += check_many(engine, batch[k:k + 512], inbound, gate=True)
            encoded.append(classifier.encoded)
        return out

    # the encoder caches recent texts: clear it so each pass pays for its own embeddings
    def fresh() -> None:
        classifier._encoder._cache.clear()

    fresh()
    batch_gated, cpu_gated = batch_rate(gated, texts)
    share = sum(encoded) / len(texts)
    fresh()
    batch_full, cpu_full = batch_rate(lambda b: check_many(engine, b, inbound, gate=False), texts)
    batch_peer, cpu_peer = batch_rate(lambda b: predict_prob(b), texts)
    single = texts[:args.single]
    fresh()
    p50_ours, p99_ours = latencies(lambda t: engine.check(t, inbound), single)
    p50_peer, p99_peer = latencies(lambda t: predict_prob([t]), single)

    table = Table(title="whole engine with models vs alt-profanity-check (same run, same texts, one core)")
    for col in ("measure", "socialwarden engine", "alt-profanity-check", "ratio (ours / peer)", "target (ours)"):
        table.add_column(col, justify="right")
    rows = [("batch texts/s (gated)", batch_gated, batch_peer, "{:,.0f}"),
            ("batch texts/CPU-s (gated)", cpu_gated, cpu_peer, "{:,.0f}"),
            ("batch texts/s (ungated: every text encoded)", batch_full, batch_peer, "{:,.0f}"),
            ("batch texts/CPU-s (ungated)", cpu_full, cpu_peer, "{:,.0f}"),
            ("single p50 ms", p50_ours, p50_peer, "{:.3f}"), ("single p99 ms", p99_ours, p99_peer, "{:.3f}"),
            ("RSS MB", rss_ours, rss_peer, "{:.0f}"),
            ("start-up to first decision s", start_ours, start_peer, "{:.2f}")]
    for name, ours, peer, fmt in rows:
        table.add_row(name, fmt.format(ours), fmt.format(peer), f"{ours / peer:.2f}", TARGETS.get(name, "-"))
    table.add_row("warden check start-up s (`warden --help`)", f"{startup:.2f}", "-", "-",
                  TARGETS["warden check start-up s"])
    table.add_row("warden check cold answer s (one text, fresh process)", f"{cold:.2f}", "-", "-",
                  TARGETS["warden check cold answer s"])
    console.print(table)
    console.print(f"share of texts that reached the sentence encoder in the gated batch: {share:.1%}")
    console.print("RSS and start-up: a fresh process each (best of 3); start-up to first decision counts interpreter "
                  "start, imports, policy load, detector and model load (the encoder on the first text), and one "
                  "decision. The peer decides offensive yes/no only; the engine runs every detector and applies "
                  "the policy. Single checks always use the sentence encoder.")


if __name__ == "__main__":
    main()
