"""Loaders for the public datasets in ``shared/datasets``, mapped to our categories.

Every loader returns ``Example`` rows whose ``hate``/``abuse``/``spam`` fields are 1, 0 or None
(None: this source says nothing about that category). ``abuse`` means offensive or abusive
language *including* hateful language, since every source treats hate as a kind of offence.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from socialwarden.engine.safe_regex import compile_pattern
from socialwarden.taxonomy import Characteristic

# HateXplain target groups -> Equality Act 2010 characteristics (None: not a protected characteristic).
TARGET_MAP: dict[str, Characteristic | None] = {
    **dict.fromkeys(("African", "Arab", "Asian", "Caucasian", "Hispanic", "Indian", "Indigenous", "Refugee"),
                    Characteristic.RACE),  # Refugee: national origin, part of race in s.9
    **dict.fromkeys(("Islam", "Jewish", "Christian", "Hindu", "Buddhism", "Nonreligious"),
                    Characteristic.RELIGION_BELIEF),
    **dict.fromkeys(("Homosexual", "Bisexual", "Asexual", "Heterosexual"), Characteristic.SEXUAL_ORIENTATION),
    "Women": Characteristic.SEX, "Men": Characteristic.SEX,
    "Disability": Characteristic.DISABILITY,
    **dict.fromkeys(("Economic", "Minority", "Other", "None"), None),
}
TARGETS: tuple[Characteristic, ...] = (Characteristic.RACE, Characteristic.RELIGION_BELIEF,
                                       Characteristic.SEXUAL_ORIENTATION, Characteristic.SEX,
                                       Characteristic.DISABILITY)
HATEXPLAIN_LABELS = {0: "hatespeech", 1: "normal", 2: "offensive"}  # Hugging Face ClassLabel order
YOUTUBE_FILES = ("Youtube01-Psy.csv", "Youtube02-KatyPerry.csv", "Youtube03-LMFAO.csv",
                 "Youtube04-Eminem.csv", "Youtube05-Shakira.csv")
DAVIDSON_SEED = 2017
_TAG = compile_pattern(r"<[^>]{0,400}>")


@dataclass(frozen=True)
class Example:
    text: str
    source: str
    split: str  # train / val / test
    hate: int | None = None
    abuse: int | None = None
    spam: int | None = None
    targets: tuple[Characteristic, ...] = ()
    group: str = ""  # the YouTube video; empty elsewhere
    label3: str = ""  # hate / offensive / normal where the source has three classes


def data_root(root: str | Path | None = None) -> Path:
    """The datasets folder: argument, else $WARDEN_DATASETS, else ../shared/datasets beside the repo."""
    if root is not None:
        return Path(root)
    env = os.environ.get("WARDEN_DATASETS")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "datasets"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _three(label3: str) -> tuple[int, int]:
    return int(label3 == "hate"), int(label3 != "normal")


def davidson_split(classes: list[int], seed: int = DAVIDSON_SEED) -> list[str]:
    """Fixed stratified 70/10/20 train/val/test split by class, seeded."""
    rng = np.random.default_rng(seed)
    out = [""] * len(classes)
    for cls in sorted(set(classes)):
        idx = np.array([i for i, c in enumerate(classes) if c == cls])
        rng.shuffle(idx)
        n_test, n_val = round(0.2 * len(idx)), round(0.1 * len(idx))
        for k, i in enumerate(idx):
            out[i] = "test" if k < n_test else "val" if k < n_test + n_val else "train"
    return out


def load_davidson(root: Path) -> list[Example]:
    with (root / "davidson2017" / "labeled_data.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    classes = [int(r["class"]) for r in rows]
    splits = davidson_split(classes)
    names = {0: "hate", 1: "offensive", 2: "normal"}
    out = []
    for row, cls, split in zip(rows, classes, splits, strict=True):
        hate, abuse = _three(names[cls])
        out.append(Example(html.unescape(row["tweet"]), "davidson", split, hate, abuse, label3=names[cls]))
    return out


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def load_tweeteval(root: Path, task: str) -> list[Example]:
    """TweetEval ``offensive`` (-> abuse) or ``hate`` (-> hate; a hateful tweet is also abusive)."""
    out = []
    for split in ("train", "val", "test"):
        texts = _lines(root / "tweeteval" / task / f"{split}_text.txt")
        labels = [int(x) for x in _lines(root / "tweeteval" / task / f"{split}_labels.txt")]
        for text, y in zip(texts, labels, strict=True):
            if task == "offensive":
                out.append(Example(text, "tweeteval_offensive", split, abuse=y))
            else:
                out.append(Example(text, "tweeteval_hate", split, hate=y, abuse=1 if y else None))
    return out


def _characteristics(names: list[str]) -> tuple[Characteristic, ...]:
    found = {TARGET_MAP.get(n.strip()) for n in names}
    return tuple(c for c in TARGETS if c in found)


_HX_TOKENS = {"<user>": "@user", "<url>": "http", "<number>": "0"}


def hatexplain_text(post_tokens: list[str]) -> str:
    """Undo HateXplain's placeholders so its text looks like the raw posts we see at run time."""
    return " ".join(_HX_TOKENS.get(t, t.strip("<>") if t.startswith("<") and t.endswith(">") else t)
                    for t in post_tokens)


def load_hatexplain(root: Path) -> list[Example]:
    """Train from the derived CSV (targets: union over annotators); val/test from the HF export
    (targets: those named by at least two of the three annotators)."""
    folder = root / "hatexplain"
    out = []
    with (folder / "train_derived_swiyasree.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label3 = {"hatespeech": "hate", "offensive": "offensive", "normal": "normal"}[
                HATEXPLAIN_LABELS[int(row["majority_label"])]]
            hate, abuse = _three(label3)
            targets = _characteristics(row["targets"].split(","))
            text = hatexplain_text(row["text"].split(" "))
            out.append(Example(text, "hatexplain", "train", hate, abuse, targets=targets, label3=label3))
    for split, name in (("val", "hf_export_validation.jsonl"), ("test", "hf_export_test.jsonl")):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            post = json.loads(line)
            votes = Counter(post["annotators"]["label"]).most_common(1)[0][0]
            label3 = {"hatespeech": "hate", "offensive": "offensive", "normal": "normal"}[HATEXPLAIN_LABELS[votes]]
            hate, abuse = _three(label3)
            named = Counter(t for ann in post["annotators"]["target"] for t in set(ann))
            targets = _characteristics([t for t, c in named.items() if c >= 2])
            out.append(Example(hatexplain_text(post["post_tokens"]), "hatexplain", split, hate, abuse,
                               targets=targets, label3=label3))
    return out


def load_youtube(root: Path) -> list[Example]:
    """All comments, split 'train'; ``group`` names the video for leave-one-video-out evaluation."""
    out = []
    for name in YOUTUBE_FILES:
        with (root / "youtube_spam" / name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                text = html.unescape(_TAG.sub(" ", row["CONTENT"]))
                out.append(Example(text, "youtube", "train", spam=int(row["CLASS"]), group=name[10:-4]))
    return out


def load_all(root: str | Path | None = None) -> list[Example]:
    base = data_root(root)
    return (load_davidson(base) + load_tweeteval(base, "offensive") + load_tweeteval(base, "hate")
            + load_hatexplain(base) + load_youtube(base))


def data_files(root: str | Path | None = None) -> dict[str, str]:
    """Every data file the loaders read, relative to the root, with its sha256."""
    base = data_root(root)
    rel = ["davidson2017/labeled_data.csv"]
    rel += [f"tweeteval/{t}/{s}_{k}.txt" for t in ("offensive", "hate") for s in ("train", "val", "test")
            for k in ("text", "labels")]
    rel += ["hatexplain/train_derived_swiyasree.csv", "hatexplain/hf_export_validation.jsonl",
            "hatexplain/hf_export_test.jsonl"]
    rel += [f"youtube_spam/{n}" for n in YOUTUBE_FILES]
    return {r: sha256(base / r) for r in rel}


# ---- ToxiGen prompts and GOV.UK sentences (v2) -------------------------------------------------------------------

TOXIGEN_SEED = 722
TOXIGEN_SPLIT = (0.6, 0.2, 0.2)  # train / val / test, stratified by (label, group)
# ToxiGen groups -> Equality Act 2010 characteristics.
TOXIGEN_GROUPS: dict[str, Characteristic] = {
    **dict.fromkeys(("asian", "black", "chinese", "immigrant", "latino", "mexican", "middle_east",
                     "native_american"), Characteristic.RACE),
    "jewish": Characteristic.RELIGION_BELIEF, "muslim": Characteristic.RELIGION_BELIEF,
    "lgbtq": Characteristic.SEXUAL_ORIENTATION, "bisexual": Characteristic.SEXUAL_ORIENTATION,
    "trans": Characteristic.GENDER_REASSIGNMENT, "women": Characteristic.SEX,
    "mental_disability": Characteristic.DISABILITY, "physical_disability": Characteristic.DISABILITY,
}
GOVUK_SEED = 9749
GOVUK_PINNED_TEST = 1000  # the first 1,000 lines are always test (measured elsewhere as ordinary posts)
GOVUK_TEST_SHARE = 0.2  # of the remaining lines, seeded: test
GOVUK_VAL_SHARE = 0.15  # of the remaining lines, seeded: validation (calibration); the rest trains


def toxigen_split(keys: list[tuple[str, str]], seed: int = TOXIGEN_SEED) -> list[str]:
    """Fixed stratified train/val/test split of ToxiGen rows by (label, group), seeded."""
    rng = np.random.default_rng(seed)
    out = [""] * len(keys)
    for key in sorted(set(keys)):
        idx = np.array([i for i, k in enumerate(keys) if k == key])
        rng.shuffle(idx)
        n_test = round(TOXIGEN_SPLIT[2] * len(idx))
        n_val = round(TOXIGEN_SPLIT[1] * len(idx))
        for k, i in enumerate(idx):
            out[i] = "test" if k < n_test else "val" if k < n_test + n_val else "train"
    return out


def load_toxigen(root: Path) -> list[Example]:
    """ToxiGen human-written prompts: hate (abuse too) or neutral about a named group; fixed seeded split."""
    with (root / "toxigen_prompts" / "sentences.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    splits = toxigen_split([(r["label"], r["group"]) for r in rows])
    out = []
    for row, split in zip(rows, splits, strict=True):
        hate = int(row["label"] == "hate")
        ch = TOXIGEN_GROUPS.get(row["group"])
        out.append(Example(row["text"].strip(), "toxigen", split, hate, hate, targets=(ch,) if ch and hate else (),
                           group=row["group"], label3="hate" if hate else "normal"))
    return out


def govuk_split(n: int, seed: int = GOVUK_SEED) -> list[str]:
    """Lines 0-999: test. The rest: a seeded 20 % test, 15 % val (calibration only), 65 % train."""
    out = ["test"] * min(n, GOVUK_PINNED_TEST) + [""] * max(0, n - GOVUK_PINNED_TEST)
    rest = np.arange(GOVUK_PINNED_TEST, n)
    np.random.default_rng(seed).shuffle(rest)
    n_test, n_val = round(GOVUK_TEST_SHARE * len(rest)), round(GOVUK_VAL_SHARE * len(rest))
    for k, i in enumerate(rest.tolist()):
        out[i] = "test" if k < n_test else "val" if k < n_test + n_val else "train"
    return out


def load_govuk(root: Path) -> list[Example]:
    """Benign GOV.UK sentences: negatives for every head (abuse, hate, spam, threat, sexual harassment)."""
    lines = _lines(root / "govuk_sentences" / "sentences.txt")
    return [Example(text, "govuk", split, hate=0, abuse=0, spam=0, label3="normal")
            for text, split in zip(lines, govuk_split(len(lines)), strict=True)]


def v2_data_files(root: str | Path | None = None) -> dict[str, str]:
    base = data_root(root)
    return {**data_files(base), **{r: sha256(base / r) for r in ("toxigen_prompts/sentences.csv",
                                                                   "govuk_sentences/sentences.txt")}}
