"""The cold path: `warden check "text"` from a shell, a fresh process each time, against named peers in one run.

Run: .venv/bin/python -m bench.bench_cold [--n 7] [--policy gosport]

Each row starts ``--n`` fresh processes and prints the median wall time, the median CPU time (user + system, of
the process and its threads: what the command costs when the machine is busy with other work) and the peak RSS.
Rows:
- ``python -c pass``: the interpreter alone (the floor);
- ``warden check``: the command as shipped (only the check command's modules are imported; patterns compile on
  first use; the classifier's weights are memory-mapped from the unpacked copy in the cache);
- the previous import path: the same check with every sub-command imported first, as `warden` did before;
- the parts of ``warden check``: importing its modules, building the engine (with the sentence encoder's load
  forced), and the single check with and without the encoder's load (the encoder is loaded on a check's first
  use of the semantic heads; a single check always uses it);
- ``warden check`` on a text that reaches the phrase rules (more patterns compiled on the way).
A row's wall time is only meaningful next to the ``pass`` row of the same run: on a shared machine both grow.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
QUIET = "The library opens at 9am on Saturday."
LOUD = "I know where you live and I will burn your house down, you vermin."

_PARTS = """
import sys, time, resource
t0 = time.perf_counter()
from socialwarden.cli import check_cmd  # noqa: F401
t1 = time.perf_counter()
from socialwarden.engine.service import engine_for
from socialwarden.engine.context import Context, Direction
engine = engine_for(sys.argv[1])
t2 = time.perf_counter()
from socialwarden.classifiers.encoder import default_encoder
default_encoder().embed([""])  # loads onnxruntime, the tokenizer and the graph
t3 = time.perf_counter()
engine.check(sys.argv[2], Context(direction=Direction.OUTBOUND))
t4 = time.perf_counter()
print(f"{t1 - t0} {t2 - t1} {t3 - t2} {t4 - t3}")
"""


def _run(argv: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS (MB) and stdout of one fresh process (its own rusage, from wait4)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    out, err = proc.stdout.read() if proc.stdout else "", proc.stderr.read() if proc.stderr else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv}: {err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=7)
    parser.add_argument("--policy", default="gosport")
    args = parser.parse_args()
    py = sys.executable
    env_note = f"(OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, load {os.getloadavg()[0]:.1f})"
    _run([py, "-m", "socialwarden", "check", "--policy", args.policy, QUIET])  # the weights' cache is filled
    previous = ("import sys; from socialwarden.cli.app import build_app, main; build_app(); "
                "sys.argv = ['warden'] + sys.argv[1:]; main()")
    rows = {
        "python -c pass": [py, "-c", "pass"],
        "warden check (ordinary text)": [py, "-m", "socialwarden", "check", "--policy", args.policy, QUIET],
        "previous import path (every command imported)": [py, "-c", previous, "check", "--policy", args.policy,
                                                          QUIET],
        "warden check (a threat: more rules reached)": [py, "-m", "socialwarden", "check", "--policy", args.policy,
                                                        LOUD],
    }
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in rows}
    parts: list[list[float]] = []
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("fresh processes", total=args.n * (len(rows) + 1))
        for _ in range(args.n):  # interleaved, so a burst of load hits every row alike
            for name, argv in rows.items():
                wall, cpu, rss, _out = _run(argv)
                samples[name].append((wall, cpu, rss))
                progress.advance(task)
            out = _run([py, "-c", _PARTS, args.policy, QUIET])[3]
            parts.append([float(x) for x in out.split()])
            progress.advance(task)
    table = Table(title=f"Cold `warden check` vs peers, median of {args.n} fresh processes {env_note}")
    for col in ("command", "wall s", "CPU s", "peak RSS MB", "wall / python -c pass"):
        table.add_column(col, justify="right" if col != "command" else "left")
    floor = statistics.median(s[0] for s in samples["python -c pass"])
    for name, runs in samples.items():
        wall = statistics.median(s[0] for s in runs)
        cpu = statistics.median(s[1] for s in runs)
        rss = max(s[2] for s in runs)
        table.add_row(name, f"{wall:.3f}", f"{cpu:.3f}", f"{rss:.0f}", f"{wall / floor:.0f}x")
    console = Console()
    console.print(table)
    shipped = statistics.median(s[0] for s in samples["warden check (ordinary text)"])
    old = statistics.median(s[0] for s in samples["previous import path (every command imported)"])
    console.print(f"previous import path / shipped: [bold]{old / shipped:.2f}x[/] wall")
    medians = [statistics.median(p[i] for p in parts) for i in range(4)]
    console.print("inside `warden check` (wall, median): import its modules {:.3f} s, build the engine {:.3f} s, "
                  "load the sentence encoder {:.3f} s, check one text {:.3f} s".format(*medians))


if __name__ == "__main__":
    main()
