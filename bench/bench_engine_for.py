"""What ``check(text, "gosport")`` costs once the engine is cached, next to parsing the pack (the old per-call cost).

Run: .venv/bin/python -m bench.bench_engine_for [--n 2000] [--policy gosport]

``engine_for`` caches engines by policy content: a pack name is read and hashed on each call and parsed only when
its text is new. Measured in the same run: the first call (builds the engine, loads the model), warm calls by
name, warm calls with a fresh ``Policy`` object each time (hashed once per object), and the peer, parsing and
validating the pack (``load_policy``), which every call by name paid before.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("OMP_NUM_THREADS", "1")

from rich.console import Console
from rich.table import Table

from socialwarden.engine.service import check, clear_cache, engine_for
from socialwarden.policy.loader import load_policy

TEXT = "The new cycle lane on London Road opens on Monday."


def _times(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """p50 and p99 in ms of ``n`` calls."""
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    out.sort()
    return statistics.median(out), out[max(int(len(out) * 0.99) - 1, 0)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--policy", default="gosport")
    args = parser.parse_args()
    pack = args.policy
    clear_cache()
    t0 = time.perf_counter()
    check(TEXT, pack)
    first = (time.perf_counter() - t0) * 1000
    warm = _times(lambda: check(TEXT, pack), args.n)
    engine = engine_for(pack)
    only_check = _times(lambda: engine.check(TEXT), args.n)
    fresh = _times(lambda: check(TEXT, load_policy(pack)), max(args.n // 20, 20))
    parse = _times(lambda: load_policy(pack), max(args.n // 20, 20))
    table = Table("call", "p50 ms", "p99 ms", "vs warm by name (p50)")
    table.add_row("first check(text, pack): builds the engine", f"{first:.1f}", "", "")
    for name, (p50, p99) in (("check(text, pack), warm", warm), ("engine.check(text) alone", only_check),
                             ("check(text, load_policy(pack)): a new object each call", fresh),
                             ("peer: load_policy(pack), the parse each call paid before", parse)):
        table.add_row(name, f"{p50:.3f}", f"{p99:.3f}", f"{p50 / warm[0]:.1f}x")
    console = Console(width=120)
    console.print(f"{pack}, {args.n} warm calls, text {TEXT!r}")
    console.print(table)
    load = os.getloadavg()[0]
    console.print(f"note: load average {load:.1f} on {os.cpu_count()} cores; wall-clock figures include waiting")


if __name__ == "__main__":
    main()
