"""The ordered list of detectors the engine runs.

Add a detector by writing one class in its own file and listing it here. Rule-based detectors run
first; the trained classifier last (it is the only one that loads a model, and can be left out with
``models=False`` for speed measurements of the rule-based part).
"""

from __future__ import annotations

from collections.abc import Callable

from socialwarden.detectors.base import Detector, DetectorConfig
from socialwarden.detectors.complaint import ComplaintDetector
from socialwarden.detectors.confidential import ConfidentialDetector
from socialwarden.detectors.contempt import ContemptDetector
from socialwarden.detectors.copyright import CopyrightDetector
from socialwarden.detectors.data_request import DataRequestDetector
from socialwarden.detectors.defamation import DefamationDetector
from socialwarden.detectors.identity import IdentityDetector
from socialwarden.detectors.lexicon import LexiconDetector
from socialwarden.detectors.links import LinkDetector
from socialwarden.detectors.media_enquiry import MediaEnquiryDetector
from socialwarden.detectors.media_mention import MediaMentionDetector
from socialwarden.detectors.personal_data import PersonalDataDetector
from socialwarden.detectors.political import PoliticalDetector
from socialwarden.detectors.promise import PromiseDetector
from socialwarden.detectors.promotion import PromotionDetector
from socialwarden.detectors.security_info import SecurityInfoDetector
from socialwarden.detectors.solicitation import SolicitationDetector
from socialwarden.detectors.special_category import SpecialCategoryDetector
from socialwarden.detectors.violence import ViolencePatternDetector

DetectorFactory = Callable[[DetectorConfig], Detector]

RULE_BASED: tuple[DetectorFactory, ...] = (
    LexiconDetector,
    ViolencePatternDetector,
    IdentityDetector,
    PersonalDataDetector,
    SpecialCategoryDetector,
    LinkDetector,
    ComplaintDetector,
    MediaEnquiryDetector,
    PromiseDetector,
    PoliticalDetector,
    SolicitationDetector,
    ConfidentialDetector,
    MediaMentionDetector,
    CopyrightDetector,
    SecurityInfoDetector,
    DefamationDetector,
    ContemptDetector,
    DataRequestDetector,
    PromotionDetector,
)


def build_detectors(config: DetectorConfig, *, models: bool = True) -> list[Detector]:
    """Instantiate every detector with the organisation's settings, in run order."""
    detectors = [factory(config) for factory in RULE_BASED]
    if models:
        from socialwarden.detectors.classifier import ClassifierDetector

        detectors.append(ClassifierDetector(config))
    return detectors
