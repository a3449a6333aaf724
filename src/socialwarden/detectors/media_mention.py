"""Text saying that a photo or video shows people ("photo of our volunteers", "pictured: Jane").

The engine combines this with whether media is attached and consent recorded; this detector only
finds the mention. A media word alone is not enough ("photo competition rules", "video call"): a
rule needs people, a caption cue ("pictured", "l-r") or an invitation to identify ("tag yourself").
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors._phrases import PhraseRules, Rule, rule
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.rulebase import PhraseDetector
from socialwarden.taxonomy import Category

_WHY = ("photos or videos of identifiable people need their consent, sought and recorded before posting")

_MEDIA_WORDS = ("photo", "photos", "photograph", "photographs", "pic", "pics", "pix", "picture", "pictures",
                "image", "images", "snap", "snaps", "video", "videos", "vid", "vids", "footage", "clip", "clips",
                "film", "shot", "shots", "selfie", "selfies", "livestream", "recording", "recordings")
_MEDIA = (r"(?:photo(?:graph)?s?|pics?|pix|pictures?|images?|snaps?|videos?|vids?|footage|clips?|film|shots?"
          r"|selfies?|livestream|recordings?)")
_PEOPLE = (r"(?:volunteers?|pupils?|child(?:ren)?|kids?|students?|staff|team(?:mates)?|colleagues?|residents?"
           r"|members|famil(?:y|ies)|participants|attendees|guests|visitors|every(?:one|body)|players|squad"
           r"|learners|apprentices|patients|bab(?:y|ies)|toddlers|mums|dads|parents|grandparents|girls|boys|lads"
           r"|ladies|women|men|people|crowd|youngsters|young\s+people|class|year\s+\d+|trustees|councillors?"
           r"|mayor|runners|dancers|performers|choir|cast|winners|graduates|friends|us|him|her|them|you"
           r"|yourselves|scouts|brownies|guides|cubs|beavers|carers|speakers|delegates|panel(?:lists)?"
           r"|ambassadors|fundraisers|supporters|fans|heroes|stars|superstars|legends|gang|crew|folk"
           r"|(?-i:[A-Z][a-z]+\s+and\s+[A-Z][a-z]+))")
_EVENT = (r"(?:event|day|party|fun\s*run|festival|fete|fête|ceremony|celebrations?|launch|match|game|trip"
          r"|visit|session|workshop|conference|awards?|evening|night|weekend|open\s+day|sports\s+day|graduation"
          r"|gala|dinner|class|assembly|camp|walk|race|show|concert|parade|disco|picnic|social|reunion"
          r"|competition|tournament|marathon|bake\s+sale|coffee\s+morning)")
_GAP = r"\W{1,3}(?:\w{1,30}\W{1,3}){0,3}?"
_NOT_ME = r"(?<!\b(?:no|not|nor|never|avoid|don['’]?t|do\s+not|without)\s+(?:\w+\s+){0,2})"
# Making or inviting media ("we will shoot a video of the festival", "share your photos of the day") is not a
# caption for media attached to this post.
_NOT_MAKING = (r"(?<!\b(?:shoot|shooting|film|filming|make|making|record|recording|take|taking|create|creating|produce"
               r"|producing|edit|editing|upload|uploading|share|sharing|send|sending|submit|submitting|enter|entering"
               r"|post|posting|tag)\s+(?:(?:a|an|some|the|your|any|their|short|quick|great|new|few)\s+){0,3})")


def _r(keys: tuple[str, ...], pattern: str, label: str, score: float, cue: str, back: int = 0) -> Rule:
    return rule(keys, pattern, Category.MEDIA_CONSENT, label, score, cue, _WHY, back)


_RULES: tuple[Rule, ...] = (
    _r(_MEDIA_WORDS, _NOT_ME + _NOT_MAKING + r"\b" + _MEDIA + r"\s+(?:of|with|featuring|showing|shows|from"
       r"|capturing|starring)"
       + _GAP + _PEOPLE + r"\b", "people_in_media", 0.8, "media described as showing people"),
    _r(("pictured",), r"\bpictured\b(?:\s*[:\-–](?:\s*(?-i:[A-Z][\w'’\-]*(?:,?\s+(?:and\s+|&\s+)?[A-Z][\w'’\-]*)"
       r"{0,5}))?|(?=\s*\(|\s+(?:here|above|below|left|right|with|are|is|at|from|l(?:eft)?\s*(?:to|-)\s*r"
       r"|(?-i:[A-Z]))))", "caption", 0.85, "'pictured' caption naming people"),
    _r(("l-r", "l to r", "left to right", "from left", "l–r"), r"[(\[]?\b(?:(?:from\s+)?left\s+to\s+right"
       r"|l\s*(?:-|–|to)\s*r|from\s+left)\b[)\]]?", "caption", 0.7, "left-to-right caption naming people", back=2),
    _r((*_MEDIA_WORDS, "op", "ops", "opportunity", "opportunities"), r"(?<=(?P<lead>\b(?:group|team|class|family"
       r"|photo|pic)\s+))(?:shots?|photo(?:graph)?s?|pics?|pictures?|selfies?|snaps?|op(?:portunit(?:y|ies))?|ops)\b"
       r"|selfies?\b", "people_in_media", 0.75, "photo of a group of people"),
    # (recordings of talks and events are published with the speakers' agreement: a recording is not a photo)
    _r(_MEDIA_WORDS, _NOT_ME + _NOT_MAKING + r"\b(?!recordings?\b)" + _MEDIA + r"\s+(?:from|of|at)" + _GAP + _EVENT
       + r"\b", "event_media",
       0.65, "photos or video from an event with people"),
    _r(("tagged",), r"tagged\s+(?:@\w+|\w+)(?:\s*(?:,|and|&)\s*(?:@\w+|\w+)){0,4}\s+in\s+(?:this|the|a|my"
       r"|our|these|those)\s+(?:" + _MEDIA + r"|post)\b", "tagging", 0.85, "people tagged in media"),
    _r(("tag",), r"tag\s+(?:yourself|yourselves|your\s+(?:friends|mates|family|kids)|anyone\s+you\s+(?:know"
       r"|recognise|recognize|spot)|someone\s+you\s+know|a\s+friend\s+(?:in|who\s+was))\b", "tagging", 0.7,
       "invitation to identify people"),
    _r(("yourself", "yourselves", "anyone", "your friends", "your mates", "your kids", "your child",
        "your children", "your little ones"),
       r"(?<=(?P<lead>\b(?:spot|find|see|recogni[sz]e)\s+))(?:yourself|yourselves|anyone|your\s+(?:friends|mates"
       r"|kids|child|children|little\s+ones))\s+in\s+(?:the|these|this|our|today['’]?s)\s+" + _MEDIA + r"\b",
       "tagging", 0.7, "invitation to spot people in media"),
    _r(_MEDIA_WORDS, r"(?<=(?P<lead>\b" + _PEOPLE + r")\W{1,3}(?:\w{1,30}\W{1,3}){0,2}?(?:in|on)\s+(?:the|this"
       r"|these|that|those|our)\s+)" + _MEDIA + r"\b", "people_in_media", 0.7, "people said to be in the media"),
    _r(("filmed", "photographed", "snapped", "recorded", "captured", "videoed", "livestreamed", "live-streamed",
        "streamed"),
       r"\b(?:filmed|photographed|snapped|videoed|(?:live[\s\-]?)?streamed|recorded|captured)\s+"
       r"(?:(?!by\b)\w{1,30}\W{1,3}){0,2}?" + _PEOPLE + r"\b", "people_in_media", 0.7,
       "people filmed or photographed"),
    _r(("caught on",), r"caught\s+on\s+(?:camera|cctv|film|video|tape)\b", "people_in_media", 0.6,
       "person caught on camera"),
    _r(("📸", "📷", "🎥", "📹"), r"[📸📷🎥📹]\W{0,3}(?:\w{1,30}\W{1,3}){0,4}?" + _PEOPLE + r"\b", "people_in_media",
       0.6, "camera emoji captioning people"),
)
_PHRASES = PhraseRules(_RULES)


class MediaMentionDetector(PhraseDetector):
    """Mentions that attached media shows people, whose consent the engine must check."""

    name: ClassVar[str] = "media_mention"

    def build(self, config: DetectorConfig) -> PhraseRules:
        return _PHRASES
