"""Train the semantic heads on int8-encoder embeddings, then stack them with the TF-IDF heads on validation rows.

Network: 384 -> HIDDEN (ReLU, dropout) -> one logit per head (abuse, hate, threat, sexual, spam) and per
Equality Act characteristic; masked binary cross-entropy (a row only teaches the heads its source labels), each
source's rows weighted by SOURCE_WEIGHT, AdamW, fixed epochs and seed, one thread (byte-reproducible).
Stacking: per head a logistic regression on (TF-IDF logit, semantic logit) over the pooled validation rows, with
each source given the same total weight, so in-domain negatives (GOV.UK val, our civic sentences) count as much
as tweets. Needs torch (the ``train`` extra).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from socialwarden.taxonomy import Characteristic
from socialwarden.training import data as D

HEADS = ("abuse", "hate", "threat", "sexual", "spam")
CHARACTERISTICS = tuple(c.value for c in Characteristic)
HIDDEN = 256
EPOCHS = 12
BATCH = 256
LR = 1e-3
WEIGHT_DECAY = 1e-4
DROPOUT = 0.1
SEED = 0
POS_WEIGHT_CAP = 5.0  # rare heads' positives count at most this many times a negative
# Per-row weight multiplier by source (public tweets 1; our small in-domain sources count more per row).
SOURCE_WEIGHT = {"toxigen": 3.0, "augment": 1.5, "govuk": 1.0, "youtube": 2.0}


@dataclass(frozen=True)
class Row:
    """One training/validation row: the example and its label per semantic head (None = unknown)."""

    example: D.Example
    labels: dict[str, int | None]


def rows_for(examples: Sequence[D.Example], extra: dict[str, dict[str, int | None]]) -> list[Row]:
    """Labels per head. Threat and sexual: our templates say; any other row that is not abusive is a negative
    (an ordinary sentence is neither), an abusive row from public data is unknown."""
    out = []
    for e in examples:
        more = extra.get(e.text, {}) if e.source == "augment" else {}
        labels: dict[str, int | None] = {"abuse": e.abuse, "hate": e.hate, "spam": e.spam}
        if e.source == "youtube":
            labels.update(abuse=None, hate=None)
        for head in ("threat", "sexual"):
            if head in more:
                labels[head] = more[head]
            else:
                labels[head] = 0 if e.abuse == 0 or (e.source == "youtube") else None
        if labels["spam"] is None and e.source != "youtube":
            labels["spam"] = 0 if e.abuse is not None else None  # tweets and posts are not YouTube spam
        out.append(Row(e, labels))
    return out


def _targets(rows: Sequence[Row]) -> tuple[np.ndarray, np.ndarray]:
    """(labels, mask) of shape (n, heads + characteristics)."""
    k = len(HEADS) + len(CHARACTERISTICS)
    y = np.zeros((len(rows), k), dtype=np.float32)
    m = np.zeros((len(rows), k), dtype=np.float32)
    for i, r in enumerate(rows):
        for j, h in enumerate(HEADS):
            v = r.labels.get(h)
            if v is not None:
                y[i, j], m[i, j] = float(v), 1.0
        if r.example.hate == 1 and r.example.targets:  # characteristics are learnt on hateful rows that name one
            names = {t.value for t in r.example.targets}
            for j, c in enumerate(CHARACTERISTICS):
                y[i, len(HEADS) + j] = float(c in names)
                m[i, len(HEADS) + j] = 1.0
    return y, m


def row_weights(rows: Sequence[Row]) -> np.ndarray:
    return np.array([SOURCE_WEIGHT.get(r.example.source, 1.0) for r in rows], dtype=np.float32)


def fit_network(x: np.ndarray, rows: Sequence[Row], log: Callable[[str], None]) -> dict[str, np.ndarray]:
    torch: Any = importlib.import_module("torch")
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    y, m = _targets(rows)
    w = row_weights(rows)
    # balance each head's positives and negatives so rare heads (threat, sexual) are learnt at all
    pos = (y * m).sum(0)
    neg = ((1 - y) * m).sum(0)
    pos_weight = np.clip(neg / np.maximum(pos, 1.0), 1.0, POS_WEIGHT_CAP).astype(np.float32)
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], HIDDEN), torch.nn.ReLU(), torch.nn.Dropout(DROPOUT),
                              torch.nn.Linear(HIDDEN, y.shape[1]))
    opt = torch.optim.AdamW(net.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    xt, yt, mt, wt = (torch.from_numpy(a) for a in (x.astype(np.float32), y, m, w))
    pw = torch.from_numpy(pos_weight)
    gen = torch.Generator().manual_seed(SEED)
    for epoch in range(EPOCHS):
        net.train()
        order = torch.randperm(len(xt), generator=gen)
        total = 0.0
        for start in range(0, len(order), BATCH):
            idx = order[start:start + BATCH]
            logits = net(xt[idx])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, yt[idx], reduction="none",
                                                                        pos_weight=pw)
            loss = (loss * mt[idx] * wt[idx, None]).sum() / (mt[idx] * wt[idx, None]).sum().clamp(min=1.0)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
        log(f"  semantic epoch {epoch + 1}/{EPOCHS}: loss {total / len(order):.4f}")
    net.eval()
    lin1, lin2 = net[0], net[3]
    return {"w1": lin1.weight.detach().numpy().T.copy(), "b1": lin1.bias.detach().numpy().copy(),
            "w2": lin2.weight.detach().numpy().T.copy(), "b2": lin2.bias.detach().numpy().copy()}


def logits(layers: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    hidden = np.maximum(x.astype(np.float32) @ layers["w1"] + layers["b1"], 0.0)
    out: np.ndarray = (hidden @ layers["w2"] + layers["b2"]).astype(np.float64)
    return out


def fit_stack(z_tfidf: np.ndarray | None, z_sem: np.ndarray, y: np.ndarray, sources: np.ndarray) -> list[float]:
    """[a, s, b] of p = sigmoid(a z_tfidf + s z_sem + b), each source weighted to the same total."""
    lr_cls = importlib.import_module("sklearn.linear_model").LogisticRegression
    counts = {s: int((sources == s).sum()) for s in set(sources.tolist())}
    weight = np.array([len(y) / (len(counts) * counts[s]) for s in sources.tolist()])
    feats = np.c_[z_tfidf, z_sem] if z_tfidf is not None else z_sem[:, None]
    model = lr_cls(C=1e4, solver="lbfgs", max_iter=2000).fit(feats, y, sample_weight=weight)
    coef = model.coef_[0].tolist()
    a, s = (coef[0], coef[1]) if z_tfidf is not None else (0.0, coef[0])
    return [float(a), float(s), float(model.intercept_[0])]
