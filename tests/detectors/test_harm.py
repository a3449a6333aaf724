"""Harm that must never pass (issue 13 item 3), detector by detector: text -> category, label and exact span.

Each positive row names the detector, the category, a label prefix and the exact substring a finding must
cover; each negative row is a look-alike that must give that detector no finding of the category at all
(negation, counter-speech wording, idioms, the organisation's own business).
"""

from __future__ import annotations

import dataclasses
import time

import pytest

from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.confidential import ConfidentialDetector
from socialwarden.detectors.contempt import ContemptDetector
from socialwarden.detectors.copyright import CopyrightDetector
from socialwarden.detectors.data_request import DataRequestDetector
from socialwarden.detectors.defamation import DefamationDetector
from socialwarden.detectors.identity import IdentityDetector
from socialwarden.detectors.lexicon import LexiconDetector
from socialwarden.detectors.links import LinkDetector
from socialwarden.detectors.media_mention import MediaMentionDetector
from socialwarden.detectors.promotion import PromotionDetector
from socialwarden.detectors.registry import build_detectors
from socialwarden.detectors.rulebase import PhraseDetector, RuleTableDetector
from socialwarden.detectors.special_category import SpecialCategoryDetector
from socialwarden.detectors.violence import ViolencePatternDetector
from socialwarden.engine import counterspeech
from socialwarden.engine.findings import Finding
from socialwarden.taxonomy import Category, Characteristic

C = Category
H = Characteristic
D = {
    "violence": ViolencePatternDetector(),
    "identity": IdentityDetector(),
    "contempt": ContemptDetector(),
    "data": DataRequestDetector(),
    "promotion": PromotionDetector(),
    "special": SpecialCategoryDetector(),
    "defamation": DefamationDetector(),
    "confidential": ConfidentialDetector(),
    "copyright": CopyrightDetector(),
    "lexicon": LexiconDetector(),
    "media": MediaMentionDetector(),
    "links": LinkDetector(),
}

# (detector, text, category, label prefix, exact span)
POSITIVES: list[tuple[str, str, Category, str, str]] = [
    # threats and intimidation: people, groups, places; weapons; wishes of death or illness
    ("violence", "I am going to shoot the next gay person I see.", C.THREAT, "threat",
     "I am going to shoot the next gay person I"),
    ("violence", "I'll be waiting outside the civic offices with a knife for whoever refused my application",
     C.THREAT, "threat", "I'll be waiting outside the civic offices with a knife"),
    ("violence", "We know where John Smith lives, and he will regret attacking us in the press", C.THREAT, "threat",
     "We know where John Smith lives"),
    ("violence", "We know where John Smith lives, and he will regret attacking us in the press", C.THREAT, "threat",
     "he will regret attacking"),
    ("violence", "Let's burn down the offices of XYZ Training", C.THREAT, "threat_place",
     "Let's burn down the offices of XYZ Training"),
    ("violence", "Someone should burn down the town hall", C.THREAT, "threat_place",
     "Someone should burn down the town hall"),
    ("violence", "I'm going to kill the planning officer who turned me down", C.THREAT, "threat",
     "I'm going to kill the planning officer who turned me"),
    ("violence", "I've got a bullet with your name on it", C.THREAT, "threat", "I've got a bullet with your name on"),
    ("violence", "Councillors like him should be hanged", C.THREAT, "violent_wish", "should be hanged"),
    ("violence", "I hope he gets cancer and suffers", C.THREAT, "death_wish", "hope he gets cancer"),
    ("violence", "someone should rape her", C.INCITEMENT, "incitement", "someone should rape her"),
    ("identity", "Jews run the council, everyone knows it", C.HATE, "identity_conspiracy", "Jews run the council"),
    ("identity", "Wheelchair users just slow everyone down at the station, ban them at rush hour", C.HATE,
     "identity_exclusion", "Wheelchair users just slow everyone down at the station, ban them"),
    ("links", "Members: renew now at https://society-renewals-login.com/verify before your access is suspended",
     C.MALICIOUS_LINK, "phishing_lure", "https://society-renewals-login.com/verify"),
    ("links", "Claim your council tax refund at https://counciltaxrefunds.co.uk/claim", C.MALICIOUS_LINK,
     "phishing_lure", "https://counciltaxrefunds.co.uk/claim"),
    ("violence", "If you close the library I will burn it down with you inside", C.THREAT, "threat",
     "burn it down with you inside"),
    ("violence", "We will find your kids' school", C.THREAT, "threat", "We will find your kids' school"),
    ("violence", "Let's all turn up at her house tonight", C.INCITEMENT, "incitement",
     "Let's all turn up at her house"),
    ("violence", "Nobody would miss me if I was gone", C.SELF_HARM, "risk_disclosure", "Nobody would miss me"),
    ("violence", "she deserves to be raped for what she wrote", C.THREAT, "violent_wish", "deserves to be raped"),
    ("violence", "that planning officer should be stabbed", C.THREAT, "violent_wish", "should be stabbed"),
    ("lexicon", "I'd rape her if I saw her", C.SEXUAL, "rape her", "rape her"),
    ("violence", "I wish you were dead", C.THREAT, "death_wish", "I wish you were dead"),
    ("violence", "I've got your address and your car reg", C.THREAT, "threat", "I've got your address"),
    ("violence", "Someone needs to teach the planning officer a lesson", C.INCITEMENT, "incitement",
     "Someone needs to teach the planning officer a lesson"),
    ("violence", "I'm going to make the head of IT pay for this", C.THREAT, "threat",
     "I'm going to make the head of IT pay"),
    ("violence", "Tell me where the councillor lives and I'll pay him a visit", C.THREAT, "threat",
     "where the councillor lives and I'll pay him a visit"),
    ("violence", "Hope the council leader's house burns down with him in it", C.THREAT, "death_wish",
     "Hope the council leader's house burns down"),
    # self-harm: disclosure (answered with support) and encouragement (acted on)
    ("violence", "I can't go on anymore, I've got the pills ready tonight", C.SELF_HARM, "risk_disclosure",
     "I've got the pills ready"),
    ("violence", "I can't go on anymore, I've got the pills ready tonight", C.SELF_HARM, "risk_disclosure",
     "I can't go on anymore"),
    ("violence", "I am thinking of ending my life", C.SELF_HARM, "risk_disclosure", "I am thinking of ending my life"),
    ("violence", "Everyone would be better off without me", C.SELF_HARM, "risk_disclosure",
     "Everyone would be better off without me"),
    ("violence", "you should kill yourself", C.SELF_HARM, "self_harm", "you should kill yourself"),
    # identity-directed derogation without slurs
    ("identity", "Women shouldn't be allowed to be scientists", C.HATE, "identity_exclusion",
     "Women shouldn't be allowed to be scientists"),
    ("identity", "Gay people have no place in this Society", C.HATE, "identity_exclusion",
     "Gay people have no place in this Society"),
    ("identity", "Muslims shouldn't be engineers", C.HATE, "identity_exclusion", "Muslims shouldn't be engineers"),
    ("identity", "Trans people should all be hanged.", C.HATE, "identity_violence",
     "Trans people should all be hanged"),
    ("identity", "Immigrants are vermin", C.HATE, "identity_dehumanising", "Immigrants are vermin"),
    ("identity", "Why are women so emotional?", C.HATE, "identity_question", "Why are women so emotional"),
    ("identity", "Should disabled people even be allowed to work here?", C.HATE, "identity_question",
     "Should disabled people even be allowed"),
    ("identity", "Just my opinion but pensioners are a burden", C.HATE, "identity_stereotype",
     "pensioners are a burden"),
    ("identity", "Refugees don't belong here", C.HATE, "identity_exclusion", "Refugees don't belong here"),
    ("identity", "There is no place for trans people in our club", C.HATE, "identity_exclusion",
     "no place for trans people in our club"),
    ("identity", "Shut up you old fossil", C.HATE, "identity_age_abuse", "you old fossil"),
    ("identity", "The old fossil who chairs the committee should retire", C.HATE, "identity_age_abuse",
     "The old fossil"),
    ("identity", "Being gay is a mental illness", C.HATE, "identity_dehumanising", "Being gay is a mental illness"),
    ("identity", "Councillors are parasites", C.ABUSE, "group_abuse", "Councillors are parasites"),
    # sensitive personal facts about an identifiable person
    ("special", "Congratulations to Sarah Jones, back at work after her treatment for breast cancer",
     C.PERSONAL_DATA, "special_category:health", "her treatment for breast cancer"),
    ("special", "Our treasurer Tom is going through a messy divorce", C.PERSONAL_DATA, "sensitive_fact:relationships",
     "Tom is going through a messy divorce"),
    ("special", "Dave Brown has HIV", C.PERSONAL_DATA, "special_category:health", "Dave Brown has HIV"),
    ("special", "Mr Patel is in debt again", C.PERSONAL_DATA, "sensitive_fact:finances", "Mr Patel is in debt"),
    ("special", "Sarah from accounts has been off with depression", C.PERSONAL_DATA, "special_category:health",
     "Sarah from accounts has been off with depression"),
    # false allegations and defamation
    ("defamation", "John Smith was sacked for fiddling his expenses", C.DEFAMATION, "defamation",
     "John Smith was sacked for fiddling"),
    ("defamation", "Councillor Smith takes bribes from developers", C.DEFAMATION, "defamation",
     "Councillor Smith takes bribes"),
    # contempt of court
    ("contempt", "The man charged with the Elm Street stabbing is obviously guilty", C.CONTEMPT_OF_COURT,
     "prejudgment", "The man charged with the Elm Street stabbing is obviously guilty"),
    ("contempt", "The jury should convict him", C.CONTEMPT_OF_COURT, "jury_instruction", "jury should convict"),
    ("contempt", "The defendant in the Fareham murder case is a monster and should hang", C.CONTEMPT_OF_COURT,
     "prejudgment", "The defendant in the Fareham murder case is a monster"),
    # unannounced plans and internal workings
    ("confidential", "Internally the board is split on whether to merge", C.CONFIDENTIAL, "internal_workings",
     "the board is split on whether to merge"),
    ("confidential", "The council is secretly planning to close the library", C.CONFIDENTIAL, "internal_plans",
     "secretly planning"),
    # personal promotion through an official role
    ("promotion", "As a council planning officer I can recommend my brother's building firm",
     C.CONFLICT_OF_INTEREST, "role_promotion",
     "As a council planning officer I can recommend my brother's building firm"),
    ("promotion", "In my role as trustee, please sign my petition", C.CONFLICT_OF_INTEREST, "role_promotion",
     "In my role as trustee, please sign my petition"),
    ("promotion", "As your councillor, please support my husband's planning application", C.CONFLICT_OF_INTEREST,
     "role_promotion", "As your councillor, please support my husband's planning application"),
    # copied third-party text
    ("copyright", "Here is the full text of chapter 3 of Professor Brown's new book", C.COPYRIGHT, "copied_in_full",
     "Here is the full text of chapter 3 of Professor Brown's new book"),
    # requests for personal data
    ("data", "Please reply with your date of birth, home address and National Insurance number to claim your refund",
     C.DATA_GATHERING, "sensitive_data_request", "Please reply with your date of birth"),
    ("data", "Message me your bank details to receive your grant", C.DATA_GATHERING, "sensitive_data_request",
     "Message me your bank details"),
    ("data", "Can everyone message me their NI numbers so I can sort payroll", C.DATA_GATHERING,
     "sensitive_data_request", "message me their NI numbers"),
    ("data", "Comment below with your name, address and phone number to win", C.DATA_GATHERING,
     "contact_data_request", "Comment below with your name, address and phone number"),
]

# (detector, text, category that must not be found)
NEGATIVES: list[tuple[str, str, Category]] = [
    # idioms, food, place names
    ("violence", "Kill the lights before you leave the hall", C.THREAT),
    ("violence", "We will shoot a video of the festival", C.THREAT),
    ("violence", "These potholes are killing my tyres", C.THREAT),
    ("violence", "Volunteers will hang the bunting on Friday", C.THREAT),
    ("violence", "The banners should be hung by Friday", C.THREAT),
    ("violence", "That new burger place is a killer deal", C.THREAT),
    ("violence", "Dead end road: no access to the car park", C.THREAT),
    ("violence", "I can't go on holiday this year, the bins need sorting", C.SELF_HARM),
    ("violence", "I can't cope with these roadworks any more", C.SELF_HARM),
    ("violence", "The film should be shot in Gosport next spring", C.THREAT),
    ("violence", "We will pay you a visit to check the boiler", C.THREAT),
    ("violence", "We will make the council pay for the repairs", C.THREAT),
    ("violence", "You won't see it coming, the new season is a surprise", C.THREAT),
    ("special", "Tom is off with the kids this week", C.PERSONAL_DATA),
    ("contempt", "The defendant will appear at Portsmouth Crown Court on Monday", C.CONTEMPT_OF_COURT),
    ("lexicon", "Faggots and peas on the menu at the community lunch", C.HATE),
    ("lexicon", "Scunthorpe United play at home on Saturday", C.PROFANITY),
    ("media", "We will shoot a video of the festival", C.MEDIA_CONSENT),
    # negation, positive statements, ordinary facts about groups
    ("identity", "Women should be allowed to be scientists", C.HATE),
    ("identity", "Women are underrepresented in engineering", C.HATE),
    ("identity", "Pensioners are vulnerable to scams this winter", C.HATE),
    ("identity", "Refugees are welcome here", C.HATE),
    ("identity", "Pregnant women shouldn't drink alcohol", C.HATE),
    ("identity", "There is no place for racism in our society", C.HATE),
    ("identity", "Why do women earn less than men?", C.HATE),
    ("identity", "Being trans is not a mental illness", C.HATE),
    ("identity", "Come and see the fossil collection at the museum", C.HATE),
    ("identity", "Foxes are vermin to some farmers", C.ABUSE),
    ("identity", "Muslims are celebrating Eid this week", C.HATE),
    # reclaimed in-group use
    ("lexicon", "As a proud queer woman I loved this event", C.HATE),
    ("lexicon", "Queer history month talk on Friday", C.HATE),
    # facts that are not about a person, and the organisation's own offers
    ("special", "The new treatment for breast cancer is available at the hospital", C.PERSONAL_DATA),
    ("special", "Join our cancer research fun run", C.PERSONAL_DATA),
    ("special", "Tom is going through a lot at the moment", C.PERSONAL_DATA),
    ("defamation", "Sarah takes the minutes at the meeting", C.DEFAMATION),
    ("defamation", "The council takes bins on Tuesday", C.DEFAMATION),
    ("contempt", "A man has been charged with burglary and will appear at Portsmouth Magistrates' Court",
     C.CONTEMPT_OF_COURT),
    ("contempt", "He was found guilty yesterday and will be sentenced next month", C.CONTEMPT_OF_COURT),
    ("confidential", "The board is split into three committees", C.CONFIDENTIAL),
    ("confidential", "Training is delivered internally and externally", C.CONFIDENTIAL),
    ("promotion", "We recommend our evening courses", C.CONFLICT_OF_INTEREST),
    ("promotion", "I can recommend Acme Builders, they did a great job", C.CONFLICT_OF_INTEREST),
    ("copyright", "Read the full report on our website", C.COPYRIGHT),
    ("copyright", "Here is the full text of our consultation response", C.COPYRIGHT),
    ("data", "We will never ask for your bank details on social media", C.DATA_GATHERING),
    ("data", "If someone asks for your PIN, it is a scam", C.DATA_GATHERING),
    ("data", "DM us your postcode and we'll check your bin day", C.DATA_GATHERING),
    ("data", "To renew, have your National Insurance number ready", C.DATA_GATHERING),
    # sexual violence as a subject of services and reporting is not sexual content; bills and weeds are not people
    ("lexicon", "Our rape crisis helpline is open every evening", C.SEXUAL),
    ("lexicon", "Survivors of rape and sexual abuse can get free support from Rape Crisis", C.SEXUAL),
    ("lexicon", "The government published the end-to-end rape review today", C.SEXUAL),
    ("violence", "The bill should be killed at second reading", C.THREAT),
    ("links", "Sign in to your account at https://www.login.gov", C.MALICIOUS_LINK),
    ("links", "Visit https://www.wallettown.co.uk for the shop", C.MALICIOUS_LINK),
    ("violence", "I have written my note to the planning committee about the hedge", C.SELF_HARM),
    ("identity", "Jewish charities run the foodbank every Tuesday", C.HATE),
    ("identity", "Young people need somewhere to go in the evenings, so don't ban them from the park", C.HATE),
    ("identity", "Refugees arrived last week and the volunteers helped them settle in", C.HATE),
    ("violence", "Let's all turn up at the town hall on Friday to support the petition", C.INCITEMENT),
    ("violence", "Japanese knotweed should be killed off before it spreads", C.THREAT),
    # a post telling its readers what applies to them is not a fact about a person
    ("special", "You might need an extra assessment because you have a disability", C.PERSONAL_DATA),
    ("special", "It is unlawful to sack someone because they are a union member", C.PERSONAL_DATA),
    ("special", "You're disabled under the Equality Act 2010 if you have a long-term impairment", C.PERSONAL_DATA),
]


def _of(findings: tuple[Finding, ...], category: Category) -> list[Finding]:
    return [f for f in findings if f.category is category]


@pytest.mark.parametrize(("name", "text", "category", "label", "span"), POSITIVES,
                         ids=[f"{n}:{t[:40]}" for n, t, *_ in POSITIVES])
def test_harm_is_found_with_its_span(name: str, text: str, category: Category, label: str, span: str) -> None:
    found = _of(D[name].analyse(text), category)
    got = [(f.label or "", text[f.start:f.end]) for f in found]
    assert any(lab.startswith(label) and s == span for lab, s in got), got
    for f in found:
        assert f.explanation and 0.5 <= f.score <= 1.0
        own_words = f.explanation.replace(" ".join(text[f.start:f.end].split()), "")  # the quoted text may say anything
        assert not any(word in own_words for word in ("GEN", "ETT", "Gosport", "Society")), f.explanation


@pytest.mark.parametrize(("name", "text", "category"), NEGATIVES, ids=[f"{n}:{t[:40]}" for n, t, _ in NEGATIVES])
def test_look_alikes_stay_quiet(name: str, text: str, category: Category) -> None:
    assert _of(D[name].analyse(text), category) == [], D[name].analyse(text)


@pytest.mark.parametrize(("text", "char"), [
    ("Women shouldn't be allowed to be scientists", H.SEX),
    ("Gay people have no place in this Society", H.SEXUAL_ORIENTATION),
    ("Muslims shouldn't be engineers", H.RELIGION_BELIEF),
    ("Trans people should all be hanged", H.GENDER_REASSIGNMENT),
    ("Disabled people are scroungers", H.DISABILITY),
    ("Shut up you old fossil", H.AGE),
    ("Pregnant women shouldn't be allowed to work", H.PREGNANCY_MATERNITY),
    ("Refugees don't belong here", H.RACE),
])
def test_hate_names_the_characteristic(text: str, char: Characteristic) -> None:
    [finding] = _of(D["identity"].analyse(text), C.HATE)
    assert finding.characteristic is char


@pytest.mark.parametrize(("text", "kind"), [
    ("It's wrong to say women don't belong in science", "condemnation"),
    ("Nobody should say that immigrants are vermin", "negation"),
    ("We received messages saying gay people have no place in this Society. That is not the view of the Society "
     "and they have been removed.", "counter_speech"),
    ("Someone commented 'Muslims shouldn't be engineers' on our post, which is unacceptable.", "counter_speech"),
])
def test_counter_speech_is_down_weighted_and_says_why(text: str, kind: str) -> None:
    found = counterspeech.apply(text, D["identity"].analyse(text))
    assert found and all(f.score < 0.5 for f in found)
    for f in found:
        assert f.original_score is not None and f.original_score >= 0.75
        assert [a.kind for a in f.adjustments] == [kind]
        payload = f.to_json()
        assert payload["original_score"] == round(f.original_score, 4)
        assert payload["adjustments"] == [a.to_json() for a in f.adjustments]


@pytest.mark.parametrize("text", ["Immigrants are not vermin", "Your report shows migrants are not a drain on the NHS",
                                  "Muslims aren't terrorists"])
def test_negated_claims_are_kept_down_weighted(text: str) -> None:
    """Negation: the claim is recorded (a model's score for the whole sentence then counts as resting on it) but
    weighed at a quarter, far below any rule."""
    found = _of(D["identity"].analyse(text), C.HATE)
    assert found and all(f.score < 0.3 and f.label == "identity_negated" for f in found)
    assert all([a.kind for a in f.adjustments] == ["negation"] for f in found)
    assert counterspeech.apply(text, tuple(found)) == tuple(found)  # not discounted twice


def test_unadjusted_findings_keep_the_old_json_shape() -> None:
    [f] = _of(D["identity"].analyse("Immigrants are vermin"), C.HATE)
    assert "original_score" not in f.to_json() and "adjustments" not in f.to_json()


def test_look_alike_links_of_the_organisation_and_of_government() -> None:
    gosport = LinkDetector(DetectorConfig(own_domains=("gosport.gov.uk",)))
    [fake] = gosport.analyse("Pay your council tax at https://gosp0rt-gov.uk/pay")
    assert fake.category is C.MALICIOUS_LINK and fake.score >= 0.85 and "gosport.gov.uk" in fake.explanation
    assert gosport.analyse("Pay at https://www.gosport.gov.uk/pay") == ()
    [gov] = LinkDetector().analyse("Claim your refund at https://gov-uk-refund.com/claim")
    assert gov.score >= 0.85
    ett = LinkDetector(DetectorConfig(org_emails=("info@theengineeringtrust.org",)))
    [imitation] = ett.analyse("Log in at https://theengineeringtrust.org.uk/login")
    assert imitation.category is C.MALICIOUS_LINK  # the e-mail domain counts as the organisation's own


def test_every_rule_detector_uses_the_shared_base_with_named_rules() -> None:
    """Item 7: rule detectors declare named records and inherit the one analyse loop."""
    detectors = build_detectors(DetectorConfig(), models=False)
    tables = [d for d in detectors if isinstance(d, RuleTableDetector)]
    assert {d.name for d in tables} >= {"complaint", "media_enquiry", "promise", "political", "solicitation",
                                         "data_request", "promotion"}
    for d in tables:
        names = [r.name for r in type(d).rules]
        assert len(names) == len(set(names)), d.name
        assert type(d).analyse is RuleTableDetector.analyse, d.name
    phrase = [d for d in detectors if isinstance(d, PhraseDetector)]
    assert {d.name for d in phrase} >= {"violence_pattern", "identity", "contempt", "confidential", "copyright",
                                         "defamation", "media_mention", "security_info"}


@pytest.mark.parametrize("name", sorted(D))
def test_pathological_inputs_are_fast(name: str) -> None:
    for text in ("women " * 20_000, "shouldn't be allowed " * 10_000, "I'll be waiting with a knife " * 5_000,
                 "the man charged with " * 10_000, "send us your date of birth " * 5_000, "\ud800" * 1000):
        started = time.perf_counter()
        found = D[name].analyse(text)
        assert time.perf_counter() - started < 5.0, name
        assert all(0 <= f.start < f.end <= len(text) for f in found)


def test_adjustments_survive_the_store() -> None:
    """A stored decision (desk, inbox, exports) reads back each finding's original score and adjustments."""
    from socialwarden.engine.context import Context, Direction
    from socialwarden.engine.engine import Engine, detector_config
    from socialwarden.engine.stored import StoredDecision
    from socialwarden.policy.loader import load_policy

    policy = load_policy("society")
    engine = Engine(policy, build_detectors(detector_config(policy), models=False))
    text = "It's wrong to say women don't belong in science"
    decision = engine.check(text, Context(direction=Direction.INBOUND))
    [finding] = [f for f in decision.evidence if f.category is C.HATE]  # down-weighted: a signal, not shown
    assert finding.adjustments and finding not in decision.findings
    as_shown = dataclasses.replace(decision, findings=(finding,), signals=())  # as a shown finding is kept
    stored = StoredDecision.read(as_shown.to_json())
    [back] = [f for f in stored.decision().findings if f.category is C.HATE]
    assert back.original_score == round(finding.original_score or 0.0, 4)
    assert [(a.kind, a.reason) for a in back.adjustments] == [(a.kind, a.reason) for a in finding.adjustments]


@pytest.mark.parametrize("text", [
    "Statement from the Business Secretary on the proposed takeover of Acme by Bigco",  # "Secretary" is not "secret"
    "We are consulting on the proposed closure of the library; have your say",
])
def test_a_plan_the_text_makes_public_is_kept_below_every_rule(text: str) -> None:
    [plan] = D["confidential"].analyse(text)
    assert plan.score < 0.5 and plan.adjustments[0].kind == "neutral_context", plan
