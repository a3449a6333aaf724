"""Commercial solicitation (selling, endorsing) and spam (self-promotion, bait, scams, noise).

Policies bar official accounts from promoting or endorsing others' products or services, remove solicitation of
commerce from comments, bar staff from promoting personal commercial ventures, and warn that social networks are
used to distribute spam and malware.

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

from collections.abc import Sequence
from typing import ClassVar

import regex

from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.rulebase import RuleTableDetector, TableRule, quote
from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import compile_pattern, finditer
from socialwarden.taxonomy import Category

_SELL = "commercial solicitation: selling, promoting or endorsing products or services"
_SPAM = "spam or bait: social networks are used to distribute spam, scams and malware"
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
_RULES: tuple[TableRule, ...] = (
    TableRule(
        name="call-to-buy", label="sales", score=0.8, explanation="a call to buy", category=_SOL,
        gates=("buy now", "shop now", "order now", "buy today", "shop today",
                                             "order today", "order online", "buy online", "yours now",
                                             "yours today", "yours here"),
        pattern=r"(?:buy|shop|order) (?:now|today|online now)|(?:order|get|grab) yours (?:now|today|here)"),
    TableRule(
        name="discount-code", label="discount", score=0.85, explanation="a discount code", category=_SOL,
        gates=("code",),
        pattern=(
            r"(?:discount|promo|promotional|voucher|coupon|referral|affiliate) codes?|use (?:my|our) code"
            r"|use (?:the )?code:? (?-i:[A-Z][A-Z0-9]{2,19})")),
    TableRule(
        name="request-to-message-for-prices", label="sales", score=0.85,
        explanation="a request to message for prices", category=_SOL,
        gates=("dm", "pm", "message", "inbox", "whatsapp", "text"),
        pattern=(
            r"(?:dm|pm|message|inbox|whatsapp|text|contact) (?:me|us) (?:for|to get|to order|with) (?:a |more |your )?"
            r"(?:prices?|pricing|rates|quotes?|orders?)")),
    TableRule(
        name="request-to-message-for-details", label="sales", score=0.55,
        explanation="a request to message for details", category=_SOL,
        gates=("dm", "pm", "inbox"),
        pattern=r"(?:dm|pm|inbox) (?:me|us) (?:for|to get) (?:more )?(?:details|info|information)"),
    TableRule(
        name="plug-for-a-shop", label="sales", score=0.8, explanation="a plug for a shop", category=_SOL,
        gates=(*_SHOP_GATES, "amazon shop", "amazon store", "online shop", "online store"),
        pattern=(
            r"(?:check out|visit|pop over to|head over to|take a look at|have a look at|see) my (?:new )?(?:online )?"
            r"(?:shop|store|etsy|ebay|website|business|products|range|stall)|my (?:etsy|ebay|amazon|online) (?:shop"
            r"|store)")),
    TableRule(
        name="price-cut", label="discount", score=0.7, explanation="a price cut", category=_SOL,
        gates=("% off", "half price", "bogof", "buy one", "sale"),
        pattern=(
            r"\d{1,3} ?% off|half price|bogof|buy one,? get one(?: free)?"
            r"|(?:massive|huge|big|mega|flash|clearance|summer|winter|january|black friday) sale")),
    TableRule(
        name="price-led-selling", label="sales", score=0.7, explanation="price-led selling", category=_SOL,
        gates=("prices", "price ", "free quote", "free deliver", "free shipping",
                                                "free estimate", "free consultation", "no obligation", "offer",
                                                "while stocks", "limited stock"),
        pattern=(
            r"(?:best|lowest|cheapest|unbeatable|competitive|bargain|affordable|reasonable) prices?"
            r"|free (?:quotes?|delivery|shipping|estimates?|consultation)|no obligation|limited(?: time| stock)? offer"
            rf"|while stocks last|limited stock|prices? (?:from|start(?:ing)? (?:at|from)) {_MONEY}")),
    TableRule(
        name="product-endorsement", label="endorsement", score=0.85,
        explanation="a product endorsement", category=_SOL,
        gates=("for all your", "for all of your"),
        pattern=(
            rf"(?:(?:we|I)(?:{_AP}d)? (?:(?:highly|strongly|thoroughly|would|can|definitely|always) )*recommend "
            r"[\w&'’ .-]{1,40}? )?for all (?:of )?your (?:[\w-]+ ){0,3}?(?:needs|requirements|jobs|work|problems)")),
    TableRule(
        name="recommendation-of-a-named-business", label="endorsement", score=0.6,
        explanation="a recommendation of a named business", category=_SOL,
        gates=("recommend",),
        pattern=(
            r"(?:highly|thoroughly|strongly|definitely|totally|100%) recommend(?:ed)? (?-i:(?!(?:The|This|That|It|You|"
            r"Them|Everyone|Anyone|All|Our|Your|An?|We|I)\b)[A-Z][\w&'’-]+)")),
    TableRule(
        name="paid-promotion-disclosure", label="advert", score=0.85,
        explanation="a paid-promotion disclosure", category=_SOL,
        gates=("#ad", "#sponsored", "#spon", "#gifted", "#affiliate", "#promo", "#collab", "#paid", "paid partnership",
      "affiliate link", "sponsored"),
        pattern=(
            r"#(?:ad|ads|advert|sponsored|spon|gifted|affiliate|promo|collab|paidpartnership)|paid partnership"
            r"|affiliate links?|sponsored (?:post|content|ad|advert|link|video)|(?:this|the) (?:post"
            r"|video) is sponsored")),
    TableRule(
        name="sponsorship-mention", label="advert", score=0.5, explanation="a sponsorship mention", category=_SOL,
        gates=("sponsored by",),
        pattern=r"sponsored by"),
    TableRule(
        name="item-for-sale", label="sales", score=0.6, explanation="an item for sale", category=_SOL,
        gates=("for sale", "selling"),
        pattern=rf"for sale|(?:I{_AP}?m|I am|we{_AP}?re|we are) selling"),
    TableRule(
        name="item-for-sale-2", label="sales", score=0.6, explanation="an item for sale", category=_SOL,
        gates=("£", "$", "€", "& ono", "&o.n.o", "&each", "&per item", "&nearest offer"),
        pattern=rf"{_MONEY} (?:ono|o\.n\.o\.?|each|per item|or nearest offer)"),
    TableRule(
        name="follow-request", label="spam", score=0.75, explanation="a follow request", category=_SPM,
        gates=("follow", "f4f", "l4l", "like for like", "like4like", "sub4sub", "sub for sub"),
        pattern=(
            rf"follow (?:me|back|for follow|4 follow|my {_MINE})|f4f|follow4follow|l4l|like4like|like for like"
            r"|sub4sub|sub for sub")),
    TableRule(
        name="self-promotion-of-a-channel", label="spam", score=0.8,
        explanation="self-promotion of a channel", category=_SPM,
        gates=(*_MINE_GATES, "&my"),
        pattern=(
            r"(?:subscribe to|subscribe|suscribe to|suscribe|sub to|sub|check out|check|visit|watch|listen to|go to"
            r"|follow|"
            r"take a look at|have a look at) my (?:(?:new|newest|latest|first|own|official) )*"
            rf"(?:(?:youtube|yt|tiktok|music|gaming|twitch|dubstep|rap|8bit|instagram) )?{_MINE}")),
    TableRule(
        name="request-to-subscribe-or-follow", label="spam", score=0.75,
        explanation="a request to subscribe or follow", category=_SPM,
        gates=("subscrib", "suscrib", "sub back", "check me out", "follow this channel", "follow my stream",
               "like this"),
        pattern=(
            r"(?:please|plz|pls) (?:subscribe|suscribe)|(?:subscribe|suscribe) (?:to me|me|please|plz|for more|back)"
            r"|sub(?:scribe)? back|subscribe,? like|like,? (?:comment,? )?(?:and )?subscribe|check me out"
            r"|follow (?:this channel|my stream)|like this (?:facebook )?page")),
    TableRule(
        name="get-rich-quick-pitch", label="spam", score=0.8, explanation="a get-rich-quick pitch", category=_SPM,
        gates=("earn",),
        pattern=r"earn (?:real|easy|extra|quick|free|fast) (?:money|cash)"),
    TableRule(
        name="too-good-to-be-true-giveaway", label="spam", score=0.9,
        explanation="a too-good-to-be-true giveaway", category=_SPM,
        gates=("free",),
        pattern=(
            r"free (?:iphones?|ipads?|gift ?cards?|ps5|playstation|xbox|money|cash|followers|likes|views|subscribers|"
            r"robux|v-?bucks|bitcoin|crypto|samsung|galaxy|macbook|amazon (?:vouchers?|gift ?cards?))")),
    TableRule(
        name="prize-scam", label="spam", score=0.85, explanation="a prize scam", category=_SPM,
        gates=("you've", "you’ve", "youve", "you have", "claim your", "claim a "),
        pattern=(
            rf"(?:you{_AP}?ve|you have) (?:been selected|won a|won our|won the|won £|won \$)"
            r"|claim (?:your|a) (?:free )?(?:prize|reward|gift|winnings|cash)")),
    TableRule(
        name="prize-scam-2", label="spam", score=0.85, explanation="a prize scam", category=_SPM,
        gates=("congratulations", "&selected", "&won", "&winner"),
        pattern=rf"congratulations,? (?:you{_AP}?ve|you have|you are|you{_AP}re) (?:been selected|won|a winner)"),
    TableRule(
        name="click-bait", label="spam", score=0.55, explanation="click-bait", category=_SPM,
        gates=("click",),
        pattern=r"click (?:here|the link|this link|on the link|the link below|link below|link in (?:my )?bio|below)"),
    TableRule(
        name="link-in-bio-plug", label="spam", score=0.6, explanation="a link-in-bio plug", category=_SPM,
        gates=("link in bio", "link in my bio"),
        pattern=r"link in (?:my )?bio"),
    TableRule(
        name="get-rich-quick-pitch-2", label="spam", score=0.85, explanation="a get-rich-quick pitch", category=_SPM,
        gates=("£", "$", "€"),
        pattern=(
            rf"(?:earn|make|making|earning) (?:up to |over |at least )?{_MONEY} (?:a|per|every) (?:day|week|hour|month)"
            rf"|(?:earn|make) {_MONEY} (?:from|at) home")),
    TableRule(
        name="get-rich-quick-pitch-3", label="spam", score=0.85, explanation="a get-rich-quick pitch", category=_SPM,
        gates=("money from", "cash from", "money at", "cash at",
                                                    "passive income", "financial freedom", "rich quick", "own boss"),
        pattern=(
            r"(?:earn|make) (?:money|cash) (?:from|at) home|passive income|financial freedom|get rich quick"
            r"|be your own boss")),
    TableRule(
        name="crypto-or-trading-pitch", label="spam", score=0.6,
        explanation="a crypto or trading pitch", category=_SPM,
        gates=("crypto", "bitcoin", "btc", "forex", "nft", "binance", "usdt", "ethereum", "signals"),
        pattern=(
            r"crypto(?:currency|currencies)?|bitcoin|btc|forex|nfts?|binance|usdt|ethereum|(?:trading|crypto"
            r"|forex) signals")),
    TableRule(
        name="investment-testimonial", label="spam", score=0.9, explanation="an investment testimonial", category=_SPM,
        gates=("invest", "double your", "triple your"),
        pattern=(
            rf"invest(?:ed|ing)? (?:(?:with|in) )?(?:just |only )?{_MONEY} (?:and|&) "
            r"(?:got|received|earned|made|now|gained|withdrew)|(?:double|triple) your (?:money|investment|income"
            r"|bitcoin)")),
    TableRule(
        name="scam-contact-route", label="spam", score=0.85, explanation="a scam contact route", category=_SPM,
        gates=("whatsapp", "telegram"),
        pattern=(
            r"(?:contact|message|text|reach|write to|dm) (?:him|her|them|(?:mr|mrs|ms|dr)\.? \w+) (?:on|via|through) "
            r"(?:whatsapp|telegram)")),
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


class SolicitationDetector(RuleTableDetector):
    """Flags selling and endorsing (solicitation) and bait or noise (spam)."""

    name: ClassVar[str] = "solicitation"
    category: ClassVar[Category] = Category.SOLICITATION
    rules: ClassVar[tuple[TableRule, ...]] = _RULES

    def __init__(self, config: DetectorConfig | None = None) -> None:
        super().__init__(config)
        self._url = compile_pattern(r"(?:https?://|www\.)[^\s<>\"'()]+", regex.IGNORECASE)
        self._hashtag = compile_pattern(r"#\w+")
        self._emoji = compile_pattern(_EMOJI)
        self._caps = compile_pattern(r"(?<!\w)" + _CAPS_RUN + r"(?!\w)")
        self._promo = compile_pattern(_PROMO)

    def extra_gates(self, first_bit: int) -> dict[str, int]:
        # Each promotional word gets its own bit, so only the words present are looked for in capitals; two more
        # bits say whether counting links or hashtags is worth doing at all.
        self._promo_base = first_bit
        promo = {word: 1 << (first_bit + offset) for offset, word in enumerate(_PROMO_WORDS)}
        extra = first_bit + len(_PROMO_WORDS)
        self._link_bit, self._tag_bit = 1 << extra, 1 << (extra + 1)
        promo.update({"http": self._link_bit, "www.": self._link_bit, "#": self._tag_bit})
        return promo

    def explain(self, category: Category) -> str:
        return _SELL if category is _SOL else _SPAM

    def finish(self, text: str, lowered: str, mask: int) -> Sequence[Finding]:
        """Structural spam: ALL-CAPS promotional runs, many or repeated links, floods of hashtags or emoji."""
        found: list[Finding] = []
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
        return found

    def _add(self, found: list[Finding], category: Category, label: str, score: float, start: int, end: int,
             what: str) -> None:
        if start < end:
            found.append(self.finding(category, label, score, start, end, what))

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
            first = quote(links[0].group())
            what = f"the same link repeated (first '{first}')" if repeated else \
                f"{len(links)} links in one post (first '{first}')"
            self._add(found, _SPM, "spam", 0.75 if repeated else 0.65, links[0].start(), links[-1].end(), what)

    def _flood(self, text: str, pattern: regex.Pattern[str], limit: int, what: str, score: float,
               found: list[Finding]) -> None:
        hits = list(finditer(pattern, text))
        if len(hits) >= limit:
            self._add(found, _SPM, "spam", score, hits[0].start(), hits[-1].end(), f"{len(hits)} {what} in one post")
