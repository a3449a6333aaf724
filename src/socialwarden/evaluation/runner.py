"""Run every task through the whole engine (inbound comments, classifier on) and every peer, on the same texts.

Returns plain JSON-ready figures; ``report.py`` prints them. Progress is reported through a callback so the
CLI can draw bars and tests can stay quiet.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from socialwarden.detectors.classifier import ClassifierDetector
from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.batch import check_many
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.engine.service import engine_for
from socialwarden.evaluation import labels as L
from socialwarden.evaluation.checklist import load_checklist
from socialwarden.evaluation.peers import Peer, PeerLabels, load_peers
from socialwarden.evaluation.scoring import score
from socialwarden.evaluation.tasks import Task, load_tasks
from socialwarden.taxonomy import Category
from socialwarden.training.data import TARGET_MAP

ENGINE = "socialwarden"
TUNED = "socialwarden (val thresholds)"
INBOUND = Context(direction=Direction.INBOUND)
MIN_GROUP = 20  # HateXplain groups with fewer test posts are listed in JSON only

Start = Callable[[str, int], None]  # (what, total texts)
Advance = Callable[[int], None]


def _quiet_start(what: str, total: int) -> None:
    return None


def _quiet_advance(n: int) -> None:
    return None


class Runner:
    def __init__(self, *, policy: str = "gosport", root: str | Path | None = None, limit: int | None = None,
                 with_peers: bool = True, tune: bool = False, overrides: dict[Category, float] | None = None,
                 start: Start = _quiet_start, advance: Advance = _quiet_advance) -> None:
        self.engine = engine_for(policy)
        self.map = L.LabelMap(self.engine.policy, overrides)
        self.tune = tune
        self.tuned: L.LabelMap | None = None
        self.root, self.limit = root, limit
        self.peers: list[Peer] = load_peers() if with_peers else []
        self.start, self.advance = start, advance

    def _decide(self, engine: Engine, texts: Sequence[str], what: str) -> tuple[list[L.Labels], Any, float]:
        self.start(f"{ENGINE}: {what}", len(texts))
        t0 = time.perf_counter()
        decisions = check_many(engine, texts, INBOUND, progress=self.advance)
        seconds = time.perf_counter() - t0
        return [self.map.labels(d) for d in decisions], decisions, seconds

    def _peer(self, peer: Peer, texts: Sequence[str], what: str) -> tuple[list[PeerLabels], float]:
        assert peer.predict is not None
        self.start(f"{peer.name}: {what}", len(texts))
        t0 = time.perf_counter()
        out: list[PeerLabels] = []
        for k in range(0, len(texts), 256):
            out += peer.predict(texts[k:k + 256])
            self.advance(min(256, len(texts) - k))
        return out, time.perf_counter() - t0

    def run(self) -> dict[str, object]:
        t0 = time.perf_counter()
        results: dict[str, object] = {
            "policy": {"id": self.engine.policy.policy.id, "version": self.engine.policy.policy.version},
            "label_mapping": {"thresholds": {c.value: self.map.threshold(c) for c in sorted(
                L.OFFENSIVE | L.SPAM | L.FLAG)}, "doc": (L.__doc__ or "").strip()},
            "limit": self.limit,
            "peers": [{"name": p.name, "version": p.version, "measurable": p.measurable, "note": p.note}
                      for p in self.peers],
            "tasks": {},
        }
        if self.tune:
            from socialwarden.evaluation.tune import recommend

            self.start(f"{ENGINE}: choosing abuse/hate thresholds on the val splits", 1)
            chosen = recommend(self.engine, INBOUND, self.root, self.limit)
            self.advance(1)
            results["val_thresholds"] = chosen
            picked = chosen["thresholds"]
            assert isinstance(picked, dict)
            self.tuned = L.LabelMap(self.engine.policy, {**{c: self.map.threshold(c) for c in L.FLAG | L.SPAM},
                                                         **{Category(k): float(v) for k, v in picked.items()}})
        tasks: dict[str, object] = {}
        for task in load_tasks(self.root, self.limit):
            tasks[task.name] = self.task(task)
        tasks["youtube_spam"] = self.youtube()
        results["tasks"] = tasks
        results["checklist"] = self.checklist()
        results["seconds"] = round(time.perf_counter() - t0, 1)
        return results

    def task(self, task: Task) -> dict[str, object]:
        systems: dict[str, object] = {}
        found, decisions, secs = self._decide(self.engine, task.texts, task.title)
        pred = [_engine_label(task.kind, x) for x in found]
        systems[ENGINE] = {**score(task.gold, pred, task.classes), "seconds": round(secs, 2)}
        if self.tuned is not None:
            tuned_pred = [_engine_label(task.kind, self.tuned.labels(d)) for d in decisions]
            systems[TUNED] = score(task.gold, tuned_pred, task.classes)
        peer_preds: dict[str, list[str]] = {}
        for peer in self.peers:
            if peer.predict is None:
                systems[peer.name] = {"measurable": False, "note": peer.note}
                continue
            answers, secs = self._peer(peer, task.texts, task.title)
            labels = [_peer_label(task.kind, a) for a in answers]
            if any(v is None for v in labels):
                systems[peer.name] = {"measurable": False, "note": f"has no {task.kind} label"}
                continue
            peer_preds[peer.name] = [str(v) for v in labels]
            systems[peer.name] = {**score(task.gold, peer_preds[peer.name], task.classes), "seconds": round(secs, 2)}
        out: dict[str, object] = {"title": task.title, "kind": task.kind, "n": len(task.texts),
                                  "classes": list(task.classes), "systems": systems}
        if task.kind == "label3":
            out["hate_findings_by_source"] = _hate_sources(task, decisions, self.map)
        if task.groups:
            out["groups"] = _groups(task, {ENGINE: pred, **peer_preds})
            out["target_naming"] = _target_naming(task, decisions)
        return out

    def youtube(self) -> dict[str, object]:
        try:
            from socialwarden.evaluation.spam_folds import folds
            fold_iter = list(folds(self.root, self.limit))
        except ImportError as exc:
            return {"title": "YouTube spam (leave one video out)", "measurable": False,
                    "note": f"needs the eval extra ({exc.name}): pip install -e '.[eval]'"}
        t0 = time.perf_counter()
        config = detector_config(self.engine.policy)
        rule_based = build_detectors(config, models=False)
        gold: list[str] = []
        pred: list[str] = []
        per_video: dict[str, object] = {}
        for fold in fold_iter:
            engine = Engine(self.engine.policy, detectors=[*rule_based, ClassifierDetector(config, model=fold.model)])
            found, _, _ = self._decide(engine, fold.texts, f"YouTube {fold.video} (held out)")
            p = [_engine_label("spam", x) for x in found]
            per_video[fold.video] = {**score(fold.gold, p, ("spam", "not_spam")), "C": fold.c}
            gold += fold.gold
            pred += p
        seconds = time.perf_counter() - t0
        pooled = score(gold, pred, ("spam", "not_spam"))
        videos = [v for v in per_video.values() if isinstance(v, dict)]
        mean_f1 = sum(float(v["per_class"]["spam"]["f1"]) for v in videos) / len(videos)
        note = "no peer has a spam label"
        return {"title": "YouTube spam (leave one video out)", "kind": "spam", "n": len(gold),
                "classes": ["spam", "not_spam"], "systems": {ENGINE: {**pooled, "mean_video_spam_f1": mean_f1}},
                "per_video": per_video, "peers_note": note, "seconds_with_retraining": round(seconds, 1)}

    def checklist(self) -> dict[str, object]:
        items = load_checklist()
        texts = [c for f in items for c in f.cases]
        expect = [f.expect for f in items for _ in f.cases]
        found, decisions, _ = self._decide(self.engine, texts, "checklist")
        answers: dict[str, list[bool]] = {ENGINE: [x.flag for x in found]}
        if self.tuned is not None:
            answers[TUNED] = [self.tuned.labels(d).flag for d in decisions]
        for peer in self.peers:
            if peer.predict is not None:
                got, _ = self._peer(peer, texts, "checklist")
                answers[peer.name] = [a.offensive or bool(a.hate) for a in got]
        out: dict[str, object] = {}
        k = 0
        for f in items:
            rows: dict[str, object] = {}
            for name, flags in answers.items():
                part = flags[k:k + len(f.cases)]
                ok = [(fl == (f.expect == "flag")) for fl in part]
                rows[name] = {"accuracy": sum(ok) / len(ok),
                              "failures": [c for c, good in zip(f.cases, ok, strict=True) if not good]}
            out[f.id] = {"title": f.title, "expect": f.expect, "n": len(f.cases), "systems": rows}
            k += len(f.cases)
        for name, flags in answers.items():
            good = sum(fl == (e == "flag") for fl, e in zip(flags, expect, strict=True))
            out.setdefault("_overall", {})[name] = good / len(flags)  # type: ignore[index]
        return out


def _engine_label(kind: str, x: L.Labels) -> str:
    if kind == "label3":
        return x.label3
    hit = {"offensive": x.offensive, "hate": x.hate, "spam": x.spam}[kind]
    return kind if hit else f"not_{kind}"


def _peer_label(kind: str, a: PeerLabels) -> str | None:
    if kind == "label3":
        return a.label3
    if kind == "offensive":
        return "offensive" if a.offensive else "not_offensive"
    if kind == "hate" and a.hate is not None:
        return "hate" if a.hate else "not_hate"
    return None


def _groups(task: Task, preds: dict[str, list[str]]) -> dict[str, object]:
    """3-class accuracy over the posts that name each target group (HateXplain's bias view)."""
    counts = Counter(g for gs in task.groups for g in gs)
    out: dict[str, object] = {}
    for group, n in counts.most_common():
        idx = [i for i, gs in enumerate(task.groups) if group in gs]
        gold = Counter(task.gold[i] for i in idx)
        row: dict[str, object] = {"n": n, "gold": dict(gold), "shown": n >= MIN_GROUP}
        for name, pred in preds.items():
            row[name] = sum(pred[i] == task.gold[i] for i in idx) / n
        out[group] = row
    return out


def _hate_sources(task: Task, decisions: Any, labels: L.LabelMap) -> dict[str, int]:
    """Which detectors (and lexicon tiers) made each hate call, by gold label: where false hate calls come from."""
    counts: Counter[str] = Counter()
    threshold = labels.threshold(Category.HATE)
    for gold, d in zip(task.gold, decisions, strict=True):
        hate = {f.detector + (f"/{f.tier}" if f.tier else "") for f in d.evidence
                if f.category is Category.HATE and f.score >= threshold}
        if hate:
            counts[f"gold {gold}: {' + '.join(sorted(hate))}"] += 1
    return dict(counts.most_common())


def _target_naming(task: Task, decisions: Any) -> dict[str, object]:
    """Of the hateful posts the engine calls hate, how often it names the right Equality Act characteristic."""
    hits = total = 0
    for i, d in enumerate(decisions):
        wanted = {TARGET_MAP.get(g) for g in task.groups[i]} - {None}
        named = [f.characteristic for f in d.evidence if f.category is Category.HATE and f.characteristic]
        if task.gold[i] != "hate" or len(wanted) != 1 or not named:
            continue
        total += 1
        hits += int(named[0] in wanted)
    return {"accuracy": hits / total if total else None, "n": total}
