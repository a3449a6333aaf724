"""Evasion tricks are seen through, and innocent words that contain a bad string are left alone.

Each evasion row names the trick, the text, the category and the exact obfuscated span the finding must
cover (spans index the original text, not the normalised copy). Each trap row must produce no finding of
the listed categories at any strength and, under Gosport's strict rules, nothing that blocks or hides.
"""

from __future__ import annotations

import pytest

from socialwarden.engine.decision import Verdict
from socialwarden.taxonomy import Category, Characteristic
from tests.engine._cases import run, spans

C = Category

EVASIONS: list[tuple[str, str, Category, str]] = [
    # (trick, text, category, span)
    ("case", "FUCK OFF", C.PROFANITY, "FUCK"),
    ("case", "FuCk this council", C.PROFANITY, "FuCk"),
    ("case", "YOU SCUMBAG", C.ABUSE, "SCUMBAG"),
    ("case", "KILL YOURSELF", C.SELF_HARM, "KILL YOURSELF"),
    ("case", "Go Back To Your Own Country", C.HATE, "Go Back To Your Own Country"),
    ("accents", "fück this", C.PROFANITY, "fück"),
    ("accents", "shìt service", C.PROFANITY, "shìt"),
    ("accents", "you scùmbâg", C.ABUSE, "scùmbâg"),
    ("accents", "whóre", C.HATE, "whóre"),
    ("cyrillic", "ѕhit happens", C.PROFANITY, "ѕhit"),
    ("cyrillic", "shіt happens", C.PROFANITY, "shіt"),
    ("cyrillic", "ѕһіт", C.PROFANITY, "ѕһіт"),
    ("cyrillic", "what a сunt", C.PROFANITY, "сunt"),
    ("cyrillic", "fаggot", C.HATE, "fаggot"),
    ("cyrillic", "kіll yourѕelf", C.SELF_HARM, "kіll yourѕelf"),
    ("greek", "fυck this", C.PROFANITY, "fυck"),
    ("greek", "fμck off", C.PROFANITY, "fμck"),
    ("greek", "ιdιot", C.ABUSE, "ιdιot"),
    ("greek", "scυmbag", C.ABUSE, "scυmbag"),
    ("fullwidth", "ｆｕｃｋ", C.PROFANITY, "ｆｕｃｋ"),
    ("math letters", "𝐟𝐮𝐜𝐤 this", C.PROFANITY, "𝐟𝐮𝐜𝐤"),
    ("circled letters", "Ⓕⓤⓒⓚ this", C.PROFANITY, "Ⓕⓤⓒⓚ"),
    ("leetspeak", "sh1t happens", C.PROFANITY, "sh1t"),
    ("leetspeak", "$hit happens", C.PROFANITY, "$hit"),
    ("leetspeak", "5h1t", C.PROFANITY, "5h1t"),
    ("leetspeak", "you are an 1d10t", C.ABUSE, "1d10t"),
    ("leetspeak", "m0r0n", C.ABUSE, "m0r0n"),
    ("leetspeak", "n1gger", C.HATE, "n1gger"),
    ("leetspeak", "f@ggot", C.HATE, "f@ggot"),
    ("leetspeak", "k1ll yourself", C.SELF_HARM, "k1ll yourself"),
    ("leetspeak", "kill y0urs3lf", C.SELF_HARM, "kill y0urs3lf"),
    ("leetspeak", "b1tch", C.ABUSE, "b1tch"),
    ("repeated letters", "fuuuuuck", C.PROFANITY, "fuuuuuck"),
    ("repeated letters", "shiiiiit", C.PROFANITY, "shiiiiit"),
    ("repeated letters", "you iiiidiot", C.ABUSE, "iiiidiot"),
    ("repeated letters", "sluuuut", C.HATE, "sluuuut"),
    ("repeated letters", "FUUUUCK", C.PROFANITY, "FUUUUCK"),
    ("inserted spaces", "f u c k this", C.PROFANITY, "f u c k"),
    ("inserted spaces", "s h i t", C.PROFANITY, "s h i t"),
    ("inserted spaces", "you c u n t", C.PROFANITY, "c u n t"),
    ("inserted spaces", "r e t a r d", C.HATE, "r e t a r d"),
    ("inserted punctuation", "f.u.c.k this", C.PROFANITY, "f.u.c.k"),
    ("inserted punctuation", "f-u-c-k this", C.PROFANITY, "f-u-c-k"),
    ("inserted punctuation", "f_u_c_k", C.PROFANITY, "f_u_c_k"),
    ("inserted punctuation", "s.h.i.t", C.PROFANITY, "s.h.i.t"),
    ("inserted punctuation", "w.h.o.r.e", C.HATE, "w.h.o.r.e"),
    ("zero-width", "f\u200bu\u200bc\u200bk this", C.PROFANITY, "f\u200bu\u200bc\u200bk"),
    ("zero-width", "f\u200cuck this", C.PROFANITY, "f\u200cuck"),
    ("zero-width", "sh\u200dit", C.PROFANITY, "sh\u200dit"),
    ("zero-width", "kill\u2060 your\u00adself", C.SELF_HARM, "kill\u2060 your\u00adself"),
    ("zero-width", "fag\ufeffgot", C.HATE, "fag\ufeffgot"),
    ("masked", "f*ck this", C.PROFANITY, "f*ck"),
    ("masked", "f**k this", C.PROFANITY, "f**k"),
    ("masked", "sh*t", C.PROFANITY, "sh*t"),
    ("masked", "c*nt", C.PROFANITY, "c*nt"),
    ("masked", "b*tch", C.ABUSE, "b*tch"),
    ("masked", "f#ck off", C.PROFANITY, "f#ck"),
    ("combined", "F.Ü.C.K", C.PROFANITY, "F.Ü.C.K"),
    ("combined", "ѕ h 1 t", C.PROFANITY, "ѕ h 1 t"),
    ("combined", "fuuuu\u200bck", C.PROFANITY, "fuuuu\u200bck"),
    ("emoji letters", "🅵🆄🅲🅺 this", C.PROFANITY, "🅵🆄🅲🅺"),
    ("emoji letters", "🅕🅤🅒🅚 this", C.PROFANITY, "🅕🅤🅒🅚"),
    ("emoji letters", "🇫🇺🇨🇰 this", C.PROFANITY, "🇫🇺🇨🇰"),
    ("emoji for a letter", "sh🅸t service", C.PROFANITY, "sh🅸t"),
    ("emoji for a letter", "you 🅱️itch", C.ABUSE, "🅱️itch"),
    ("emoji for a letter", "what a c🅾ck", C.SEXUAL, "c🅾ck"),
]

HATE_EVASIONS: list[tuple[str, Characteristic]] = [
    ("n1gger", Characteristic.RACE),
    ("p.a.k.i", Characteristic.RACE),
    ("f@ggot", Characteristic.SEXUAL_ORIENTATION),
    ("TRANNY", Characteristic.GENDER_REASSIGNMENT),
    ("r e t a r d", Characteristic.DISABILITY),
    ("sluuuut", Characteristic.SEX),
]

# text, categories that must not appear at all (any score)
TRAPS: list[tuple[str, tuple[Category, ...]]] = [
    ("Scunthorpe United won 2-0 on Saturday", (C.PROFANITY,)),
    ("Great day out in Essex and Sussex", (C.PROFANITY, C.SEXUAL)),
    ("Middlesex University opens a new campus", (C.PROFANITY, C.SEXUAL)),
    ("Your assessment is due on Monday", (C.PROFANITY,)),
    ("We assessed the damage after the storm", (C.PROFANITY,)),
    ("Join us for a cocktail evening", (C.SEXUAL,)),
    ("A classic car show in the park", (C.PROFANITY,)),
    ("Trains to Penistone are delayed", (C.SEXUAL,)),
    ("We can kill two birds with one stone", (C.THREAT, C.SELF_HARM)),
    ("The labour market is tight this year", (C.POLITICAL,)),
    ("Party in the park this Saturday", (C.POLITICAL,)),
    ("That is a conservative estimate", (C.POLITICAL,)),
    ("Enter our photo competition", (C.MEDIA_CONSENT,)),
    ("Do a password reset at the official site", (C.SECURITY_INFO, C.MALICIOUS_LINK)),
    ("Use a strong password and never share it", (C.SECURITY_INFO,)),
    ("Cockburn Street is closed for roadworks", (C.SEXUAL,)),
    ("Reading Dickens in the library", (C.SEXUAL,)),
    ("Grapes and shiitake mushrooms at the market", (C.PROFANITY, C.SEXUAL)),
    ("Our therapist team is hiring", (C.SEXUAL,)),
    ("A great tit nesting in the garden", (C.SEXUAL, C.ABUSE)),
    ("The Arsenal match is on Saturday", (C.PROFANITY,)),
    ("Visit Clitheroe castle this summer", (C.SEXUAL,)),
    ("Dick Whittington panto at the theatre", (C.SEXUAL,)),
    ("The play was a riot", (C.ILLEGAL, C.THREAT)),
    ("I could murder a cup of tea", (C.THREAT,)),
    ("This hot weather is killing me", (C.THREAT, C.SELF_HARM)),
    ("Our volunteers smashed it today", (C.THREAT,)),
    ("We had a blast at the fun run", (C.THREAT, C.ILLEGAL)),
    ("Data analysis workshop for charities", (C.SEXUAL,)),
    ("Butterflies in the nature reserve", (C.PROFANITY,)),
    ("Pakistan beat England in the cricket", (C.HATE,)),
    ("Flame retardant fabric for the theatre seats", (C.HATE,)),
    ("Sex education classes for parents", (C.SEXUAL,)),
    ("Vote of thanks to our volunteers", (C.POLITICAL,)),
    ("Green spaces in the borough", (C.POLITICAL,)),
    ("The reform of adult social care", (C.POLITICAL,)),
    ("Please comment below with your ideas", (C.MEDIA_ENQUIRY,)),
    ("No complaints here, great service", (C.COMPLAINT,)),
    ("We will be at the fair on Saturday", (C.PROMISE,)),
    ("We hope to reopen the pool soon", (C.PROMISE,)),
    ("Book now for our summer camp", (C.SOLICITATION, C.SPAM)),
    ("Subscribe to our newsletter", (C.SPAM,)),
    ("Sponsored walk for the hospice", (C.SOLICITATION,)),
    ("Thieves stole lead from the church roof", (C.DEFAMATION,)),
    ("The fraud awareness campaign starts today", (C.DEFAMATION,)),
    ("Photo: Jane Smith", (C.COPYRIGHT,)),
    ("Video call with the team at 3pm", (C.MEDIA_CONSENT,)),
    ("Our helpline is free and confidential", (C.CONFIDENTIAL,)),
    ("Mental health awareness week starts today", (C.PERSONAL_DATA,)),
    ("The shitake recipe is on our blog", (C.PROFANITY,)),
    ("Cumbria and Cumberland walks", (C.SEXUAL,)),
    ("Hancock Park reopens", (C.SEXUAL,)),
    ("Good luck to 🇬🇧 and 🇮🇪 at the games 🇦🇺🇳🇿", (C.PROFANITY, C.HATE)),
    ("🅿️ Parking at the rear 🆗", (C.PROFANITY, C.SEXUAL)),
]


@pytest.mark.parametrize(("trick", "text", "category", "span"), EVASIONS,
                         ids=[f"{t}:{x[:30]}" for t, x, _, _ in EVASIONS])
def test_evasion_is_seen_through(trick: str, text: str, category: Category, span: str) -> None:
    decision = run(text, "gosport", inbound=True)
    assert span in spans(text, decision, category), (trick, [(f.category, text[f.start:f.end], f.score)
                                                              for f in decision.evidence])


@pytest.mark.parametrize(("text", "characteristic"), HATE_EVASIONS)
def test_evaded_slur_keeps_its_characteristic(text: str, characteristic: Characteristic) -> None:
    decision = run(text, "ett", inbound=True, account_category="official")
    assert characteristic in {f.characteristic for f in decision.evidence if f.category is Category.HATE}
    assert decision.verdict is Verdict.ESCALATE


@pytest.mark.parametrize(("text", "absent"), TRAPS, ids=[t[:40] for t, _ in TRAPS])
def test_trap_is_not_flagged(text: str, absent: tuple[Category, ...]) -> None:
    for inbound in (False, True):
        decision = run(text, "gosport", inbound=inbound)
        flagged = [(f.category, text[f.start:f.end]) for f in decision.evidence if f.category in absent]
        assert not flagged, flagged
        assert decision.verdict in {Verdict.ALLOW, Verdict.WARN, Verdict.KEEP, Verdict.MONITOR}, decision.rules
