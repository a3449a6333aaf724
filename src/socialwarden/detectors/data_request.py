"""Requests for personal data over social media: "reply with your date of birth, home address and NI number".

Social media is not a place to gather personal or sensitive data (it belongs in a proper form on the
organisation's website, under its data protection notice), and the same request in a comment is the classic
phishing or social-engineering attempt. A finding needs a request ("send us", "reply with", "DM your", "we need
your", "comment below with") and either one sensitive identifier (date of birth, National Insurance number, bank or
card details, PIN, password, passport, NHS number, mother's maiden name) or two or more ordinary contact details
(name and address, address and phone number).

Not caught: warnings about scams ("we will never ask for your bank details", "if someone asks for your PIN, it is a
scam"), and a single contact detail in a reply ("DM us your postcode and we'll check your bin day").
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors.rulebase import RuleTableDetector, TableRule
from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import compile_pattern, search
from socialwarden.taxonomy import Category

_WHY = ("asks people to hand over personal data on social media: gather it (if at all) through a proper form "
        "under a data protection notice; the same request from anyone else is a phishing attempt")
_AP = "['’]"
_VERB = (r"(?:send|give|tell|dm|pm|message|e-?mail|text|reply|respond|comment|post|share|provide|include|confirm|"
         r"verify|enter|fill\s+in|submit|drop|pop|leave|list|write|supply|quote)")
# A request: a verb aimed at the reader ("send us", "please send", "DM your", "reply with"), or "we need your".
_ASK = (rf"(?:(?:please|pls|kindly|just|simply)\s+{_VERB}\b"
        rf"|{_VERB}\s+(?:us|me)\b(?:\s+(?:with|back|below|over|via|on))?"
        rf"|(?:send|dm|pm|message|text|e-?mail|post|share|drop|pop|leave|list|provide|include|confirm|give|enter)\s+"
        rf"(?:in\s+)?(?=your\b)|(?:reply|respond|comment)\s+(?:below\s+|here\s+)?with"
        rf"|(?:we|i)(?:{_AP}ll|\s+will)?\s+(?:need|require|just\s+need|ask\s+for|want)|(?:can|could)\s+(?:you|we)\s+"
        rf"(?:have|get|send|give)|what(?:{_AP}s|\s+is|\s+are)\s+your|let\s+us\s+(?:know|have))")
# Asking for contact details is only a problem on social media itself: in the comments, by reply or message.
_SOCIAL = (r"(?:below|in\s+the\s+comments|on\s+this\s+(?:post|page|thread)|(?:reply|comment|respond)\w*|dm|pm|"
           r"direct\s+message|message\s+(?:us|me)|inbox|whatsapp|on\s+(?:facebook|twitter|x|instagram|here))")
_SENSITIVE = (r"(?:date\s+of\s+birth|d\.?o\.?b\b\.?|birth\s*date|national\s+insurance(?:\s+(?:number|no\.?))?|"
              r"ni\s+(?:numbers?|nos?\b\.?)|nino|bank\s+(?:details|accounts?(?:\s+(?:numbers?|details))?)|sort\s+codes?|"
              r"account\s+numbers?|(?:credit\s+|debit\s+|bank\s+)?card\s+(?:numbers?|details)|cvv|cvc|security\s+code|"
              r"(?-i:PIN)(?:\s+numbers?)?|pin\s+numbers?|passwords?|passcodes?|log-?in\s+details|passport\s+(?:numbers?|"
              r"details)|driving\s+licen[cs]e\s+(?:numbers?|details)|nhs\s+numbers?|mother['’]?s\s+maiden\s+name|"
              r"maiden\s+name|utr|tax\s+reference)")
_CONTACT = (r"(?:(?:home|full|postal|house)\s+address|address|postcode|post\s+code|(?:mobile|phone|telephone|contact)"
            r"\s+(?:number|no\.?)|phone|mobile|email\s+address|e-?mail|(?:full\s+)?name|age|place\s+of\s+birth|"
            r"photo\s+id|photo\s+identification|employer|salary|income)")
_OWNER = r"(?:(?:your|their|his|her|the|a|an|full|child['’]?s|kids['’]?)\s+)?"
_SENSITIVE_GATES = ("birth", "dob", "d.o.b", "national insurance", "ni number", "ni no", "nino", "bank", "sort code",
                    "account number", "card number", "card details", "cvv", "cvc", "security code", "pin", "password",
                    "passcode", "login", "log-in", "log in", "passport", "licence number", "license number",
                    "nhs number", "maiden name", "utr", "tax reference")
_ASK_GATES = tuple("&" + w for w in ("send", "give", "tell", "dm", "pm", "message", "mail", "text", "reply",
                                     "respond", "comment", "post", "share", "provide", "include", "confirm", "verify",
                                     "enter", "fill in", "submit", "drop", "pop", "leave", "list", "write", "supply",
                                     "quote", "need", "require", "ask for", "want", "can you", "could you", "can we",
                                     "could we", "what's your", "what is your", "what are your", "let us"))
_RULES: tuple[TableRule, ...] = (
    TableRule(name="sensitive-data-request", label="sensitive_data_request", score=0.9,
              explanation="a request for sensitive personal data (identifiers, bank or log-in details)",
              gates=(*_SENSITIVE_GATES, *_ASK_GATES),
              pattern=rf"\b{_ASK}\b[^.!?\n]{{0,60}}?\b{_OWNER}{_SENSITIVE}\b"),
    TableRule(name="contact-details-request", label="contact_data_request", score=0.75,
              explanation="a request for several personal contact details",
              gates=("address", "postcode", "post code", "phone", "mobile", "mail", "name", "age", "place of birth",
                     "photo id", "employer", "salary", "income", *_ASK_GATES),
              pattern=rf"\b(?=[^.!?\n]{{0,90}}\b{_SOCIAL}\b|(?<=\b{_SOCIAL}\b[^.!?\n]{{0,60}})){_ASK}\b[^.!?\n]{{0,50}}?"
                      rf"\b{_OWNER}{_CONTACT}(?:\s*(?:,|and|&|/|\+|plus)\s*{_OWNER}(?:{_CONTACT}|{_SENSITIVE}))+\b"),
)
# A warning about such requests is the opposite of one.
_WARNING = compile_pattern(
    r"\b(?:never|will\s+not\s+ask|won['’]?t\s+ask|would\s+not\s+ask|wouldn['’]?t\s+ask|do\s+not\s+(?:share|give|send|"
    r"reply|respond|tell|post)|don['’]?t\s+(?:share|give|send|reply|respond|tell|post)|scam\w*|fraud\w*|phish\w*|"
    r"beware|be\s+careful|be\s+wary|suspicious|genuine|legitimate|impersonat\w*|pretending|criminals|"
    r"protect\s+yourself|if\s+(?:someone|anyone|somebody|a\s+caller)\s+asks?)\b")


class DataRequestDetector(RuleTableDetector):
    """Requests for sensitive or several personal details (see module docstring)."""

    name: ClassVar[str] = "data_request"
    category: ClassVar[Category] = Category.DATA_GATHERING
    rules: ClassVar[tuple[TableRule, ...]] = _RULES
    why: ClassVar[str] = _WHY
    min_length: ClassVar[int] = 12

    def keep(self, text: str, finding: Finding) -> bool:
        """Not when the sentence around the request warns about such requests."""
        start = max(text.rfind(mark, 0, finding.start) for mark in ".!?\n") + 1
        ends = [i for i in (text.find(mark, finding.end) for mark in ".!?\n") if i >= 0]
        return search(_WARNING, text[start:min(ends, default=len(text))]) is None
