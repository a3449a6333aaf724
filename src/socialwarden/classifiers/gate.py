"""The cheap gate in front of the sentence encoder for batch checks (``check_many``).

A text reaches the encoder when the TF-IDF model already sees some abuse or hate in it, or when it names a
protected group, or uses words of violence, threat, sexual content or dehumanisation: everything the semantic
heads exist to judge. Other texts (bin notices, opening hours, thanks) keep the TF-IDF scores alone, which are
low for them anyway. Single checks never use the gate. The share of a batch that reached the encoder is
reported by bench/bench_models.py.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from socialwarden.classifiers.features import normalise

GATE_TFIDF = 0.15  # TF-IDF abuse or hate probability from which a text always reaches the encoder

# Word beginnings (matched at the start of a word) ...
_PREFIXES = (
    # groups and characteristics
    "muslim", "islam", "jew", "sikh", "hindu", "catholic", "christian", "immigra", "migrant", "refugee",
    "asylum", "foreigner", "black", "asian", "african", "arab", "chinese", "polish", "romanian", "gypsy",
    "gypsies", "traveller", "pakistan", "paki", "mexican", "latino", "lesbian", "bisexual", "queer", "homosex",
    "transgender", "tranny", "trannies", "non-binary", "nonbinary", "women", "woman", "girls", "female",
    "disab", "wheelchair", "autis", "retard", "spastic", "pensioner", "elderly", "pregnan", "racis", "religio",
    "ethnic", "those people", "these people", "their kind", "that lot",
    # violence, threat, harm
    "kill", "murder", "shoot", "stab", "knife", "knives", "bullet", "hanged", "hanging", "burn", "torch", "bomb",
    "blow up", "batter", "punch", "smash", "break your", "strangl", "choke", "slit", "wipe out", "wiped out",
    "exterminat", "gassed", "put down", "round up", "rounded up", "get rid", "deport", "send them", "go back",
    "watch your back", "know where", "coming for", "waiting outside", "deserve", "a lesson", "regret", "ditch",
    "grave", "bleed", "petrol", "crowbar", "machete", "firebomb", "lynch", "string up", "strung up",
    # dehumanising and derogatory
    "vermin", "parasit", "animal", "rats", "cockroach", "plague", "cancer", "virus", "filth", "scum",
    "monkey", "subhuman", "savage", "breed", "swarm", "infest", "invader", "invasion", "leech", "burden",
    "inferior", "dirty", "stupid", "lazy", "thief", "thiev", "criminal", "rapist", "terroris", "pervert",
    "predator", "freak", "disgust", "hate", "hating", "despise", "loathe", "can't stand", "cannot stand",
    "shouldn't be allowed", "should not be allowed", "not welcome", "don't belong", "no place", "not human",
    "not normal", "abomination", "idiot", "moron", "pathetic", "useless", "fuck", "shit", "cunt", "bitch",
    "bastard", "twat", "wank", "prick", "slut", "whore",
    # sexual
    "nude", "naked", "tits", "boob", "pussy", "knicker", "underwear", "sexy", "horny", "blowjob", "lick",
)
# ... and short words that must stand alone (as prefixes they would match "assessment", "rates", "diet").
_WORDS = (
    "gay", "gays", "jews", "homo", "trans", "men", "man", "male", "males", "deaf", "blind", "old", "race", "roma",
    "gun", "guns", "shot", "hang", "hurt", "beat", "die", "dies", "dead", "death", "gas", "fire", "rat", "pig",
    "pigs", "ape", "apes", "sick", "ill", "mental", "sex", "arse", "ass", "dick", "cock", "bed", "bra", "babe",
    "touch", "grab", "kys", "drain", "disease", "they", "them", "nazi", "nazis", "wog", "wogs", "coon", "coons",
    "yid", "yids", "dyke", "dykes", "fag", "fags", "faggot", "faggots", "poof", "chink", "chinks",
)


_TOKEN = regex.compile(r"[a-z]+(?:'[a-z]+)?")


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], frozenset[str], tuple[int, ...], regex.Pattern[str]]:
    """(whole words, one-word prefixes, prefix lengths, pattern of the multi-word phrases)."""
    single = frozenset(p for p in _PREFIXES if " " not in p and "-" not in p)
    phrases = [p for p in _PREFIXES if p not in single]
    lengths = tuple(sorted({len(p) for p in single}))
    alternatives = "|".join(regex.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return frozenset(_WORDS), single, lengths, regex.compile(rf"(?<![a-z])(?:{alternatives})")


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
                       "|": "l", "*": "u"})


def _hit(folded: str) -> bool:
    words, prefixes, lengths, phrases = _tables()
    for token in _TOKEN.findall(folded):
        if token in words or any(token[:n] in prefixes for n in lengths if n <= len(token)):
            return True
    return bool(phrases.search(folded))


def needs_encoder(text: str) -> bool:
    """True when the words of ``text`` (normalised: leetspeak and look-alikes folded) call for the encoder."""
    folded = normalise(text)
    if _hit(folded):
        return True
    leet = folded.translate(_LEET)
    if leet != folded and _hit(leet):
        return True
    # letters spelt out with spaces or dots ("k i l l", "m.u.s.l.i.m"): join single letters and test again
    joined = _SPELT.sub(r"\1", leet)
    return joined != leet and _hit(joined)


_SPELT = regex.compile(r"(?<![a-z])([a-z])[\s.\-_*]+(?=[a-z](?![a-z]))")
