"""Personal-data and special-category detectors: table-driven cases (text -> label and exact span)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialwarden.detectors import _uk_patterns as P
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.personal_data import PersonalDataDetector
from socialwarden.detectors.special_category import SpecialCategoryDetector
from socialwarden.engine.findings import Finding
from socialwarden.taxonomy import Category, Characteristic

PD = PersonalDataDetector()
SC = SpecialCategoryDetector()

# (text, label, exact matched substring); the span must be that substring's first occurrence.
POSITIVES = [
    # email
    ("Email me at john.smith@example.co.uk please", "email", "john.smith@example.co.uk"),
    ("contact: jane_doe+news@mail.example.com.", "email", "jane_doe+news@mail.example.com"),
    ("info@gosport.gov.uk", "email", "info@gosport.gov.uk"),
    ("(write to K.Patel@nhs.net)", "email", "K.Patel@nhs.net"),
    # UK phone numbers
    ("Call 07700 900123 now", "uk_phone", "07700 900123"),
    ("ring +44 (0)23 9254 5309 after 5", "uk_phone", "+44 (0)23 9254 5309"),
    ("tel: 023 9254 5309", "uk_phone", "023 9254 5309"),
    ("(023) 9254 5309 is the office", "uk_phone", "(023) 9254 5309"),
    ("Manchester office 0161 496 0000", "uk_phone", "0161 496 0000"),
    ("+44 7700 900123", "uk_phone", "+44 7700 900123"),
    ("from abroad 0044 20 7946 0018", "uk_phone", "0044 20 7946 0018"),
    ("text 07700900123", "uk_phone", "07700900123"),
    ("07700-900-123 is my mob", "uk_phone", "07700-900-123"),
    ("WhatsApp +447700900123!", "uk_phone", "+447700900123"),
    ("Whitby 01947 600000", "uk_phone", "01947 600000"),
    # National Insurance numbers
    ("NI number AB 12 34 56 C", "uk_nino", "AB 12 34 56 C"),
    ("my nino is ab123456c", "uk_nino", "ab123456c"),
    ("JG103759A", "uk_nino", "JG103759A"),
    ("NI: PR 99 88 77 D.", "uk_nino", "PR 99 88 77 D"),
    # NHS numbers (modulus 11)
    ("NHS no 943 476 5919", "nhs_number", "943 476 5919"),
    ("9434765919", "nhs_number", "9434765919"),
    ("patient 401-023-2137 seen today", "nhs_number", "401-023-2137"),
    ("his number is 6669725108.", "nhs_number", "6669725108"),
    # payment cards (Luhn)
    ("Card 4111 1111 1111 1111 please", "payment_card", "4111 1111 1111 1111"),
    ("4111-1111-1111-1111 2 tickets", "payment_card", "4111-1111-1111-1111"),
    ("5555555555554444", "payment_card", "5555555555554444"),
    ("amex 3782 822463 10005", "payment_card", "3782 822463 10005"),
    ("old visa 4222222222222", "payment_card", "4222222222222"),
    # IBAN (mod 97)
    ("IBAN GB82 WEST 1234 5698 7654 32 is mine", "iban", "GB82 WEST 1234 5698 7654 32"),
    ("GB82WEST12345698765432", "iban", "GB82WEST12345698765432"),
    ("DE89 3704 0044 0532 0130 00", "iban", "DE89 3704 0044 0532 0130 00"),
    ("pay to GB33BUKB20201555555555.", "iban", "GB33BUKB20201555555555"),
    # sort code + account
    ("sort code 12-34-56 account 12345678", "sort_code_account", "12-34-56 account 12345678"),
    ("12-34-56 12345678", "sort_code_account", "12-34-56 12345678"),
    ("account no 12345678, sort code 12-34-56", "sort_code_account", "12345678, sort code 12-34-56"),
    ("Sort code: 123456", "sort_code_account", "123456"),
    ("sort-code 20 00 00 acc 55779911", "sort_code_account", "20 00 00 acc 55779911"),
    # postcodes
    ("Visit us at SW1A 1AA today", "uk_postcode", "SW1A 1AA"),
    ("po12 1eb", "uk_postcode", "po12 1eb"),
    ("M1 1AE", "uk_postcode", "M1 1AE"),
    ("GIR 0AA", "uk_postcode", "GIR 0AA"),
    ("EC1A 1BB.", "uk_postcode", "EC1A 1BB"),
    ("send to W1A 0AX", "uk_postcode", "W1A 0AX"),
    ("Birmingham B33 8TH", "uk_postcode", "B33 8TH"),
    ("CR2 6XH, Croydon", "uk_postcode", "CR2 6XH"),
    ("(DN55 1PT)", "uk_postcode", "DN55 1PT"),
    ("postcode PO121EB", "uk_postcode", "PO121EB"),
    # dates of birth
    ("DOB: 12/03/1985", "date_of_birth", "12/03/1985"),
    ("date of birth 3rd March 1985", "date_of_birth", "3rd March 1985"),
    ("she was born on 3 March 1985", "date_of_birth", "3 March 1985"),
    ("D.O.B. 1985-03-12", "date_of_birth", "1985-03-12"),
    ("born March 3, 1985", "date_of_birth", "March 3, 1985"),
    ("dob 01.02.99", "date_of_birth", "01.02.99"),
    # home addresses
    ("He lives at 12 Acacia Avenue, Gosport PO12 1EB", "home_address", "12 Acacia Avenue, Gosport PO12 1EB"),
    ("lives at 12 acacia avenue", "home_address", "12 acacia avenue"),
    ("10 Downing Street", "home_address", "10 Downing Street"),
    ("12 St Mary's Road", "home_address", "12 St Mary's Road"),
    ("home address: 4B Elm Grove", "home_address", "4B Elm Grove"),
    ("at 221 Baker Street, London NW1 6XE.", "home_address", "221 Baker Street, London NW1 6XE"),
    ("drop it at 7 Church Lane", "home_address", "7 Church Lane"),
]

NEGATIVES = [
    "In 2019 we had 1234567890 visitors",
    "Meeting 01-02-2023 12:30",
    "Tickets £12.50, doors 7:30pm",
    "We have 300 volunteers and 12 branches",
    "Call 101 or 999 in an emergency",
    # service lines are an organisation's, never a person's (issue 13: 0300/0800 numbers stay quiet)
    "Freephone 0800 123 4567",
    "or 0800 123456.",
    "Call 0345 600 1234 for help",
    "Council tax enquiries: 0300 555 1234 (lines open 9am to 5pm)",
    "Call NHS 111 or 0808 808 4994",
    "QQ123456C is the HMRC example",
    "GB 12 34 56 A",
    "DF123456A",
    "AO123456A",
    "AB123456E",
    "CV 12 34 56 A",
    "9434765918",
    "1234567812345678",
    "4111 1111 1111 1112",
    "GB82 WEST 1234 5698 7654 33",
    "PS5 2TB",
    "N1 1st floor",
    "see you in 2 days",
    "she was born in 1985",
    "Happy birthday John!",
    "We had 3 Great Days Out",
    "see page 45 of the Report",
    "@user thanks for the follow!",
    "version 1.2.3.4 released",
    "server 192.168.100.200",
    "Reference 12345678",
    "Score was 12-34-56",
    "Budget 2023/24: £1,234,567",
    "+1 212 555 0100",
    "link https://example.org/07700900123",
    "Room 4B, level 2",
    "back at 5pm, 10am tomorrow",
    "01/02/2023 and 02/03/2024",
    "winner of the 2024 award",
    "ISBN 978-0-306-40615-7",
    "temperatures 12-18C",
    "the Hu27le graphic",
    "can't wait #l00py",
    "https://www.ebay.co.uk/itm/1?campid=5337555197&customid=x",
    "ref=9434765919&page=2",
]

SPECIAL = [
    ("John has cancer", "health", "John has cancer"),
    ("my neighbour is HIV positive", "health", "my neighbour is HIV positive"),
    ("@dave_smith is gay lol", "sexuality", "@dave_smith is gay"),
    ("Mr Patel was arrested last night", "criminal_record", "Mr Patel was arrested"),
    ("she's pregnant again", "health", "she's pregnant"),
    ("our colleague Sarah has been diagnosed with breast cancer", "health",
     "our colleague Sarah has been diagnosed with breast cancer"),
    ("Sarah Jones has a criminal record", "criminal_record", "Sarah Jones has a criminal record"),
    ("He served time for burglary", "criminal_record", "He served time"),
    ("my neighbour's son is gay", "sexuality", "my neighbour's son is gay"),
    ("John is a member of Unison", "trade_union", "John is a member of Unison"),
    ("my boss is on antidepressants", "health", "my boss is on antidepressants"),
    ("Dave came out as gay", "sexuality", "Dave came out as gay"),
    ("Fatima is Muslim", "religion", "Fatima is Muslim"),
    ("you're gay", "sexuality", "you're gay"),
    ("Mrs Jones has dementia.", "health", "Mrs Jones has dementia"),
    ("Jo, who is pregnant, will lead", "health", "Jo, who is pregnant"),
    ("our colleague has mental health problems", "health", "our colleague has mental health problems"),
    ("Tom is of Pakistani descent", "ethnicity", "Tom is of Pakistani descent"),
    ("Paul is in prison", "criminal_record", "Paul is in prison"),
    ("Cllr Smith is a union rep", "trade_union", "Cllr Smith is a union rep"),
    ("I hear Priya converted to Islam", "religion", "Priya converted to Islam"),
    ("she is a trans woman", "sexuality", "she is a trans woman"),
    ("John's got cancer", "health", "John's got cancer"),
    ("John's gay.", "sexuality", "John's gay"),
    ("My tenant has a conviction for fraud", "criminal_record", "My tenant has a conviction"),
    ("Dr Evans had a miscarriage", "health", "Dr Evans had a miscarriage"),
    ("my sister goes to the mosque", "religion", "my sister goes to the mosque"),
    ("Kev was convicted of fraud", "criminal_record", "Kev was convicted"),
    ("Ali is on bail", "criminal_record", "Ali is on bail"),
    ("the caretaker has MS", "health", "the caretaker has MS"),
]

SPECIAL_NEGATIVES = [
    "We support mental health awareness week",
    "Join our cancer research fundraiser",
    "Cancer Research UK is great",
    "Everyone has cancer risk",
    "Brighton is gay-friendly",
    "The event is gay friendly",
    "I have depression",
    "They are a Christian charity",
    "John's car is black",
    "Spain's African exclave",
    "Kev has just been released",
    "Our team is growing",
    "The Council was charged with",
    "she has ms word open",
    "John is going to unite the team",
    "Happy Pride month from all of us",
    "Our union is strong",
    "if you are black you know",
    "he who goes to the mosque at dawn",
    "Spain's African exclave of Ceuta",
]


def _only(findings: tuple[Finding, ...], label: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in findings if f.label == label]


@pytest.mark.parametrize(("text", "label", "expected"), POSITIVES)
def test_personal_data_positive(text: str, label: str, expected: str) -> None:
    start = text.index(expected)
    findings = PD.analyse(text)
    assert _only(findings, label) == [(start, start + len(expected))], findings
    assert all(f.category is Category.PERSONAL_DATA and f.detector == "personal_data" for f in findings)


@pytest.mark.parametrize("text", NEGATIVES)
def test_personal_data_negative(text: str) -> None:
    assert PD.analyse(text) == ()


@pytest.mark.parametrize(("text", "label", "expected"), SPECIAL)
def test_special_category_positive(text: str, label: str, expected: str) -> None:
    start = text.index(expected)
    findings = SC.analyse(text)
    assert [(f.label, f.start, f.end) for f in findings] == [
        (f"special_category:{label}", start, start + len(expected))
    ]
    assert findings[0].category is Category.PERSONAL_DATA


@pytest.mark.parametrize("text", SPECIAL_NEGATIVES)
def test_special_category_negative(text: str) -> None:
    assert SC.analyse(text) == ()


def test_scores_follow_the_evidence() -> None:
    [nhs] = PD.analyse("NHS 943 476 5919")
    assert nhs.score >= 0.95 and "modulus-11" in nhs.explanation
    [card] = PD.analyse("4111 1111 1111 1111")
    assert card.score >= 0.95 and "Luhn" in card.explanation
    [phone] = PD.analyse("07700 900123")
    assert 0.6 <= phone.score <= 0.8
    [role] = PD.analyse("info@example.org")
    [person] = PD.analyse("jo.bloggs@example.org")
    assert role.score < 0.5 < person.score
    [pron] = SC.analyse("he is gay")
    [named] = SC.analyse("Tom is gay")
    assert pron.score < named.score
    assert named.characteristic is Characteristic.SEXUAL_ORIENTATION
    [lives] = PD.analyse("lives at 12 Acacia Avenue")
    [bare] = PD.analyse("12 Acacia Avenue")
    assert lives.score > bare.score


def test_the_organisations_own_details_are_never_personal_data() -> None:
    """A storm warning with the council's switchboard, its published inbox and its civic offices' address is the
    organisation speaking, not anyone's personal data (issue 13 item 2)."""
    own = PersonalDataDetector(DetectorConfig(
        own_domains=("gosport.gov.uk",), org_phones=("023 9258 4242",),
        org_emails=("customer.services@gosport.gov.uk",),
        org_addresses=("Town Hall, High Street, Gosport PO12 1EB",)))
    text = ("Storm warning: sandbags at the Town Hall, High Street, Gosport PO12 1EB. Call us on +44 23 9258 4242 or "
            "email customer.services@gosport.gov.uk")
    assert own.analyse(text) == ()
    assert [f.label for f in PD.analyse(text) if f.score >= 0.5] == []  # without the config: all below threshold
    [colleague] = own.analyse("email jane.smith@gosport.gov.uk")
    assert colleague.score < 0.5 and "own domain" in colleague.explanation
    [stranger] = own.analyse("email jane.smith@example.com")
    assert stranger.score >= 0.9


@pytest.mark.parametrize("text", [
    "Email: productsurveillance@examplemedical.com",  # a role mailbox, however the words are run together
    "Outside these hours, call the duty press officer on 07050 073 581.",  # a role's line
])
def test_an_organisations_role_contacts_are_below_every_rule(text: str) -> None:
    [found] = PD.analyse(text)
    assert found.score < 0.5, found


def test_a_person_at_a_free_mail_service_is_personal_whatever_the_words() -> None:
    [found] = PD.analyse("Write to sarahhousing@btinternet.com")
    assert found.score >= 0.85


def test_landlines_need_a_personal_cue() -> None:
    [office] = PD.analyse("Manchester office 0161 496 0000")
    [home] = PD.analyse("his home number is 0161 496 0000")
    [named] = PD.analyse("ring Dave on 0161 496 0000")
    assert office.score < 0.5 <= named.score <= home.score
    [public] = PD.analyse("email andy.smith@environment-agency.gov.uk")
    assert public.score < 0.5


def test_explanations_mask_the_value() -> None:
    for text in ("07700 900123", "NHS 943 476 5919", "4111 1111 1111 1111", "AB 12 34 56 C"):
        [finding] = PD.analyse(text)
        digits = "".join(ch for ch in text if ch.isdigit())
        assert digits not in "".join(ch for ch in finding.explanation if ch.isdigit())
        assert "•" in finding.explanation


def test_phone_and_nhs_overlap_resolves_to_one_finding() -> None:
    findings = PD.analyse("address 12 Acacia Avenue, Gosport PO12 1EB and call 07700 900123")
    assert [f.label for f in findings] == ["home_address", "uk_phone"]


def test_checksum_helpers() -> None:
    assert P.nhs_ok("9434765919") and not P.nhs_ok("9434765918") and not P.nhs_ok("1111111111")
    assert P.luhn_ok("4111111111111111") and not P.luhn_ok("4111111111111112")
    assert P.iban_ok("GB82WEST12345698765432") and not P.iban_ok("GB82WEST12345698765433")
    assert not P.iban_ok("GB82WEST1234569876543")  # wrong length for GB
    assert P.uk_phone_kind("7700900123") == "mobile"
    assert P.uk_phone_kind("4123456789") is None and P.uk_phone_kind("20794600") is None


@given(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9))
@settings(max_examples=60, deadline=None)
def test_every_valid_nhs_number_is_found(digits: list[str]) -> None:
    base = "".join(digits)
    total = sum(int(d) * w for d, w in zip(base, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    text = f"NHS number {base[:3]} {base[3:6]} {base[6:]}{check % 10}"
    labels = [f.label for f in PD.analyse(text)]
    if check == 10 or len(set(base + str(check))) == 1:
        assert "nhs_number" not in labels
    else:
        assert labels == ["nhs_number"]


PATHOLOGICAL = [
    "7" * 1_000_000,
    "@" * 100_000,
    "a@" * 200_000,
    "a@" + "a." * 200_000,
    "1 " * 200_000,
    "12-" * 200_000,
    "AB12" * 100_000,
    "he is gay " * 50_000,
    "\ud800" * 1000 + " 07700 900123 \ud800",
    "0\u200b7700 900123 " * 5000,
    "Ⅷ٣٤٥٦٧٨٩٠١٢ ١٢٣٤٥٦٧٨٩٠ 𝟎𝟕𝟕𝟎𝟎𝟗𝟎𝟎𝟏𝟐𝟑 İstanbul",
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: repr(t[:12]))
def test_pathological_inputs_are_fast_and_safe(text: str) -> None:
    for detector in (PD, SC):
        started = time.perf_counter()
        findings = detector.analyse(text)
        assert time.perf_counter() - started < 3.0
        assert all(0 <= f.start < f.end <= len(text) for f in findings)


def test_long_digit_run_does_not_hide_neighbouring_data() -> None:
    text = "9" * 5000 + " call 07700 900123 " + "8" * 5000
    [finding] = PD.analyse(text)
    assert text[finding.start:finding.end] == "07700 900123"


@given(st.text(alphabet=st.sampled_from("0123456789 -+()@.aAbBsSwW1\u200b\ud800İ/,:"), max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_spans_inside_the_text(text: str) -> None:
    for detector in (PD, SC):
        for f in detector.analyse(text):
            assert 0 <= f.start < f.end <= len(text) and 0.0 <= f.score <= 1.0
