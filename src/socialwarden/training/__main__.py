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
    parser.add_argument("command", choices=("train", "semantic", "evaluate", "bench", "firm"))
    parser.add_argument("--data", default=None,
                        help="datasets folder (default: $WARDEN_DATASETS or ../shared/datasets)")
    parser.add_argument("--out", default=str(DATA_DIR), help="where the model artefacts are written / read")
    parser.add_argument("--json", default=None, help="also write the evaluation figures to this JSON file")
    parser.add_argument("--n", type=int, default=20_000, help="bench: number of synthetic texts")
    parser.add_argument("--cache", default=None,
                        help="train: embedding cache folder (default $WARDEN_CACHE or ~/.cache/socialwarden)")
    parser.add_argument("--grid", action="store_true", help="train: rerun the TF-IDF hyper-parameter grid on val")
    parser.add_argument("--no-export", action="store_true",
                        help="train: keep the encoder already in --out instead of exporting it again")
    args = parser.parse_args(argv)
    if args.command == "train":
        from socialwarden.training.train import Trainer  # heavy imports only when training

        out = Path(args.out)
        if not args.no_export:
            from socialwarden.training.export import export

            print(f"encoder exported: {export(out)}", flush=True)
        Trainer(args.data, log=lambda s: print(s, flush=True), cache=args.cache, grid=args.grid).run(out)
        from socialwarden.training.firm import write

        print(f"firm cut-offs: {json.dumps(write(args.data, out))}", flush=True)
        return 0
    if args.command == "semantic":
        from socialwarden.training.firm import write
        from socialwarden.training.train import semantic_only

        semantic_only(args.data, Path(args.out), args.cache, log=lambda s: print(s, flush=True))
        print(f"firm cut-offs: {json.dumps(write(args.data, Path(args.out)))}", flush=True)
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
