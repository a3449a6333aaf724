"""YouTube leave-one-video-out: each fold's spam head is retrained without its held-out video."""

from __future__ import annotations

import numpy as np
import pytest

from socialwarden.classifiers.model import default_model
from socialwarden.training import data as D

pytest.importorskip("sklearn", reason="the eval/train extra is not installed")


def test_each_fold_holds_out_one_video_with_its_own_head() -> None:
    from socialwarden.evaluation.spam_folds import folds

    youtube = D.load_youtube(D.data_root())
    texts_of = {v: {e.text for e in youtube if e.group == v} for v in {e.group for e in youtube}}
    shipped = default_model()
    spam = shipped.head("spam")
    seen = []
    for fold in folds(limit=20):
        seen.append(fold.video)
        assert len(fold.texts) == 20 and set(fold.texts) <= texts_of[fold.video]
        assert set(fold.gold) <= {"spam", "not_spam"}
        # the fold has its own spam head; every other head is the shipped one
        assert not np.array_equal(fold.model.by_head[spam], shipped.by_head[spam])
        others = [h for h in range(len(shipped.heads)) if h != spam]
        assert np.array_equal(fold.model.by_head[others], shipped.by_head[others])
        probs = fold.model.probabilities(list(fold.texts))[:, spam]
        assert ((probs >= 0.5) == np.array([g == "spam" for g in fold.gold])).mean() >= 0.7
    assert seen == [n[10:-4] for n in D.YOUTUBE_FILES]
