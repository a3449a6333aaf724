"""The ordered list of detectors the engine runs. Order matters only for output order of equal spans.

Add a detector by writing one class in its own file and listing it here.
"""

from __future__ import annotations

from socialwarden.detectors.base import Detector, DetectorConfig


def detector_classes() -> list[type[Detector]]:
    """Every detector class, in run order (imported here so a broken detector fails loudly at start-up)."""
    from socialwarden.detectors.complaint import ComplaintDetector

    classes: list[type[Detector]] = [ComplaintDetector]
    return classes


def build_detectors(config: DetectorConfig) -> list[Detector]:
    """Instantiate every detector with the organisation's settings."""
    return [cls(config) for cls in detector_classes()]  # type: ignore[call-arg]
