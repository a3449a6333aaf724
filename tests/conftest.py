"""Shared fixtures: where ../shared lives, and a fresh data directory per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WARDEN_SHARED", REPO.parent / "shared"))


def shared_dir(name: str) -> Path:
    """A folder of ../shared; skip locally if absent, but fail under CI where it must be present."""
    path = SHARED / name
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing but CI is set: ../shared must sit beside the repo")
        pytest.skip(f"{path} not available")
    return path
