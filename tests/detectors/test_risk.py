"""Table-driven tests for the six phrase detectors: confidential, media mention, copyright,
security information, defamation/disparagement and threat/incitement/self-harm/illegal.

Each positive row gives the text, the expected category and label, and the exact span text;
each negative row is a false-positive trap that must produce no finding from that detector.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialwarden.detectors.base import Detector, DetectorConfig
from socialwarden.detectors.confidential import ConfidentialDetector
from socialwarden.detectors.copyright import CopyrightDetector
from socialwarden.detectors.defamation import DefamationDetector
from socialwarden.detectors.media_mention import MediaMentionDetector
from socialwarden.detectors.security_info import SecurityInfoDetector
from socialwarden.detectors.violence import ViolencePatternDetector
from socialwarden.engine.findings import Finding
from socialwarden.taxonomy import Category

DETECTORS: dict[str, Detector] = {
    "confidential": ConfidentialDetector(),
    "media_mention": MediaMentionDetector(),
    "copyright": CopyrightDetector(),
    "security_info": SecurityInfoDetector(),
    "defamation": DefamationDetector(),
    "violence_pattern": ViolencePatternDetector(),
}
C = Category

# (detector, text, category, label, span text)
POSITIVES: list[tuple[str, str, Category, str, str]] = [
    # confidential
    ("confidential", "Keep this under wraps until Monday please", C.CONFIDENTIAL, "secrecy", "Keep this under wraps"),
    ("confidential", "Don't tell anyone but the chief exec is leaving", C.CONFIDENTIAL, "secrecy",
     "Don't tell anyone"),
    ("confidential", "Off the record, the merger is happening", C.CONFIDENTIAL, "secrecy", "Off the record"),
    ("confidential", "You didn't hear it from me, but...", C.CONFIDENTIAL, "secrecy", "didn't hear it from me"),
    ("confidential", "Embargoed until 00:01 Thursday 5 June", C.CONFIDENTIAL, "marking", "Embargoed until"),
    ("confidential", "Internal only - do not forward", C.CONFIDENTIAL, "marking", "Internal only"),
    ("confidential", "CONFIDENTIAL: board papers attached", C.CONFIDENTIAL, "marking", "CONFIDENTIAL"),
    ("confidential", "This is strictly confidential", C.CONFIDENTIAL, "marking", "This is strictly confidential"),
    ("confidential", "She told me in strict confidence", C.CONFIDENTIAL, "marking", "in strict confidence"),
    ("confidential", "Sneak peek before it's public!", C.CONFIDENTIAL, "unannounced", "before it's public"),
    ("confidential", "This hasn't been announced yet but we're opening in Fareham", C.CONFIDENTIAL,
     "unannounced", "hasn't been announced yet"),
    ("confidential", "I got hold of the leaked minutes from the board", C.CONFIDENTIAL, "leak", "leaked minutes"),
    ("confidential", "Draft budget shows 20% cuts to youth services", C.CONFIDENTIAL, "internal_plans",
     "Draft budget"),
    ("confidential", "The restructure plans will be announced next week", C.CONFIDENTIAL, "internal_plans",
     "restructure plans"),
    ("confidential", "Redundancies planned for the spring, sadly", C.CONFIDENTIAL, "internal_plans",
     "Redundancies planned"),
    ("confidential", "Heard about the upcoming merger with Havant?", C.CONFIDENTIAL, "internal_plans",
     "upcoming merger"),
    # media mention
    ("media_mention", "Lovely photo of our volunteers at the beach clean", C.MEDIA_CONSENT, "people_in_media",
     "photo of our volunteers"),
    ("media_mention", "Pictured: Jane Smith, Tom Lee and the pupils", C.MEDIA_CONSENT, "caption",
     "Pictured: Jane Smith, Tom Lee"),
    ("media_mention", "Video of the children at the nativity", C.MEDIA_CONSENT, "people_in_media",
     "Video of the children"),
    ("media_mention", "Selfie with the mayor!", C.MEDIA_CONSENT, "people_in_media", "Selfie with the mayor"),
    ("media_mention", "Team photo time after the match", C.MEDIA_CONSENT, "people_in_media", "Team photo"),
    ("media_mention", "See the pics from the event on our page", C.MEDIA_CONSENT, "event_media",
     "pics from the event"),
    ("media_mention", "I tagged @sam in this photo", C.MEDIA_CONSENT, "tagging", "tagged @sam in this photo"),
    ("media_mention", "Tag yourself if you were there!", C.MEDIA_CONSENT, "tagging", "Tag yourself"),
    ("media_mention", "Jane and the pupils in the photo above", C.MEDIA_CONSENT, "people_in_media",
     "pupils in the photo"),
    ("media_mention", "We filmed the kids performing their song", C.MEDIA_CONSENT, "people_in_media",
     "filmed the kids"),
    ("media_mention", "(L-R) Cllr Smith, Jane Doe and Tom Lee", C.MEDIA_CONSENT, "caption", "(L-R)"),
    ("media_mention", "Fly-tipper caught on camera in Mill Lane", C.MEDIA_CONSENT, "people_in_media",
     "caught on camera"),
    # copyright
    ("copyright", "Found this on Google Images, love it", C.COPYRIGHT, "search_engine",
     "Found this on Google Images"),
    ("copyright", "Image from Google", C.COPYRIGHT, "search_engine", "Image from Google"),
    ("copyright", "Not my photo but it's gorgeous", C.COPYRIGHT, "admitted_unowned", "Not my photo"),
    ("copyright", "Credit unknown", C.COPYRIGHT, "admitted_unowned", "Credit unknown"),
    ("copyright", "No copyright infringement intended", C.COPYRIGHT, "admitted_unowned",
     "No copyright infringement intended"),
    ("copyright", "Pic stolen from my mate's page", C.COPYRIGHT, "taken", "Pic stolen from"),
    ("copyright", "Screenshot of their article about the bypass", C.COPYRIGHT, "screenshot",
     "Screenshot of their article"),
    ("copyright", "Copied and pasted from a friend's wall", C.COPYRIGHT, "copied", "Copied and pasted from"),
    ("copyright", "Random meme I found lol", C.COPYRIGHT, "found_meme", "Random meme I found"),
    ("copyright", "I cropped out the watermark", C.COPYRIGHT, "credit_stripped", "cropped out the watermark"),
    ("copyright", "Reposted without credit, sorry", C.COPYRIGHT, "credit_stripped", "Reposted without credit"),
    ("copyright", "I got this pic from the internet", C.COPYRIGHT, "found_online",
     "got this pic from the internet"),
    ("copyright", "Photo: Shutterstock", C.COPYRIGHT, "stock_agency", "Shutterstock"),
    ("copyright", "All rights reserved.", C.COPYRIGHT, "rights_notice", "All rights reserved"),
    # security information
    ("security_info", "The wifi password is Summer2024!", C.SECURITY_INFO, "credential",
     "wifi password is Summer2024!"),
    ("security_info", "pwd: hunter22", C.SECURITY_INFO, "credential", "pwd: hunter22"),
    ("security_info", "login: admin / admin123", C.SECURITY_INFO, "credential", "login: admin / admin123"),
    ("security_info", "Our key is AKIAIOSFODNN7EXAMPLE", C.SECURITY_INFO, "api_key", "AKIAIOSFODNN7EXAMPLE"),
    ("security_info", "-----BEGIN RSA PRIVATE KEY-----", C.SECURITY_INFO, "api_key",
     "-----BEGIN RSA PRIVATE KEY-----"),
    ("security_info", "Connect to ftp://bob:secret@files.example.org", C.SECURITY_INFO, "credential",
     "ftp://bob:secret@"),
    ("security_info", "The door code is 4821", C.SECURITY_INFO, "access_code", "door code is 4821"),
    ("security_info", "Key safe code: 1 2 3 4", C.SECURITY_INFO, "access_code", "Key safe code: 1 2 3 4"),
    ("security_info", "The code for the back door is 1968", C.SECURITY_INFO, "access_code",
     "code for the back door is 1968"),
    ("security_info", "CCTV is broken at the depot", C.SECURITY_INFO, "weakness", "CCTV is broken"),
    ("security_info", "The server is unpatched", C.SECURITY_INFO, "system_weakness", "server is unpatched"),
    ("security_info", "The back gate is never locked", C.SECURITY_INFO, "weakness", "gate is never locked"),
    ("security_info", "The refuge is at 12 Mill Lane", C.SECURITY_INFO, "vulnerable_location",
     "refuge is at 12 Mill Lane"),
    ("security_info", "The victim is now staying at her sister's", C.SECURITY_INFO, "vulnerable_location",
     "victim is now staying at"),
    # defamation and disparagement
    ("defamation", "Dave Smith is a fraud", C.DEFAMATION, "defamation", "Dave Smith is a fraud"),
    ("defamation", "@jbloggs stole money from the food bank", C.DEFAMATION, "defamation", "@jbloggs stole"),
    ("defamation", "The council leader is taking bribes", C.DEFAMATION, "defamation",
     "The council leader is taking bribes"),
    ("defamation", "Cllr Jones has been fiddling the books", C.DEFAMATION, "defamation",
     "Cllr Jones has been fiddling the books"),
    ("defamation", "Our treasurer is a known thief", C.DEFAMATION, "defamation", "Our treasurer is a known thief"),
    ("defamation", "Dave's a crook", C.DEFAMATION, "defamation", "Dave's a crook"),
    ("defamation", "He's a liar and everyone knows it", C.DEFAMATION, "defamation", "He's a liar"),
    ("defamation", "The council are corrupt", C.DEFAMATION, "defamation", "The council are corrupt"),
    ("defamation", "Our useless IT team strikes again", C.DISPARAGEMENT, "disparagement", "Our useless IT team"),
    ("defamation", "The council staff are idiots", C.DISPARAGEMENT, "disparagement",
     "The council staff are idiots"),
    ("defamation", "My manager is incompetent", C.DISPARAGEMENT, "disparagement", "My manager is incompetent"),
    ("defamation", "Customers are morons", C.DISPARAGEMENT, "disparagement", "Customers are morons"),
    ("defamation", "Our partner Acme is a joke", C.DISPARAGEMENT, "disparagement", "Our partner Acme is a joke"),
    ("defamation", "the idiots in finance lost my form again", C.DISPARAGEMENT, "disparagement",
     "the idiots in finance"),
    # threats, incitement, self-harm, illegal
    ("violence_pattern", "It would be a shame if something happened to your car.", C.THREAT, "threat",
     "It would be a shame if something happened to your car"),
    ("violence_pattern", "I know where you live.", C.THREAT, "threat", "I know where you live"),
    ("violence_pattern", "We'll be waiting for you after the meeting.", C.THREAT, "threat",
     "We'll be waiting for you after"),
    ("violence_pattern", "You'll regret this.", C.THREAT, "threat", "You'll regret this"),
    ("violence_pattern", "I'm going to hurt you.", C.THREAT, "threat", "I'm going to hurt you"),
    ("violence_pattern", "we will burn the building down", C.THREAT, "threat", "we will burn the building down"),
    ("violence_pattern", "I'll smash your face in", C.THREAT, "threat", "I'll smash your face in"),
    ("violence_pattern", "I hope you die in a fire", C.THREAT, "death_wish", "hope you die"),
    ("violence_pattern", "everyone go and message her", C.INCITEMENT, "incitement", "everyone go and message her"),
    ("violence_pattern", "let's all report his account", C.INCITEMENT, "incitement",
     "let's all report his account"),
    ("violence_pattern", "flood their inbox", C.INCITEMENT, "incitement", "flood their inbox"),
    ("violence_pattern", "make her life hell", C.INCITEMENT, "incitement", "make her life hell"),
    ("violence_pattern", "someone should sort him out", C.INCITEMENT, "incitement", "someone should sort him out"),
    ("violence_pattern", "go tell him what you think of him", C.INCITEMENT, "incitement",
     "go tell him what you think of him"),
    ("violence_pattern", "let's riot tonight", C.INCITEMENT, "incitement", "let's riot"),
    ("violence_pattern", "you should kill yourself", C.SELF_HARM, "self_harm", "you should kill yourself"),
    ("violence_pattern", "nobody would miss you", C.SELF_HARM, "self_harm", "nobody would miss you"),
    ("violence_pattern", "go jump off a bridge", C.SELF_HARM, "self_harm", "go jump off a bridge"),
    ("violence_pattern", "kys loser", C.SELF_HARM, "self_harm", "kys"),
    ("violence_pattern", "I want to end it all", C.SELF_HARM, "risk_disclosure", "I want to end it all"),
    ("violence_pattern", "join ISIS brothers", C.ILLEGAL, "illegal", "join ISIS"),
    ("violence_pattern", "buy weed DM me", C.ILLEGAL, "illegal", "buy weed"),
    ("violence_pattern", "dm me for weed", C.ILLEGAL, "illegal", "dm me for weed"),
    ("violence_pattern", "how to make a bomb", C.ILLEGAL, "illegal", "how to make a bomb"),
    ("violence_pattern", "let's smash their windows", C.ILLEGAL, "illegal", "let's smash their windows"),
    ("violence_pattern", "how to hack into my ex's instagram", C.ILLEGAL, "illegal",
     "how to hack into my ex's instagram"),
]

# (detector, text): none of these may produce a finding from that detector.
NEGATIVES: list[tuple[str, str]] = [
    ("confidential", "Our helpline is free and confidential"),
    ("confidential", "All calls are strictly confidential"),
    ("confidential", "confidential advice for carers every Tuesday"),
    ("confidential", "We never share confidential information"),
    ("confidential", "Have your say on the draft budget consultation"),
    ("confidential", "Have your say: consultation on the draft budget"),
    ("confidential", "There are no redundancies planned"),
    ("confidential", "The water leaked into the hall"),
    ("confidential", "Report a water leak on our website"),
    ("confidential", "Winners will be announced on Friday"),
    ("confidential", "We had an unannounced inspection from Ofsted and got Outstanding!"),
    ("confidential", "Keep it up team!"),
    ("confidential", "The partnership between us and the NHS"),
    ("media_mention", "Photo competition rules are on our website"),
    ("media_mention", "Join the video call at 3pm"),
    ("media_mention", "Photographer wanted for our summer fete"),
    ("media_mention", "Photo ID is required to vote"),
    ("media_mention", "Photo of the new library building"),
    ("media_mention", "Picture this: a greener Gosport"),
    ("media_mention", "Please don't share photos of children online"),
    ("media_mention", "The bigger picture is that funding is tight"),
    ("media_mention", "We need a shot in the arm for the high street"),
    ("media_mention", "Watch the video on our website for details"),
    ("media_mention", "Tag us in your posts!"),
    ("media_mention", "I pictured myself on a beach"),
    ("copyright", "Photographer wanted for our summer fete"),
    ("copyright", "Photo credit: @jsmith"),
    ("copyright", "Via @bbcnews: council tax to rise"),
    ("copyright", "Google Maps shows the new route"),
    ("copyright", "I copied the minutes to the committee"),
    ("copyright", "The copyright workshop for artists is on Tuesday"),
    ("copyright", "Found this on our noticeboard"),
    ("copyright", "I borrowed this book from the library"),
    ("copyright", "Bike stolen from outside the library"),
    ("copyright", "Shared with permission of the family"),
    ("security_info", "Reset your password via the official site"),
    ("security_info", "Use a strong password"),
    ("security_info", "Password reset is at the official site"),
    ("security_info", "Your password is case-sensitive"),
    ("security_info", "Never share your password with anyone"),
    ("security_info", "Door code required for entry"),
    ("security_info", "The door number is 123"),
    ("security_info", "Our doors are always open to you"),
    ("security_info", "CCTV is in operation in this car park"),
    ("security_info", "The Asia-Pacific conference starts today"),
    ("security_info", "Women's Aid runs refuges across the county"),
    ("security_info", "The gate code will be emailed to attendees"),
    ("security_info", "Password: ********"),
    ("security_info", "victims are living in fear"),
    ("security_info", "Login: www.example.com/account"),
    ("defamation", "The fraud awareness campaign starts Monday"),
    ("defamation", "Thieves stole lead from the church roof"),
    ("defamation", "Jane was robbed! She deserved first place"),
    ("defamation", "She is a criminal lawyer"),
    ("defamation", "The children stole our hearts at the nativity"),
    ("defamation", "Our team stole the show"),
    ("defamation", "Our volunteers are amazing"),
    ("defamation", "The council staff were so helpful"),
    ("defamation", "This is a scam, don't click the link"),
    ("defamation", "Fraud is on the rise this Christmas"),
    ("defamation", "Our IT team is brilliant"),
    ("defamation", "The lazy river is open again"),
    ("defamation", "Someone stole my bike"),
    ("defamation", "He was a fraud investigator for 20 years"),
    ("defamation", "our IT team are not idiots"),
    ("violence_pattern", "kill two birds with one stone"),
    ("violence_pattern", "this traffic is killing me"),
    ("violence_pattern", "I'd die for a coffee"),
    ("violence_pattern", "the play was a riot"),
    ("violence_pattern", "we're fighting for fairer funding"),
    ("violence_pattern", "I could murder a curry"),
    ("violence_pattern", "she absolutely killed it on stage"),
    ("violence_pattern", "how to make a bath bomb"),
    ("violence_pattern", "don't kill yourself trying to finish it"),
    ("violence_pattern", "I'll shoot you an email"),
    ("violence_pattern", "we're going to beat them on Saturday"),
    ("violence_pattern", "let's smash our fundraising target"),
    ("violence_pattern", "You won't regret it!"),
    ("violence_pattern", "You'll regret it if you miss our summer fair"),
    ("violence_pattern", "There's a bath bomb in every goody bag"),
    ("violence_pattern", "I'm going to die of embarrassment"),
    ("violence_pattern", "Please report this account to Instagram, it's impersonating us"),
    ("violence_pattern", "It would be a shame if you missed the fun run"),
    ("violence_pattern", "We will be waiting for you at the finish line"),
    ("violence_pattern", "Selling coke and crisps at the fete, DM us"),
    ("violence_pattern", "Half-term break: we will cut the grass in the park"),
    ("violence_pattern", "Glass recycling now goes in the green box"),
    ("violence_pattern", "Tell us what you think of the new bus route"),
]


def _span_texts(text: str, findings: Sequence[Finding], category: Category, label: str) -> list[str]:
    return [text[f.start:f.end] for f in findings if f.category is category and f.label == label]


@pytest.mark.parametrize(("name", "text", "category", "label", "span"), POSITIVES)
def test_positive(name: str, text: str, category: Category, label: str, span: str) -> None:
    findings = tuple(DETECTORS[name].analyse(text))
    assert span in _span_texts(text, findings, category, label), findings
    for f in findings:
        assert f.detector == name
        assert 0.0 < f.score <= 1.0
        assert f"'{span}'" in f.explanation or f.category is not category


@pytest.mark.parametrize(("name", "text"), NEGATIVES)
def test_negative(name: str, text: str) -> None:
    assert tuple(DETECTORS[name].analyse(text)) == ()


def test_table_size_and_balance() -> None:
    assert len(POSITIVES) + len(NEGATIVES) >= 120
    assert len(NEGATIVES) >= 0.4 * (len(POSITIVES) + len(NEGATIVES))
    assert {name for name, *_ in POSITIVES} == set(DETECTORS) == {name for name, _ in NEGATIVES}


def test_strong_cues_outscore_weak_ones() -> None:
    confidential = DETECTORS["confidential"]
    strong = confidential.analyse("Keep this under wraps")[0].score
    weak = confidential.analyse("Draft budget attached")[0].score
    assert strong >= 0.8 > 0.6 >= weak


def test_explanations_name_the_policy() -> None:
    threat = DETECTORS["violence_pattern"].analyse("I'm going to hurt you")[0]
    assert "Malicious Communications Act 1988" in threat.explanation
    assert "I'm going to hurt you" in threat.explanation
    media = DETECTORS["media_mention"].analyse("photo of our volunteers")[0]
    assert "consent" in media.explanation
    security = DETECTORS["security_info"]
    assert "Computer Misuse Act" in security.analyse("pwd: hunter22")[0].explanation
    assert "Computer Misuse Act" not in security.analyse("The door code is 4821")[0].explanation
    disclosure = DETECTORS["violence_pattern"].analyse("I want to end it all")[0]
    assert "Samaritans" in disclosure.explanation


def test_watch_words_from_config() -> None:
    detector = ConfidentialDetector(DetectorConfig(watch_words=("Project Falcon", "Bluebird", "", "!!")))
    for text, span in [("Project Falcon launches in May", "Project Falcon"),
                       ("update on project-falcon", "project-falcon"),
                       ("#ProjectFalcon is on track", "ProjectFalcon"), ("Bluebird is go", "Bluebird")]:
        found = [f for f in detector.analyse(text) if f.label == "watch_word"]
        assert [text[f.start:f.end] for f in found] == [span]
        assert found[0].score >= 0.85
    assert detector.analyse("bluebirds sing") == ()
    assert detector.analyse("the falcon project") == ()
    assert ConfidentialDetector().analyse("Project Falcon launches in May") == ()


def test_long_quote_needs_no_attribution() -> None:
    quote = '"' + "word " * 80 + '"'
    copyright = DETECTORS["copyright"]
    assert [f.label for f in copyright.analyse("Great piece: " + quote)] == ["long_quote"]
    assert copyright.analyse("Great piece via @bbc: " + quote) == ()


def test_zero_width_characters_do_not_hide_a_threat() -> None:
    text = "I'll k\u200bill y\u00adou"
    [finding] = DETECTORS["violence_pattern"].analyse(text)
    assert (finding.start, finding.end) == (0, len(text))


def test_overlapping_findings_keep_the_strongest() -> None:
    found = DETECTORS["media_mention"].analyse("Group shot of everyone who took part")
    assert len(found) == 1 and found[0].score == 0.8


PATHOLOGICAL = [
    "",
    " ",
    "a" * 100_000,
    "@" * 100_000,
    '"' * 100_000,
    "kill you " * 12_000,
    "I'll" + " " * 100_000 + "kill you",
    "\ud800 I'll kill you \udfff photo of our volunteers \ud800",
    "İ" * 10_000 + " I'll kill you",
    "Ваш пароль: 12345, password is Пароль123, 密码, 🔥 İstanbul photo of İ",
    "\u200b" * 50_000 + "kill you",
    ("Keep this under wraps. Dave Smith is a fraud. The door code is 4821. Photo of our volunteers. "
     "Found this on Google Images. I'll kill you. ") * 2_000,
]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DETECTORS))
@pytest.mark.parametrize("text", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_pathological_inputs(name: str, text: str) -> None:
    for f in DETECTORS[name].analyse(text):
        assert 0 <= f.start < f.end <= len(text)


# Any code point, lone surrogates included, mixed with the words the rules key on so that the
# regex paths (look-behinds, zero-width removal, span mapping) run, not just the cheap pre-filter.
_CUES = st.sampled_from(["I'll", "kill", "you", "photo", "of", "our", "volunteers", "is", "a", "fraud", "Dave",
                         "door", "code", "4821", "password", "keep", "this", "under", "wraps", "Google", "\u200b",
                         "İ", "'", " ", "@x", '"'])
_ANY = st.text(alphabet=st.characters(exclude_categories=()), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_CUES, _ANY), max_size=40).map(" ".join))
def test_any_text_gives_valid_spans(text: str) -> None:
    for detector in DETECTORS.values():
        for f in detector.analyse(text):
            assert 0 <= f.start < f.end <= len(text)
            assert f.category in Category
            assert f.explanation
