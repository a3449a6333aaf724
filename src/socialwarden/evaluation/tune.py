"""Choose the abuse and hate thresholds on VALIDATION splits only, through the whole engine.

The engine runs once over each val split; each text keeps its best score per category. A grid over the two
thresholds (the categories the model carries; lexicon categories keep the policy's) is scored by the mean
val macro-F1 of TweetEval offensive, TweetEval hate, HateXplain 3-class and Davidson 3-class. Test splits are
never read here.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

from socialwarden.engine.batch import check_many
from socialwarden.engine.context import Context
from socialwarden.engine.decision import Decision
from socialwarden.engine.engine import Engine
from socialwarden.evaluation import labels as L
from socialwarden.evaluation.scoring import score
from socialwarden.evaluation.tasks import Task, load_tasks
from socialwarden.taxonomy import Category

GRID = tuple(round(0.30 + 0.05 * k, 2) for k in range(13))  # 0.30 .. 0.90; the classifier emits from 0.3
TUNED = (Category.ABUSE, Category.HATE)


def _best(decision: Decision) -> dict[Category, float]:
    out: dict[Category, float] = {}
    for f in decision.evidence:
        out[f.category] = max(out.get(f.category, 0.0), f.score)
    return out


def _predict(kind: str, best: dict[Category, float], thr: dict[Category, float]) -> str:
    found = {c for c, s in best.items() if s >= thr.get(c, L.DEFAULT_THRESHOLD)}
    hate, off = bool(found & L.HATE), bool(found & L.OFFENSIVE)
    if kind == "label3":
        return "hate" if hate else "offensive" if off else "normal"
    hit = hate if kind == "hate" else off
    return kind if hit else f"not_{kind}"


def macro(task: Task, bests: Sequence[dict[Category, float]], thr: dict[Category, float]) -> float:
    value = score(task.gold, [_predict(task.kind, b, thr) for b in bests], task.classes)["macro_f1"]
    assert isinstance(value, float)
    return value


def recommend(engine: Engine, context: Context, root: str | Path | None = None,
              limit: int | None = None) -> dict[str, object]:
    """Thresholds for abuse and hate that maximise mean val macro-F1, with the val figures at 0.5 and at them."""
    base = L.LabelMap(engine.policy).thresholds
    tasks = load_tasks(root, limit, split="val")
    bests = {t.name: [_best(d) for d in check_many(engine, t.texts, context, gate=False)] for t in tasks}

    def mean(thr: dict[Category, float]) -> float:
        return sum(macro(t, bests[t.name], thr) for t in tasks) / len(tasks)

    grid = [{**base, Category.ABUSE: a, Category.HATE: h} for a, h in itertools.product(GRID, GRID)]
    chosen = max(grid, key=mean)
    return {
        "thresholds": {c.value: chosen[c] for c in TUNED},
        "val_macro_f1_policy": {t.name: macro(t, bests[t.name], base) for t in tasks},
        "val_macro_f1_chosen": {t.name: macro(t, bests[t.name], chosen) for t in tasks},
        "val_mean_policy": mean(base), "val_mean_chosen": mean(chosen),
    }
