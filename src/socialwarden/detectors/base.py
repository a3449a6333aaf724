"""The detector contract: a small class that reads text and returns findings.

Detectors are stateless after construction (they may compile automata or load models in
``__init__``) and must never raise on any ``str`` input, nor return spans outside the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from socialwarden.engine.findings import Finding


@dataclass(frozen=True)
class DetectorConfig:
    """Organisation-specific settings a detector may use, taken from the policy's ``detection`` section."""

    own_domains: tuple[str, ...] = ()
    link_allow: tuple[str, ...] = ()
    link_deny: tuple[str, ...] = ()
    watch_words: tuple[str, ...] = ()  # unannounced plans / internal code names
    political_terms: tuple[str, ...] = ()
    extra_banned: tuple[str, ...] = ()
    extra_suspect: tuple[str, ...] = ()
    allow_words: tuple[str, ...] = ()
    # the organisation's own public details (policy ``organisation``): never personal data or disparagement
    org_name: str = ""
    org_phones: tuple[str, ...] = ()
    org_emails: tuple[str, ...] = ()
    org_addresses: tuple[str, ...] = ()
    spokespeople: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    extras: dict[str, tuple[str, ...]] = field(default_factory=dict)


class Detector(Protocol):
    """What the engine needs from a detector."""

    name: ClassVar[str]

    def analyse(self, text: str) -> Sequence[Finding]:
        """Return findings for ``text``; never raise."""
        ...
