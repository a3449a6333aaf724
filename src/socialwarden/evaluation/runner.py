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
from socialwarden.engine.findings import Finding
from socialwarden.engine.service import engine_for
from socialwarden.evaluation import labels as L
from socialwarden.evaluation.checklist import FUNCTIONAL_FILE, load_checklist, met
from socialwarden.evaluation.peers import Peer, PeerLabels, load_peers
from socialwarden.evaluation.scoring import score
from socialwarden.evaluation.tasks import Task, govuk_test, load_tasks
from socialwarden.taxonomy import Category
from socialwarden.training.data import TARGET_MAP

ENGINE = "socialwarden"
TUNED = "socialwarden (val thresholds)"
INBOUND = Context(direction=Direction.INBOUND)
MIN_GROUP = 20  # HateXplain groups with fewer test posts are listed in JSON only
PACKS = ("gen", "society", "gosport", "council-officers", "ett")  # the quiet check runs under every seed pack
STANCE = frozenset({Category.ABUSE, Category.HATE})
MODEL_ONLY = "classifier alone (v2: n-grams + sentence model)"
TFIDF_ONLY = "classifier alone, n-grams only"

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
        decisions = check_many(engine, texts, INBOUND, progress=self.advance, gate=False)
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
        results["functional"] = self.checklist(FUNCTIONAL_FILE, "functional suite")
        results["quiet"] = self.quiet()
        results["model_only"] = self.model_only()
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

    def checklist(self, path: Path | None = None, what: str = "checklist") -> dict[str, object]:
        """Accuracy per functionality of a suite (checklist.yaml by default) for the engine and every peer.

        A peer that says only offensive yes/no counts as calling hate when it flags (HateSonar says hate itself).
        """
        items = load_checklist(path) if path is not None else load_checklist()
        texts = [c for f in items for c in f.cases]
        expect = [f.expect for f in items for _ in f.cases]
        found, decisions, _ = self._decide(self.engine, texts, what)
        answers: dict[str, list[bool]] = {
            ENGINE: [met(e, flag=x.flag, hate=x.hate) for e, x in zip(expect, found, strict=True)]}
        if self.tuned is not None:
            tuned = [self.tuned.labels(d) for d in decisions]
            answers[TUNED] = [met(e, flag=x.flag, hate=x.hate) for e, x in zip(expect, tuned, strict=True)]
        for peer in self.peers:
            if peer.predict is not None:
                got, _ = self._peer(peer, texts, what)
                answers[peer.name] = [met(e, flag=a.offensive or bool(a.hate),
                                          hate=bool(a.hate) if a.hate is not None else a.offensive)
                                      for e, a in zip(expect, got, strict=True)]
        out: dict[str, object] = {}
        k = 0
        for f in items:
            rows: dict[str, object] = {}
            for name, oks in answers.items():
                ok = oks[k:k + len(f.cases)]
                rows[name] = {"accuracy": sum(ok) / len(ok),
                              "failures": [c for c, good in zip(f.cases, ok, strict=True) if not good]}
            out[f.id] = {"title": f.title, "expect": f.expect, "n": len(f.cases), "systems": rows}
            k += len(f.cases)
        for name, oks in answers.items():
            out.setdefault("_overall", {})[name] = sum(oks) / len(oks)  # type: ignore[index]
        return out


    def quiet(self) -> dict[str, object]:
        """Held-out GOV.UK sentences checked as outbound posts under every seed pack: findings shown and verdicts."""
        texts = govuk_test(self.root, self.limit)
        out: dict[str, object] = {"n": len(texts), "packs": {}}
        for pack in PACKS:
            engine = engine_for(pack)
            t0 = time.perf_counter()
            self.start(f"{ENGINE}: GOV.UK held-out sentences as {pack} posts", len(texts))
            decisions = check_many(engine, texts, Context(), progress=self.advance, gate=False)
            thresholds = L.LabelMap(engine.policy)
            stance = [d for d in decisions if any(f.category in STANCE for f in d.findings)]
            acted = [d for d in decisions if any(f.category in STANCE and f.score >= thresholds.threshold(f.category)
                                                 for f in d.findings)]
            verdicts = Counter(d.verdict.value for d in decisions)
            examples = [t for t, d in zip(texts, decisions, strict=True)
                        if any(f.category in STANCE for f in d.findings)][:10]
            out["packs"][pack] = {  # type: ignore[index]
                "abuse_or_hate_finding_share": len(stance) / len(texts),
                "abuse_or_hate_at_threshold_share": len(acted) / len(texts),
                "any_finding_share": sum(bool(d.findings) for d in decisions) / len(texts),
                "blocked": verdicts.get("block", 0), "warned": verdicts.get("warn", 0),
                "verdicts": dict(verdicts), "abuse_or_hate_examples": examples,
                "seconds": round(time.perf_counter() - t0, 1)}
        return out

    def model_only(self) -> dict[str, object]:
        """The classifier detector alone (heads at 0.5), v2 and its n-gram part, on the same test texts."""
        config = detector_config(self.engine.policy)
        systems = {MODEL_ONLY: ClassifierDetector(config), TFIDF_ONLY: ClassifierDetector(config, semantic=False)}
        tasks = [*load_tasks(self.root, self.limit)]
        out: dict[str, object] = {}
        for task in tasks:
            row: dict[str, object] = {"title": task.title, "n": len(task.texts)}
            for name, det in systems.items():
                self.start(f"{name}: {task.title}", len(task.texts))
                found = det.analyse_many(task.texts)
                self.advance(len(task.texts))
                pred = [_engine_label(task.kind, _model_labels(f)) for f in found]
                row[name] = score(task.gold, pred, task.classes)
            out[task.name] = row
        govuk = govuk_test(self.root, self.limit)
        firm = ClassifierDetector(config)._firm  # the shipped firm cut-offs
        quiet: dict[str, object] = {"n": len(govuk)}
        for name, det in systems.items():
            self.start(f"{name}: GOV.UK held-out sentences", len(govuk))
            found = det.analyse_many(govuk)
            self.advance(len(govuk))
            quiet[name] = {
                "abuse_or_hate_at_0.5_share": sum(any(f.category in STANCE and f.score >= 0.5 for f in fs)
                                                  for fs in found) / len(govuk),
                "any_head_at_0.5_share": sum(any(f.score >= 0.5 for f in fs) for fs in found) / len(govuk),
                "at_or_above_firm_cut_off": sum(any(f.tier is None and f.category in STANCE for f in fs)
                                                for fs in found),
                "max_abuse_or_hate": max((f.score for fs in found for f in fs if f.category in STANCE), default=0.0),
                "firm_cut_offs": firm}
        out["govuk_quiet"] = quiet
        return out


def _model_labels(found: tuple[Finding, ...]) -> L.Labels:
    cats = {f.category for f in found if f.score >= L.DEFAULT_THRESHOLD}
    return L.Labels(hate=bool(cats & L.HATE), offensive=bool(cats & L.OFFENSIVE), spam=bool(cats & L.SPAM),
                    flag=bool(cats & L.FLAG))


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
