"""The evaluation tasks: official test splits (and the fixed Davidson hold-out) as texts with gold labels.

Test labels are read here only to score; nothing is tuned on them.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from socialwarden.exceptions import InputError
from socialwarden.training import data as D

LIMIT_SEED = 0


@dataclass(frozen=True)
class Task:
    """One benchmark: texts, gold labels and the label the engine and peers are scored on."""

    name: str
    title: str
    kind: str  # offensive | hate | label3 | spam
    classes: tuple[str, ...]
    texts: tuple[str, ...]
    gold: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...] = ()  # HateXplain target groups (>= 2 annotators); YouTube video


def _sample(n: int, limit: int | None) -> list[int]:
    if limit is None or limit >= n:
        return list(range(n))
    return sorted(np.random.default_rng(LIMIT_SEED).choice(n, limit, replace=False).tolist())


def _binary(name: str, title: str, kind: str, examples: list[D.Example], limit: int | None) -> Task:
    pick = [examples[i] for i in _sample(len(examples), limit)]
    field = "abuse" if kind == "offensive" else "hate"
    gold = tuple(kind if getattr(e, field) else f"not_{kind}" for e in pick)
    return Task(name, title, kind, (kind, f"not_{kind}"), tuple(e.text for e in pick), gold)


def hatexplain_split(root: Path, split: str = "test") -> list[tuple[str, str, tuple[str, ...]]]:
    """(text, hate/offensive/normal, target groups named by >= 2 of 3 annotators) for each post of ``split``."""
    out = []
    path = root / "hatexplain" / ("hf_export_test.jsonl" if split == "test" else "hf_export_validation.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        post = json.loads(line)
        vote = Counter(post["annotators"]["label"]).most_common(1)[0][0]
        label3 = {"hatespeech": "hate", "offensive": "offensive", "normal": "normal"}[D.HATEXPLAIN_LABELS[vote]]
        named = Counter(t for ann in post["annotators"]["target"] for t in set(ann))
        groups = tuple(sorted(t for t, c in named.items() if c >= 2 and t != "None"))
        out.append((D.hatexplain_text(post["post_tokens"]), label3, groups))
    return out


def load_tasks(root: str | Path | None = None, limit: int | None = None, split: str = "test") -> list[Task]:
    """Every task except YouTube spam (which needs a model per held-out video: see spam_folds).

    ``split="val"`` gives the validation splits instead, for choosing thresholds (tune.py).
    """
    base = D.data_root(root)
    if not base.is_dir():
        raise InputError(f"datasets folder not found: {base} (pass --data DIR or set WARDEN_DATASETS)")
    try:
        off = [e for e in D.load_tweeteval(base, "offensive") if e.split == split]
        hate = [e for e in D.load_tweeteval(base, "hate") if e.split == split]
        davidson = [e for e in D.load_davidson(base) if e.split == split]
        hx = hatexplain_split(base, split)
    except (OSError, KeyError, ValueError) as exc:
        raise InputError(f"cannot read the datasets under {base}: {exc}") from None
    tasks = [
        _binary("tweeteval_offensive", f"TweetEval offensive ({split})", "offensive", off, limit),
        _binary("tweeteval_hate", f"TweetEval hate ({split})", "hate", hate, limit),
    ]
    picked = [hx[i] for i in _sample(len(hx), limit)]
    tasks.append(Task("hatexplain", f"HateXplain 3-class ({split})", "label3", ("hate", "offensive", "normal"),
                      tuple(t for t, _, _ in picked), tuple(y for _, y, _ in picked), tuple(g for _, _, g in picked)))
    pick_d = [davidson[i] for i in _sample(len(davidson), limit)]
    d_title = "Davidson 3-class (fixed 20% hold-out)" if split == "test" else "Davidson 3-class (val)"
    tasks.append(Task("davidson", d_title, "label3", ("hate", "offensive", "normal"),
                      tuple(e.text for e in pick_d), tuple(e.label3 for e in pick_d)))
    try:
        toxigen = [e for e in D.load_toxigen(base) if e.split == split]
    except (OSError, KeyError, ValueError) as exc:
        raise InputError(f"cannot read the ToxiGen prompts under {base}: {exc}") from None
    tasks.append(_binary("toxigen", f"ToxiGen prompts, fixed seeded {split} split (hate vs neutral)", "hate",
                         toxigen, limit))
    return tasks


def govuk_test(root: str | Path | None = None, limit: int | None = None) -> list[str]:
    """The held-out GOV.UK sentences (lines 1-1,000 and a seeded share of the rest; never trained or calibrated on)."""
    base = D.data_root(root)
    try:
        rows = [e.text for e in D.load_govuk(base) if e.split == "test"]
    except OSError as exc:
        raise InputError(f"cannot read the GOV.UK sentences under {base}: {exc}") from None
    return [rows[i] for i in _sample(len(rows), limit)]
