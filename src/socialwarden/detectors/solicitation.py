"""Commercial solicitation (selling, endorsing) and spam (self-promotion, bait, scams, noise).

Policies: the Society's accounts must not promote or endorse others' products or services (6f); Gosport
removes "solicitation of commerce" (19); officers must not promote personal commercial ventures; GEN warns
that social networks are used to distribute spam and malware.

How a signal is split between the two categories:
- ``solicitation`` is genuine commerce: a call to buy, prices and discounts ("20% off", "use my code"),
  "DM me for prices", plugs for a shop, brand endorsements ("we recommend Acme for all your..."), paid
  promotion disclosures ("#ad", "sponsored post"). The goods may be real; the problem is the selling.
- ``spam`` (label "spam") is bait and audience-farming: "follow me", "subscribe to my channel", free
  iPhones and prizes, "click here", get-rich-quick and crypto pitches, scam contact routes, and structural
  noise (three or more or repeated links, ALL-CAPS promotional runs, floods of hashtags or emoji).
Not caught: the organisation's own offers ("visit our website", "book now", "follow us"), charity
fundraising ("sponsored walk"), "subscribe to our newsletter".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import ahocorasick
import regex

from socialwarden.detectors._rule_table import MAX_PER_RULE as _MAX_PER_RULE
from socialwarden.detectors._rule_table import compile_rule as _compile
from socialwarden.detectors._rule_table import quote as _quote
from socialwarden.detectors._rule_table import runnable as _runnable
from socialwarden.detectors.base import DetectorConfig
from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import compile_pattern, finditer
from socialwarden.taxonomy import Category

_SELL = ("the Society's accounts must not promote or endorse others' products (6f) and Gosport removes "
         "solicitation of commerce (19)")
_SPAM = "GEN warns that social networks are used to distribute spam and malware"
_SOL, _SPM = Category.SOLICITATION, Category.SPAM

_AP = "['’]"
_MONEY = r"[£$€] ?\d[\d,.]*k?"
# What people plug when they farm an audience ("my channel", "my new remix"); also the gate words for it.
_MINE_WORDS = ("channel", "page", "profile", "youtube", "tiktok", "instagram", "insta", "ig", "onlyfans",
               "soundcloud", "spotify", "music", "songs?", "videos?", "vids?", "blog", "vlog", "mixtape",
               "remix(?:es)?", "stream", "tracks?", "covers?", "raps?", "clips?", "beats?", "album", "playlist",
               "twitch", "content")
_MINE = "(?:" + "|".join(_MINE_WORDS) + ")"
_MINE_GATES = tuple(word.replace("(?:es)?", "").replace("s?", "") for word in _MINE_WORDS)

# "my shop" is someone else's business; "our shop" is usually the organisation's own, which 6f allows.
_SHOP_GATES = tuple(f"my {new}{what}" for new in ("", "new ", "online ", "new online ")
                    for what in ("shop", "store", "etsy", "ebay", "website", "business", "products", "range", "stall"))

# (category, label, score, meaning, gate words, pattern). A rule runs only if one of its gate words occurs in
# the lowered text, and one of its "&" gate words too if it has any. In a pattern " ?" is optional whitespace
# and " " is one or more whitespace characters; patterns are case-insensitive.
_RULES: tuple[tuple[Category, str, float, str, tuple[str, ...], str], ...] = (
    (_SOL, "sales", 0.8, "a call to buy", ("buy now", "shop now", "order now", "buy today", "shop today",
                                             "order today", "order online", "buy online", "yours now",
                                             "yours today", "yours here"),
     r"(?:buy|shop|order) (?:now|today|online now)|(?:order|get|grab) yours (?:now|today|here)"),
    (_SOL, "discount", 0.85, "a discount code", ("code",),
     r"(?:discount|promo|promotional|voucher|coupon|referral|affiliate) codes?|use (?:my|our) code"
     r"|use (?:the )?code:? (?-i:[A-Z][A-Z0-9]{2,19})"),
    (_SOL, "sales", 0.85, "a request to message for prices", ("dm", "pm", "message", "inbox", "whatsapp", "text"),
     r"(?:dm|pm|message|inbox|whatsapp|text|contact) (?:me|us) (?:for|to get|to order|with) (?:a |more |your )?"
     r"(?:prices?|pricing|rates|quotes?|orders?)"),
    (_SOL, "sales", 0.55, "a request to message for details", ("dm", "pm", "inbox"),
     r"(?:dm|pm|inbox) (?:me|us) (?:for|to get) (?:more )?(?:details|info|information)"),
    (_SOL, "sales", 0.8, "a plug for a shop",
     (*_SHOP_GATES, "amazon shop", "amazon store", "online shop", "online store"),
     r"(?:check out|visit|pop over to|head over to|take a look at|have a look at|see) my (?:new )?(?:online )?"
     r"(?:shop|store|etsy|ebay|website|business|products|range|stall)|my (?:etsy|ebay|amazon|online) (?:shop|store)"),
    (_SOL, "discount", 0.7, "a price cut", ("% off", "half price", "bogof", "buy one", "sale"),
     r"\d{1,3} ?% off|half price|bogof|buy one,? get one(?: free)?"
     r"|(?:massive|huge|big|mega|flash|clearance|summer|winter|january|black friday) sale"),
    (_SOL, "sales", 0.7, "price-led selling", ("prices", "price ", "free quote", "free deliver", "free shipping",
                                                "free estimate", "free consultation", "no obligation", "offer",
                                                "while stocks", "limited stock"),
     r"(?:best|lowest|cheapest|unbeatable|competitive|bargain|affordable|reasonable) prices?"
     r"|free (?:quotes?|delivery|shipping|estimates?|consultation)|no obligation|limited(?: time| stock)? offer"
     rf"|while stocks last|limited stock|prices? (?:from|start(?:ing)? (?:at|from)) {_MONEY}"),
    (_SOL, "endorsement", 0.85, "a product endorsement", ("for all your", "for all of your"),
     rf"(?:(?:we|I)(?:{_AP}d)? (?:(?:highly|strongly|thoroughly|would|can|definitely|always) )*recommend "
     r"[\w&'’ .-]{1,40}? )?for all (?:of )?your (?:[\w-]+ ){0,3}?(?:needs|requirements|jobs|work|problems)"),
    (_SOL, "endorsement", 0.6, "a recommendation of a named business", ("recommend",),
     r"(?:highly|thoroughly|strongly|definitely|totally|100%) recommend(?:ed)? (?-i:(?!(?:The|This|That|It|You|"
     r"Them|Everyone|Anyone|All|Our|Your|An?|We|I)\b)[A-Z][\w&'’-]+)"),
    (_SOL, "advert", 0.85, "a paid-promotion disclosure",
     ("#ad", "#sponsored", "#spon", "#gifted", "#affiliate", "#promo", "#collab", "#paid", "paid partnership",
      "affiliate link", "sponsored"),
     r"#(?:ad|ads|advert|sponsored|spon|gifted|affiliate|promo|collab|paidpartnership)|paid partnership"
     r"|affiliate links?|sponsored (?:post|content|ad|advert|link|video)|(?:this|the) (?:post|video) is sponsored"),
    (_SOL, "advert", 0.5, "a sponsorship mention", ("sponsored by",), r"sponsored by"),
    (_SOL, "sales", 0.6, "an item for sale", ("for sale", "selling"),
     rf"for sale|(?:I{_AP}?m|I am|we{_AP}?re|we are) selling"),
    (_SOL, "sales", 0.6, "an item for sale", ("£", "$", "€", "& ono", "&o.n.o", "&each", "&per item", "&nearest offer"),
     rf"{_MONEY} (?:ono|o\.n\.o\.?|each|per item|or nearest offer)"),
    (_SPM, "spam", 0.75, "a follow request",
     ("follow", "f4f", "l4l", "like for like", "like4like", "sub4sub", "sub for sub"),
     rf"follow (?:me|back|for follow|4 follow|my {_MINE})|f4f|follow4follow|l4l|like4like|like for like"
     r"|sub4sub|sub for sub"),
    (_SPM, "spam", 0.8, "self-promotion of a channel", (*_MINE_GATES, "&my"),
     r"(?:subscribe to|subscribe|suscribe to|suscribe|sub to|sub|check out|check|visit|watch|listen to|go to|follow|"
     r"take a look at|have a look at) my (?:(?:new|newest|latest|first|own|official) )*"
     rf"(?:(?:youtube|yt|tiktok|music|gaming|twitch|dubstep|rap|8bit|instagram) )?{_MINE}"),
    (_SPM, "spam", 0.75, "a request to subscribe or follow",
     ("subscrib", "suscrib", "sub back", "check me out", "follow this channel", "follow my stream", "like this"),
     r"(?:please|plz|pls) (?:subscribe|suscribe)|(?:subscribe|suscribe) (?:to me|me|please|plz|for more|back)"
     r"|sub(?:scribe)? back|subscribe,? like|like,? (?:comment,? )?(?:and )?subscribe|check me out"
     r"|follow (?:this channel|my stream)|like this (?:facebook )?page"),
    (_SPM, "spam", 0.8, "a get-rich-quick pitch", ("earn",),
     r"earn (?:real|easy|extra|quick|free|fast) (?:money|cash)"),
    (_SPM, "spam", 0.9, "a too-good-to-be-true giveaway", ("free",),
     r"free (?:iphones?|ipads?|gift ?cards?|ps5|playstation|xbox|money|cash|followers|likes|views|subscribers|"
     r"robux|v-?bucks|bitcoin|crypto|samsung|galaxy|macbook|amazon (?:vouchers?|gift ?cards?))"),
    (_SPM, "spam", 0.85, "a prize scam", ("you've", "you’ve", "youve", "you have", "claim your", "claim a "),
     rf"(?:you{_AP}?ve|you have) (?:been selected|won a|won our|won the|won £|won \$)"
     r"|claim (?:your|a) (?:free )?(?:prize|reward|gift|winnings|cash)"),
    (_SPM, "spam", 0.85, "a prize scam", ("congratulations", "&selected", "&won", "&winner"),
     rf"congratulations,? (?:you{_AP}?ve|you have|you are|you{_AP}re) (?:been selected|won|a winner)"),
    (_SPM, "spam", 0.55, "click-bait", ("click",),
     r"click (?:here|the link|this link|on the link|the link below|link below|link in (?:my )?bio|below)"),
    (_SPM, "spam", 0.6, "a link-in-bio plug", ("link in bio", "link in my bio"), r"link in (?:my )?bio"),
    (_SPM, "spam", 0.85, "a get-rich-quick pitch", ("£", "$", "€"),
     rf"(?:earn|make|making|earning) (?:up to |over |at least )?{_MONEY} (?:a|per|every) (?:day|week|hour|month)"
     rf"|(?:earn|make) {_MONEY} (?:from|at) home"),
    (_SPM, "spam", 0.85, "a get-rich-quick pitch", ("money from", "cash from", "money at", "cash at",
                                                    "passive income", "financial freedom", "rich quick", "own boss"),
     r"(?:earn|make) (?:money|cash) (?:from|at) home|passive income|financial freedom|get rich quick"
     r"|be your own boss"),
    (_SPM, "spam", 0.6, "a crypto or trading pitch",
     ("crypto", "bitcoin", "btc", "forex", "nft", "binance", "usdt", "ethereum", "signals"),
     r"crypto(?:currency|currencies)?|bitcoin|btc|forex|nfts?|binance|usdt|ethereum|(?:trading|crypto|forex) signals"),
    (_SPM, "spam", 0.9, "an investment testimonial", ("invest", "double your", "triple your"),
     rf"invest(?:ed|ing)? (?:(?:with|in) )?(?:just |only )?{_MONEY} (?:and|&) "
     r"(?:got|received|earned|made|now|gained|withdrew)|(?:double|triple) your (?:money|investment|income|bitcoin)"),
    (_SPM, "spam", 0.85, "a scam contact route", ("whatsapp", "telegram"),
     r"(?:contact|message|text|reach|write to|dm) (?:him|her|them|(?:mr|mrs|ms|dr)\.? \w+) (?:on|via|through) "
     r"(?:whatsapp|telegram)"),
)

# ALL-CAPS runs of four or more words are spam only when they carry two different promotional words
# (one, as in "ROAM FREE" or "THE MONEY", is just shouting).
_PROMO_WORDS = ("free", "win ", "winner", "buy", "offer", "deal", "click", "sale", "cash", "limited", "discount",
                "prize", "cheap", "bonus", "subscribe", "money")
_PROMO_CAPS = tuple(word.strip().upper() for word in _PROMO_WORDS)
_CAPS_RUN = r"[A-Z][A-Z0-9'’]*[!?.,£$%&]*(?:[ \t]+[A-Z0-9£$][A-Z0-9'’]*[!?.,£$%&]*){3,}"
_PROMO = (r"\b(?:FREE|WIN|WINNERS?|BUY|OFFERS?|DEALS?|CLICK|SALE|CASH|LIMITED|ORDERS?|DISCOUNTS?|PRIZES?|CHEAP|"
          r"BONUS|EARN|SUBSCRIBE|FOLLOW|MONEY|NOW|TODAY|HERE|DELIVERY|GUARANTEED)\b")
# A flag (two regional-indicator letters) counts as one emoji.
_EMOJI = "[\U0001F1E6-\U0001F1FF]{1,2}|[\U0001F300-\U0001FAFF\u2600-\u27BF\U0001F000-\U0001F1E5\U0001F200-\U0001F2FF]"
_MAX_HASHTAGS, _MAX_EMOJI = 6, 10


def _gates(words_per_rule: Iterable[tuple[str, ...]], extra: dict[str, int] | None = None,
           ) -> tuple[Any, tuple[int, ...]]:
    """An Aho-Corasick automaton of gate words, and per rule the bits that must all be set for it to run.

    Bit 2i: one of rule i's gate words occurs in the lowered text; bit 2i+1: one of its "&" words does too.
    """
    bits_of = dict(extra or {})
    need: list[int] = []
    for index, words in enumerate(words_per_rule):
        needed = 0
        for word in words:
            bit = 1 << (2 * index + word.startswith("&"))
            needed |= bit
            bits_of[word.lstrip("&")] = bits_of.get(word.lstrip("&"), 0) | bit
        need.append(needed)
    automaton = ahocorasick.Automaton()
    for word, bits in bits_of.items():
        automaton.add_word(word, bits)
    automaton.make_automaton()
    return automaton, tuple(need)


class SolicitationDetector:
    """Flags selling and endorsing (solicitation) and bait or noise (spam)."""

    name: ClassVar[str] = "solicitation"

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self._config = config or DetectorConfig()
        self._rules = tuple((_compile(rule[5]), *rule[:4]) for rule in _RULES)
        # Each promotional word gets its own bit, so only the words present are looked for in capitals.
        self._promo_base = 2 * len(_RULES)
        promo = {word: 1 << (self._promo_base + offset) for offset, word in enumerate(_PROMO_WORDS)}
        # Two more bits say whether counting links or hashtags is worth doing at all.
        extra = self._promo_base + len(_PROMO_WORDS)
        self._link_bit, self._tag_bit = 1 << extra, 1 << (extra + 1)
        promo.update({"http": self._link_bit, "www.": self._link_bit, "#": self._tag_bit})
        # One Aho-Corasick pass over the lowered text tells which rules can match at all.
        self._gates, self._need = _gates((rule[4] for rule in _RULES), promo)
        self._url = compile_pattern(r"(?:https?://|www\.)[^\s<>\"'()]+", regex.IGNORECASE)
        self._hashtag = compile_pattern(r"#\w+")
        self._emoji = compile_pattern(_EMOJI)
        self._caps = compile_pattern(r"(?<!\w)" + _CAPS_RUN + r"(?!\w)")
        self._promo = compile_pattern(_PROMO)

    def analyse(self, text: str) -> tuple[Finding, ...]:
        if not isinstance(text, str) or len(text) < 3:
            return ()
        lowered = text.lower()
        mask = 0
        for _, bits in self._gates.iter(lowered):
            mask |= bits
        found: list[Finding] = []
        for index in _runnable(mask, self._need):
            pattern, category, label, score, meaning = self._rules[index]
            for count, match in enumerate(finditer(pattern, text)):
                if count == _MAX_PER_RULE:
                    break
                self._add(found, category, label, score, match.start(), match.end(),
                          f"matched '{_quote(match.group())}', {meaning}")
        promo = (mask >> self._promo_base) & ((1 << len(_PROMO_WORDS)) - 1)
        if promo and any(promo >> i & 1 and word in text for i, word in enumerate(_PROMO_CAPS)):
            self._caps_runs(text, found)
        if mask & self._link_bit and lowered.count("http") + lowered.count("www.") >= 2:
            self._links(text, found)
        if mask & self._tag_bit and lowered.count("#") >= _MAX_HASHTAGS:
            self._flood(text, self._hashtag, _MAX_HASHTAGS, "hashtags", 0.5, found)
        # every emoji takes 3-4 bytes in UTF-8: fewer than 2 extra bytes each means too few to count
        if not text.isascii() and len(text.encode("utf-8", "surrogatepass")) - len(text) >= 2 * _MAX_EMOJI:
            self._flood(text, self._emoji, _MAX_EMOJI, "emoji", 0.4, found)
        return _drop_overlaps(found)

    def _add(self, found: list[Finding], category: Category, label: str, score: float, start: int, end: int,
             what: str) -> None:
        if start < end:
            why = _SELL if category is _SOL else _SPAM
            found.append(Finding(category=category, start=start, end=end, score=score, detector=self.name,
                                 label=label, explanation=f"{what}: {why}"))

    def _caps_runs(self, text: str, found: list[Finding]) -> None:
        for run in finditer(self._caps, text):
            words = sorted({word.group() for word in finditer(self._promo, run.group())})
            if len(words) >= 2:
                self._add(found, _SPM, "spam", 0.65, run.start(), run.end(),
                          f"ALL-CAPS promotional text with {', '.join(words[:4])}")

    def _links(self, text: str, found: list[Finding]) -> None:
        links = list(finditer(self._url, text))
        targets = [link.group().lower().rstrip(".,!?") for link in links]
        repeated = len(set(targets)) < len(targets)
        if len(links) >= 3 or repeated:
            first = _quote(links[0].group())
            what = f"the same link repeated (first '{first}')" if repeated else \
                f"{len(links)} links in one post (first '{first}')"
            self._add(found, _SPM, "spam", 0.75 if repeated else 0.65, links[0].start(), links[-1].end(), what)

    def _flood(self, text: str, pattern: regex.Pattern[str], limit: int, what: str, score: float,
               found: list[Finding]) -> None:
        hits = list(finditer(pattern, text))
        if len(hits) >= limit:
            self._add(found, _SPM, "spam", score, hits[0].start(), hits[-1].end(), f"{len(hits)} {what} in one post")


def _drop_overlaps(found: list[Finding]) -> tuple[Finding, ...]:
    """Per category, keep one finding per stretch of overlapping cues: the strongest (then the earliest)."""
    if len(found) < 2:
        return tuple(found)
    kept: list[Finding] = []
    last: dict[Category, int] = {}
    for finding in sorted(found, key=lambda f: (f.start, -f.score, -f.end)):
        at = last.get(finding.category)
        if at is not None and finding.start < kept[at].end:
            if finding.score > kept[at].score:
                kept[at] = finding
            continue
        last[finding.category] = len(kept)
        kept.append(finding)
    return tuple(sorted(kept, key=lambda f: (f.start, f.end)))
