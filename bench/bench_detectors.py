"""Throughput of each rule-based detector alone, on the same texts, one core (the engine runs them all).

Run: .venv/bin/python -m bench.bench_detectors [--n 20000]
"""

from __future__ import annotations

import argparse
import time

from rich.console import Console
from rich.table import Table

from bench.texts import tweets
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.registry import RULE_BASED


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    args = parser.parse_args()
    texts = tweets(args.n)
    table = Table("detector", "texts/s", "µs/text", "share of rule-based time")
    timings = []
    for factory in RULE_BASED:
        detector = factory(DetectorConfig())
        start = time.perf_counter()
        for text in texts:
            detector.analyse(text)
        timings.append((detector.name, time.perf_counter() - start))
    total = sum(t for _, t in timings)
    for name, spent in sorted(timings, key=lambda x: -x[1]):
        table.add_row(name, f"{len(texts) / spent:,.0f}", f"{spent / len(texts) * 1e6:.1f}", f"{spent / total:.0%}")
    Console().print(table)
    Console().print(f"all detectors in sequence: {len(texts) / total:,.0f} texts/s")


if __name__ == "__main__":
    main()
