"""``python -m socialwarden.training train|evaluate|bench|firm [--data DIR] [--out DIR]``.

``train`` needs the ``train`` extra (scikit-learn, scipy); ``evaluate`` needs only numpy.
The data root defaults to ../shared/datasets beside the repo, or $WARDEN_DATASETS.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from socialwarden.classifiers.model import DATA_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m socialwarden.training")
    parser.add_argument("command", choices=("train", "evaluate", "bench", "firm"))
    parser.add_argument("--data", default=None,
                        help="datasets folder (default: $WARDEN_DATASETS or ../shared/datasets)")
    parser.add_argument("--out", default=str(DATA_DIR), help="where the model artefacts are written / read")
    parser.add_argument("--json", default=None, help="also write the evaluation figures to this JSON file")
    parser.add_argument("--n", type=int, default=20_000, help="bench: number of synthetic texts")
    args = parser.parse_args(argv)
    if args.command == "train":
        from socialwarden.training.train import Trainer  # heavy imports only when training

        Trainer(args.data, log=lambda s: print(s, flush=True)).run(Path(args.out))
        return 0
    if args.command == "firm":
        from socialwarden.training.firm import write

        print(json.dumps(write(args.data, Path(args.out)), indent=2))
        return 0
    if args.command == "bench":
        from socialwarden.training.bench import bench

        bench(args.n)
        return 0
    from socialwarden.training.evaluate import evaluate

    results = evaluate(args.data, Path(args.out))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def train(data: str | None = None, out: str | None = None) -> int:
    """Entry for ``warden train`` / ``make train``."""
    return main(["train", *(["--data", data] if data else []), *(["--out", out] if out else [])])


if __name__ == "__main__":
    sys.exit(main())
